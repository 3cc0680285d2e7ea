export { faultGap, pickDistinct } from "./arrivals.js";
export { CRASH_BACKOFF, crashBackoff } from "../cluster/index.js";
export { faultKinds, kindOf } from "./kinds.js";
export type { FaultCx, FaultKindRuntime } from "./kinds.js";
export { createFaults } from "./runtime.js";
export type { FaultsOptions } from "./runtime.js";
export type { FaultCounts, FaultKind, FaultRecord, FaultSpec, NodeHealth, NodeTarget } from "./types.js";
