/**
 * prefix-aware: an inference gateway. Among pods whose load is within `loadSlack` of the least
 * loaded, the one caching the longest prefix of the request's hash ids, then the less loaded, then
 * at random.
 */
import * as z from "zod";
import type { RoutingPolicyModule } from "../policy.js";

const args = z.strictObject({
  /** How many more requests in flight than the least loaded pod a pod may hold and still win on its cache. */
  loadSlack: z.number().int().min(0).max(1_000_000).default(4),
});

export const prefixAware = {
  name: "prefix-aware",
  args,
  create: ({ loadSlack }, { view, stream }) => ({
    pick(pods, hashIds) {
      let min = Infinity;
      for (const p of pods) min = Math.min(min, view.load(p));
      const limit = min + loadSlack;
      // Among pods within the slack: the longest cached prefix, then the least load, then a uniform
      // draw among ties (one draw per tie, as argBest). Each pod's match is looked up once.
      let best = -1;
      let bestMatch = 0;
      let bestLoad = 0;
      let ties = 0;
      for (const p of pods) {
        const load = view.load(p);
        if (load > limit) continue;
        const match = hashIds === null ? 0 : view.prefixMatch(p, hashIds);
        const c = best < 0 ? -1 : bestMatch - match || load - bestLoad;
        if (c < 0) {
          best = p;
          bestMatch = match;
          bestLoad = load;
          ties = 1;
        } else if (c === 0 && stream.float() * ++ties < 1) best = p;
      }
      return best;
    },
  }),
} satisfies RoutingPolicyModule<typeof args>;
