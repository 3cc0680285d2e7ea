/** Display formats of the run summary: each value with its unit, in a fixed locale so the page reads the same everywhere. */
import { formatLatency, formatShare } from "../../charts/frame/units.js";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const two = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const one = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const DASH = "–";

export { formatLatency, formatShare };
export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? DASH : integer.format(n));
export const formatMoney = (usd: number): string => `$${two.format(usd)}`;
/** A price per hour: as many decimals as the catalog gives (e.g. $0.8048), at least two. */
export const formatPrice = (usd: number): string => `$${new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(usd)}`;
export const formatRate = (perSecond: number): string => `${two.format(perSecond)}/s`;
/** Node-hours with two decimals: a 10-minute run on two nodes is 0.33 node-hours, not 0. */
export const formatNodeHours = (h: number): string => `${two.format(h)} node-h`;
export const formatOne = (x: number | null): string => (x === null || !Number.isFinite(x) ? DASH : one.format(x));
export const formatPercent = (x: number | null | undefined): string => (x === null || x === undefined ? DASH : formatShare(x));
export const formatSeconds = (s: number | null): string => (s === null ? DASH : formatLatency(s));

/** Objectives whose values are durations (latency, TTFT, TPOT percentiles); every other objective is a share. */
export const isDurationObjective = (objective: string): boolean => /^(latency|ttft|tpot)\./.test(objective);

/** An SLO target or actual in the objective's unit: a duration for percentile objectives, a percentage for rates. */
export const formatObjective = (objective: string, value: number | null): string =>
  value === null ? DASH : isDurationObjective(objective) ? formatLatency(value) : formatShare(value);
