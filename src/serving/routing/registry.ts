/** The routing policies servesim implements, by the name a service's `routing.policy` gives. */
import { leastRequest } from "./policies/least-request.js";
import { powerOfTwo } from "./policies/power-of-two.js";
import { prefixAware } from "./policies/prefix-aware.js";
import { random } from "./policies/random.js";
import { roundRobin } from "./policies/round-robin.js";
import type { RoutingPolicyModule } from "./policy.js";

/** Routing policies by name; a method's parameter is bivariant, so each policy keeps its own argument type. */
export type RoutingRegistry = Readonly<Record<string, RoutingPolicyModule>>;

export const routingPolicies = {
  random,
  "round-robin": roundRobin,
  "least-request": leastRequest,
  "power-of-two": powerOfTwo,
  "prefix-aware": prefixAware,
} satisfies RoutingRegistry;

/** The policy of a Service that names none: kube-proxy's. */
export const DEFAULT_ROUTING_POLICY = "random";

/** The built-in policy names, in registry order. */
export const ROUTING_POLICIES = Object.keys(routingPolicies) as (keyof typeof routingPolicies)[];
export type RoutingPolicyName = keyof typeof routingPolicies;

/** Checks that every entry is filed under its own name. */
export function checkRoutingRegistry(r: RoutingRegistry): void {
  for (const [key, m] of Object.entries(r)) if (key !== m.name) throw new Error(`routing registry entry "${key}" holds policy "${m.name}"`);
}
