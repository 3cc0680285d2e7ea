export { createPoisson } from "./poisson.js";
export type { ArrivalProcess, PoissonSpec } from "./poisson.js";
