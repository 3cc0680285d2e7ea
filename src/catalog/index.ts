export { findGpu, findModel, gpuIds, modelIds } from "./catalog.js";
export type { ClassicModel, Gpu, LlmModel, Model } from "./catalog.js";
export type { RawClassicModel, RawGpu, RawGpuCatalog, RawLlm, RawModelCatalog, Sourced } from "./raw.js";
export { gpuData } from "./data/gpus.data.js";
export { modelData } from "./data/models.data.js";
