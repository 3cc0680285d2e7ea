/**
 * The cells of the GPU heat map as a few SVG paths: each cell's value is put in one of LEVELS
 * colour bins and every bin is one path, so hundreds of nodes × hundreds of samples stay a
 * handful of DOM nodes (and a redraw stays well inside a frame).
 */
import { interpolateViridis } from "d3-scale-chromatic";

export const LEVELS = 10;

/** Fill colour of bin `b` (0…LEVELS−1): Viridis, perceptually uniform and colour-blind safe. */
export const levelColour = (b: number): string => interpolateViridis((b + 0.5) / LEVELS);

/** Bin of a share in [0, 1]; −1 for NaN (node absent or without GPUs). */
export const levelOf = (v: number): number => (Number.isFinite(v) ? Math.min(LEVELS - 1, Math.max(0, Math.floor(v * LEVELS))) : -1);

export interface CellGeometry {
  /** x of a time (seconds). */
  readonly x: (t: number) => number;
  readonly rowTop: (row: number) => number;
  readonly rowHeight: number;
  /** Sample times; sample k covers (t[k−1], t[k]]. */
  readonly t: Float64Array;
  /** Samples [from, to) inside the window. */
  readonly from: number;
  readonly to: number;
}

/** One path `d` per colour bin over all rows (empty strings for unused bins). */
export function heatmapPaths(rows: readonly Float64Array[], g: CellGeometry): string[] {
  const parts: string[][] = Array.from({ length: LEVELS }, () => []);
  const h = g.rowHeight - 1;
  rows.forEach((values, row) => {
    const y = g.rowTop(row);
    for (let k = g.from; k < g.to; k++) {
      const b = levelOf(values[k]!);
      if (b < 0) continue;
      const x0 = g.x(k === 0 ? 0 : g.t[k - 1]!);
      const x1 = g.x(g.t[k]!);
      parts[b]!.push(`M${x0.toFixed(1)},${y.toFixed(1)}h${(x1 - x0 + 0.3).toFixed(1)}v${h.toFixed(1)}h${(x0 - x1 - 0.3).toFixed(1)}z`);
    }
  });
  return parts.map((p) => p.join(""));
}
