/** power-of-two: two distinct pods drawn at random, the less loaded one (Envoy's LEAST_REQUEST). */
import * as z from "zod";
import type { RoutingPolicyModule } from "../policy.js";

const args = z.strictObject({});

export const powerOfTwo = {
  name: "power-of-two",
  args,
  create: (_args, { view, stream }) => ({
    pick(pods) {
      const n = pods.length;
      const i = Math.floor(stream.float() * n);
      let j = Math.floor(stream.float() * (n - 1));
      if (j >= i) j++;
      return view.load(pods[j]!) < view.load(pods[i]!) ? pods[j]! : pods[i]!;
    },
  }),
} satisfies RoutingPolicyModule<typeof args>;
