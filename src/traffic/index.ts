export { createRequestAttrs } from "./attrs.js";
export type { RequestAttrs } from "./attrs.js";
export { createPoisson } from "./poisson.js";
export type { PoissonSpec } from "./poisson.js";
export type { ArrivalSource } from "./source.js";
