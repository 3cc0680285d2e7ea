export { createRouter } from "./router.js";
export type { Router } from "./router.js";
export type { PolicyArgs, RoutingHandle, RoutingPolicy, RoutingPolicyModule, RoutingSpec, RoutingView } from "./policy.js";
export { checkRoutingRegistry, DEFAULT_ROUTING_POLICY, ROUTING_POLICIES, routingPolicies } from "./registry.js";
export type { RoutingPolicyName, RoutingRegistry } from "./registry.js";
export { argBest } from "./policies/least-request.js";
