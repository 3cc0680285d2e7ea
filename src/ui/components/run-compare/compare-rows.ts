/** The rows of a side-by-side comparison of two runs' summaries: each figure for A and B, and B − A. */
import type { Results, ServiceSummary } from "../../../../workers/protocol.js";
import { formatLatency, formatMoney, formatRate, formatShare } from "../../charts/frame/units.js";

export interface CompareRow {
  readonly group: string;
  readonly label: string;
  readonly a: number | null;
  readonly b: number | null;
  readonly format: (v: number) => string;
  /** Whether a larger value is better (null: neither, e.g. counts of arrivals). */
  readonly higherIsBetter: boolean | null;
}

const count = (v: number): string => new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(v);

const SERVICE_ROWS: readonly { label: string; of: (s: ServiceSummary) => number | null; format: (v: number) => string; higherIsBetter: boolean | null }[] = [
  { label: "arrived", of: (s) => s.requests.arrived, format: count, higherIsBetter: null },
  { label: "completed", of: (s) => s.requests.completed, format: count, higherIsBetter: true },
  { label: "rejected", of: (s) => s.requests.rejected, format: count, higherIsBetter: false },
  { label: "failed + timed out", of: (s) => s.requests.failed + s.requests.timedOut, format: count, higherIsBetter: false },
  { label: "throughput", of: (s) => s.throughput, format: formatRate, higherIsBetter: true },
  { label: "latency p50", of: (s) => s.latency.p50, format: formatLatency, higherIsBetter: false },
  { label: "latency p99", of: (s) => s.latency.p99, format: formatLatency, higherIsBetter: false },
  { label: "latency p99.9", of: (s) => s.latency.p999, format: formatLatency, higherIsBetter: false },
  { label: "TTFT p99", of: (s) => s.ttft?.p99 ?? null, format: formatLatency, higherIsBetter: false },
  { label: "TPOT p99", of: (s) => s.tpot?.p99 ?? null, format: formatLatency, higherIsBetter: false },
  { label: "busy", of: (s) => s.utilisation, format: formatShare, higherIsBetter: null },
];

export function compareRows(a: Results, b: Results): CompareRow[] {
  const rows: CompareRow[] = [];
  const names = [...new Set([...a.services.map((s) => s.name), ...b.services.map((s) => s.name)])];
  for (const name of names) {
    const sa = a.services.find((s) => s.name === name);
    const sb = b.services.find((s) => s.name === name);
    for (const row of SERVICE_ROWS) {
      const va = sa ? row.of(sa) : null;
      const vb = sb ? row.of(sb) : null;
      if (va === null && vb === null) continue;
      rows.push({ group: name, label: row.label, a: va, b: vb, format: row.format, higherIsBetter: row.higherIsBetter });
    }
  }
  const peak = (r: Results) => r.autoscaling.pools.reduce((n, p) => n + p.peakNodes, 0);
  const passed = (r: Results) => r.slo.verdicts.filter((v) => v.status === "pass").length;
  rows.push(
    { group: "run", label: "cost", a: a.cost.total, b: b.cost.total, format: formatMoney, higherIsBetter: false },
    { group: "run", label: "cost per hour at the end", a: a.cost.perHour, b: b.cost.perHour, format: formatMoney, higherIsBetter: false },
    { group: "run", label: "peak nodes", a: peak(a), b: peak(b), format: count, higherIsBetter: null },
    { group: "run", label: "SLO objectives met", a: passed(a), b: passed(b), format: count, higherIsBetter: true },
    { group: "run", label: "events simulated", a: a.events, b: b.events, format: count, higherIsBetter: null },
  );
  return rows;
}

/** "+12.5 %" of B against A (null when A is 0 or either is missing). */
export function relativeChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null || a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  return (b - a) / Math.abs(a);
}
