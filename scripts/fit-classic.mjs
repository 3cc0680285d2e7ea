#!/usr/bin/env node
// Fits the classic performance model's constants (src/serving/perf/classic-calibration.ts) to the
// classic references `servesim calibrate` compares: the published measurements of
// reference/data/classic-references.json it selects, and the classic entries of
// reference/data/references.json. Nelder–Mead on log parameters, minimising the mean squared log
// ratio plus twice the largest one squared (so that no entry is left far out). Prints the constants
// to paste. Run `npm run build:node` first: it reads dist/.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { calibrate, measurementsFileSchema, measurementsToReferences, referencesFileSchema } = await import(join(root, "dist/src/sim/index.js"));
const { DEFAULT_CLASSIC_CALIBRATION } = await import(join(root, "dist/src/serving/index.js"));

const read = (name) => JSON.parse(readFileSync(join(root, "reference", "data", name), "utf8"));
const references = [
  ...measurementsToReferences(measurementsFileSchema.parse(read("classic-references.json")).references).references,
  ...referencesFileSchema.parse(read("references.json")).references.filter((r) => r.kind.startsWith("classic")),
];

/** The free constants: [path, lower, upper]; the others keep their current values. */
const FREE = [
  ...["resnet-50", "bert-large-128", "bert-large"].flatMap((m) => [
    [`models.${m}.efficiency`, 0.05, 0.85],
    [`models.${m}.memoryBytesPerItem`, 1e5, 2e9],
    [`models.${m}.fillItems`, 1, 64],
    [`models.${m}.fixedSeconds`, 1e-6, 5e-3],
  ]),
  ...["ssd-resnet34", "retinanet"].flatMap((m) => [
    [`models.${m}.efficiency`, 0.05, 0.85],
    [`models.${m}.fixedSeconds`, 1e-6, 5e-3],
  ]),
  ["models.sdxl.efficiency", 0.05, 0.85],
  ["models.whisper-large-v3.efficiency", 0.02, 0.85],
  ["sustainedPeakShare.t4", 0.3, 1],
  ["sustainedPeakShare.l4", 0.3, 1],
  ["sustainedPeakShare.h100-pcie", 0.3, 1],
  ["triton.requestOverhead", 1e-5, 1e-2],
  ["triton.inputBandwidth", 1e8, 1e11],
];

const clone = (x) => JSON.parse(JSON.stringify(x));
function set(o, path, v) {
  const [head, ...rest] = path.startsWith("models.") ? ["models", path.slice(7, path.lastIndexOf(".")), path.slice(path.lastIndexOf(".") + 1)] : path.split(".");
  let x = o[head];
  for (let i = 0; i < rest.length - 1; i++) x = x[rest[i]];
  x[rest.at(-1)] = v;
}
const valueAt = (cal, path) => {
  const [head, ...rest] = path.startsWith("models.") ? ["models", path.slice(7, path.lastIndexOf(".")), path.slice(path.lastIndexOf(".") + 1)] : path.split(".");
  return rest.reduce((a, k) => a[k], cal[head]);
};

const start = clone(DEFAULT_CLASSIC_CALIBRATION);
for (const m of ["ssd-resnet34", "retinanet", "sdxl", "whisper-large-v3"]) Object.assign(start.models[m], { memoryBytesPerItem: 0, fillItems: 1 });
for (const m of ["sdxl", "whisper-large-v3"]) start.models[m].fixedSeconds = 0;

const toCal = (x) => {
  const cal = clone(start);
  FREE.forEach(([path, lo, hi], i) => set(cal, path, Math.min(hi, Math.max(lo, Math.exp(x[i])))));
  return cal;
};
const MAX_WEIGHT = Number(process.env.MAX_WEIGHT ?? 2);
const loss = (x) => {
  const rows = calibrate(references, { classicCalibration: toCal(x) });
  let sum = 0;
  let max = 0;
  for (const r of rows) {
    const e = Math.log(r.ratio) ** 2;
    sum += e;
    max = Math.max(max, e);
  }
  return sum / rows.length + MAX_WEIGHT * max;
};

function nelderMead(f, x0, { iterations = 20000, step = 0.3 } = {}) {
  const n = x0.length;
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, f: f(x) }));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0];
    const worst = simplex[n];
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const along = (t) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const r = { x: along(-1) };
    r.f = f(r.x);
    if (r.f < best.f) {
      const e = { x: along(-2) };
      e.f = f(e.x);
      simplex[n] = e.f < r.f ? e : r;
    } else if (r.f < simplex[n - 1].f) simplex[n] = r;
    else {
      const c = { x: along(0.5) };
      c.f = f(c.x);
      if (c.f < worst.f) simplex[n] = c;
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])), f: NaN })).map((p) => (Number.isNaN(p.f) ? { x: p.x, f: f(p.x) } : p));
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return simplex[0];
}

let x = FREE.map(([path]) => Math.log(Math.max(valueAt(start, path), 1e-9)));
let best = { x, f: loss(x) };
for (let round = 0; round < 6; round++) {
  const next = nelderMead(loss, best.x, { iterations: 6000, step: round === 0 ? 0.3 : 0.1 });
  process.stderr.write(`round ${round}: loss ${next.f.toFixed(5)}\n`);
  if (next.f >= best.f - 1e-7) break;
  best = next;
}
const cal = toCal(best.x);
const rows = calibrate(references, { classicCalibration: cal });
const errors = rows.map((r) => Math.abs(r.ratio - 1)).sort((a, b) => a - b);
process.stdout.write(`${rows.length} references: median ${(errors[errors.length >> 1] * 100).toFixed(1)}%, max ${(errors.at(-1) * 100).toFixed(1)}%\n`);
const round4 = (v) => Number(v.toPrecision(4));
process.stdout.write(`${JSON.stringify(cal, (_, v) => (typeof v === "number" ? round4(v) : v), 2)}\n`);
for (const r of [...rows].sort((a, b) => Math.abs(b.ratio - 1) - Math.abs(a.ratio - 1)).slice(0, 8)) process.stderr.write(`  ${((r.ratio - 1) * 100).toFixed(1).padStart(6)}% ${r.id}\n`);
