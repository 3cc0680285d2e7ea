/**
 * Time of one batch of a classic model (a CNN such as ResNet-50) from its FLOPs per item: the
 * GPU's tensor peak for the serving precision times the calibrated efficiency, plus a fixed
 * launch overhead per batch.
 */
import type { ClassicModel, Gpu } from "../../catalog/index.js";
import { CLASSIC_BATCH_OVERHEAD, CLASSIC_COMPUTE_EFFICIENCY } from "./calibration.js";
import { peakFlops } from "./dtype.js";
import type { Dtype } from "./dtype.js";

export interface ClassicPerfModel {
  readonly mode: "roofline";
  /** Seconds to run a batch of `items` items. */
  batchTime(items: number): number;
}

export function createClassicPerfModel(model: ClassicModel, gpu: Gpu, precision: Dtype, efficiency = CLASSIC_COMPUTE_EFFICIENCY): ClassicPerfModel {
  const perItem = model.flopsPerItem / (peakFlops(gpu, precision) * efficiency);
  return { mode: "roofline", batchTime: (items) => CLASSIC_BATCH_OVERHEAD + items * perItem };
}
