export { findGpu, findModel, gpuIds, modelIds } from "./catalog.js";
export type { ClassicModel, Gpu, LlmModel, Model } from "./catalog.js";
export type { RawClassicModel, RawClassicSupplement, RawClassicSupplementModel, RawGpu, RawGpuCatalog, RawGpuCompute, RawGpuSupplement, RawLlm, RawModelCatalog, Sourced } from "./raw.js";
export { gpuData } from "./data/gpus.data.js";
export { modelData } from "./data/models.data.js";
export { classicModelData } from "./data/classic-models.data.js";
export { gpuSupplement } from "./data/gpu-supplement.data.js";
