/** random: kube-proxy in iptables mode (statistic mode random with probabilities 1/n, 1/(n−1), …, which composes to a uniform choice; pkg/proxy/iptables/proxier.go). */
import * as z from "zod";
import type { RoutingPolicyModule } from "../policy.js";

const args = z.strictObject({});

export const random = {
  name: "random",
  args,
  create: (_args, { stream }) => ({ pick: (pods) => pods[Math.floor(stream.float() * pods.length)]! }),
} satisfies RoutingPolicyModule<typeof args>;
