/** round-robin: kube-proxy in IPVS mode with the default `rr` scheduler. */
import * as z from "zod";
import type { RoutingPolicyModule } from "../policy.js";

const args = z.strictObject({});

export const roundRobin = {
  name: "round-robin",
  args,
  create() {
    let cursor = 0;
    return {
      pick(pods) {
        const i = cursor % pods.length;
        cursor = i + 1;
        return pods[i]!;
      },
      removed(index) {
        // Carries on with the pod that followed the removed one.
        if (cursor > index) cursor -= 1;
      },
    };
  },
} satisfies RoutingPolicyModule<typeof args>;
