/**
 * Text exposition of sampled metric families with timestamps: OpenMetrics 1.0 (what
 * `promtool tsdb create-blocks-from openmetrics` backfills) and the Prometheus text format 0.0.4
 * (what `promtool check metrics` lints). Pure: families in, text out.
 */
import type { BucketSeriesData } from "./bucket-series.js";

/** Label pairs in the order they are written. */
export type Labels = readonly (readonly [name: string, value: string])[];

/** Times are seconds of simulated time; rows of `v` align with `t`. */
export interface PointSeries {
  readonly labels: Labels;
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

export interface HistogramPoints {
  readonly labels: Labels;
  readonly t: ArrayLike<number>;
  readonly data: BucketSeriesData;
}

export interface SummaryPoints {
  readonly labels: Labels;
  readonly t: ArrayLike<number>;
  readonly quantiles: readonly number[];
  /** One column per quantile. */
  readonly values: readonly ArrayLike<number>[];
  readonly count: ArrayLike<number>;
  readonly sum: ArrayLike<number>;
}

/**
 * A metric family under the name its exporter exposes. A counter's `name` is its sample name:
 * with a `_total` suffix it is an OpenMetrics counter; without one (Triton's counters) it is
 * written with type `unknown` in OpenMetrics, which requires the suffix, so that the name stays.
 */
export type MetricFamily =
  | { readonly name: string; readonly help: string; readonly type: "gauge" | "counter"; readonly series: readonly PointSeries[] }
  | { readonly name: string; readonly help: string; readonly type: "histogram"; readonly series: readonly HistogramPoints[] }
  | { readonly name: string; readonly help: string; readonly type: "summary"; readonly series: readonly SummaryPoints[] };

export type ExpositionFormat = "openmetrics" | "prometheus";

export interface ExpositionOptions {
  readonly format: ExpositionFormat;
  /** Unix time (seconds) of simulated time 0. */
  readonly epoch: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A sample value as both formats spell it. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

const escapeLabel = (v: string): string => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function labelText(labels: Labels, extra?: readonly [string, string]): string {
  const all = extra ? [...labels, extra] : labels;
  if (all.length === 0) return "";
  return `{${all.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

function checkLabels(family: string, labels: Labels, reserved: readonly string[]): void {
  const seen = new Set<string>();
  for (const [k] of labels) {
    if (!LABEL_NAME.test(k) || k.startsWith("__")) throw new Error(`metric ${family}: invalid label name "${k}"`);
    if (reserved.includes(k)) throw new Error(`metric ${family}: label "${k}" is reserved for its type`);
    if (seen.has(k)) throw new Error(`metric ${family}: label "${k}" given twice`);
    seen.add(k);
  }
}

/** Writes the families in order; throws on an invalid name, a repeated family or label set, or times that do not increase. */
export function formatExposition(families: readonly MetricFamily[], options: ExpositionOptions): string {
  const om = options.format === "openmetrics";
  const stamp = (t: number): string => {
    const ms = Math.round((options.epoch + t) * 1000);
    if (!om) return String(ms);
    const s = Math.floor(ms / 1000);
    return `${s}.${String(ms - s * 1000).padStart(3, "0")}`;
  };
  const out: string[] = [];
  const names = new Set<string>();
  for (const f of families) {
    if (!METRIC_NAME.test(f.name)) throw new Error(`invalid metric name "${f.name}"`);
    const counterTotal = f.type === "counter" && f.name.endsWith("_total");
    const familyName = om && counterTotal ? f.name.slice(0, -"_total".length) : f.name;
    if (names.has(familyName)) throw new Error(`metric family ${familyName} written twice`);
    names.add(familyName);
    const type = om && f.type === "counter" && !counterTotal ? "unknown" : f.type;
    out.push(`# HELP ${familyName} ${escapeHelp(f.help)}`, `# TYPE ${familyName} ${type}`);
    const sets = new Set<string>();
    for (const s of f.series) {
      checkLabels(f.name, s.labels, f.type === "histogram" ? ["le"] : f.type === "summary" ? ["quantile"] : []);
      const key = labelText(s.labels);
      if (sets.has(key)) throw new Error(`metric ${f.name}: series ${key || "{}"} written twice`);
      sets.add(key);
      let last = -Infinity;
      for (let r = 0; r < s.t.length; r++) {
        const t = s.t[r]!;
        if (!(t > last)) throw new Error(`metric ${f.name}${key}: sample times must increase (${t} after ${last})`);
        last = t;
        const ts = stamp(t);
        if (f.type === "histogram") {
          const h = s as HistogramPoints;
          const width = h.data.bounds.length + 1;
          for (let i = 0; i < width; i++) {
            const le = i < h.data.bounds.length ? formatValue(h.data.bounds[i]!) : "+Inf";
            out.push(`${f.name}_bucket${labelText(s.labels, ["le", le])} ${formatValue(h.data.buckets[r * width + i]!)} ${ts}`);
          }
          out.push(`${f.name}_count${key} ${formatValue(h.data.count[r]!)} ${ts}`, `${f.name}_sum${key} ${formatValue(h.data.sum[r]!)} ${ts}`);
        } else if (f.type === "summary") {
          const q = s as SummaryPoints;
          q.quantiles.forEach((quantile, i) => out.push(`${f.name}${labelText(s.labels, ["quantile", formatValue(quantile)])} ${formatValue(q.values[i]![r]!)} ${ts}`));
          out.push(`${f.name}_count${key} ${formatValue(q.count[r]!)} ${ts}`, `${f.name}_sum${key} ${formatValue(q.sum[r]!)} ${ts}`);
        } else {
          out.push(`${f.name}${key} ${formatValue((s as PointSeries).v[r]!)} ${ts}`);
        }
      }
    }
  }
  if (om) out.push("# EOF");
  return `${out.join("\n")}\n`;
}
