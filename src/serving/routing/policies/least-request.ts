/** least-request: the pod with the fewest requests in flight, ties drawn at random. */
import * as z from "zod";
import type { Stream } from "../../../engine/index.js";
import type { RoutingPolicyModule } from "../policy.js";

/** Uniform choice among the pods no other beats by `compare` (one draw per tie, in list order). */
export function argBest(pods: readonly number[], stream: Stream, compare: (a: number, b: number) => number): number {
  let best = pods[0]!;
  let ties = 1;
  for (let i = 1; i < pods.length; i++) {
    const c = compare(pods[i]!, best);
    if (c < 0) {
      best = pods[i]!;
      ties = 1;
    } else if (c === 0 && stream.float() * ++ties < 1) best = pods[i]!;
  }
  return best;
}

const args = z.strictObject({});

export const leastRequest = {
  name: "least-request",
  args,
  create(_args, { view, stream }) {
    const compare = (a: number, b: number) => view.load(a) - view.load(b);
    return { pick: (pods) => argBest(pods, stream, compare) };
  },
} satisfies RoutingPolicyModule<typeof args>;
