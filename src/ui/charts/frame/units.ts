/**
 * How charts print values and simulated times: each formatter names its unit, so axes and
 * tooltips read "250 ms", "1.2k/s", "45 %", "$3.20", "1h30m". A fixed locale keeps pages alike.
 */
import { format } from "d3-format";

export type Formatter = (value: number) => string;

const si = format(".3~s");
const fixed2 = format(",.2f");

/** Three significant digits without trailing zeros. */
const sig = (x: number): string => String(Number(x.toPrecision(3)));

/** A latency or duration in seconds: "850 µs", "12.3 ms", "1.24 s", "2m30s". */
export const formatLatency: Formatter = (s) => {
  if (!Number.isFinite(s)) return "–";
  if (s === 0) return "0 s";
  if (s < 1e-3) return `${sig(s * 1e6)} µs`;
  if (s < 1) return `${sig(s * 1e3)} ms`;
  if (s < 100) return `${sig(s)} s`;
  return formatClock(s);
};

/** A simulated time or duration of seconds or more, compact: "0", "45s", "5m", "1h30m", "2d4h". */
export const formatClock: Formatter = (t) => {
  if (!Number.isFinite(t)) return "–";
  const neg = t < 0 ? "-" : "";
  let s = Math.round(Math.abs(t));
  if (s === 0) return "0";
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].filter((p) => p !== "");
  return neg + (d > 0 ? parts.slice(0, 2) : h > 0 ? parts.slice(0, 2) : parts).join("");
};

/** Requests (or tokens) per second. */
export const formatRate: Formatter = (r) => (Number.isFinite(r) ? `${r !== 0 && Math.abs(r) < 1 ? sig(r) : si(r)}/s` : "–");
/** A plain count (replicas, nodes, requests). */
export const formatCount: Formatter = (n) => (Number.isFinite(n) ? (Math.abs(n) >= 10_000 ? si(n) : String(Math.round(n * 100) / 100)) : "–");
/** A share in [0, 1] as a percentage. */
export const formatShare: Formatter = (x) => (Number.isFinite(x) ? `${sig(x * 100)} %` : "–");
/** US dollars. */
export const formatMoney: Formatter = (x) => (Number.isFinite(x) ? `$${fixed2(x)}` : "–");
