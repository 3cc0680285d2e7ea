import { describe, expect, test } from "vitest";
import { heatmapPaths, LEVELS, levelOf } from "./heatmap-cells.js";

describe("heat map cells", () => {
  test("levelOf puts a share into one of LEVELS bins, NaN into none", () => {
    expect([0, 0.05, 0.1, 0.55, 0.999, 1, 1.2, -0.1].map(levelOf)).toEqual([0, 0, 1, 5, 9, 9, 9, 0]);
    expect(levelOf(Number.NaN)).toBe(-1);
    expect(LEVELS).toBe(10);
  });

  test("heatmapPaths draws one rectangle per defined cell, grouped into one path per bin", () => {
    const t = new Float64Array([10, 20, 30]);
    const rows = [new Float64Array([0.05, 0.95, Number.NaN]), new Float64Array([0.05, 0.5, 0.5])];
    const paths = heatmapPaths(rows, { x: (s) => s * 2, rowTop: (r) => r * 10, rowHeight: 10, t, from: 0, to: 3 });
    expect(paths).toHaveLength(LEVELS);
    const cells = (d: string) => (d.match(/M/g) ?? []).length;
    expect(paths.map(cells)).toEqual([2, 0, 0, 0, 0, 2, 0, 0, 0, 1]);
    // The first cell of a row starts at time 0; the next at the previous sample.
    expect(paths[0]).toMatch(/^M0\.0,0\.0h20\.3/);
  });
});
