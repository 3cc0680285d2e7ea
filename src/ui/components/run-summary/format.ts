/** Display formats of the run summary (fixed locale, so the page reads the same everywhere). */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });

const DASH = "–";

export const formatCount = (n: number): string => integer.format(n);
export const formatMs = (seconds: number | null): string => (seconds === null ? DASH : `${decimal.format(seconds * 1000)} ms`);
export const formatShare = (share: number | null): string => (share === null ? DASH : `${decimal.format(share * 100)} %`);
export const formatMoney = (usd: number): string => money.format(usd);
export const formatRate = (perSecond: number): string => `${decimal.format(perSecond)}/s`;

/** An SLO value: rates (rejectRate, errorRate) as a share, percentile objectives (latency, TTFT, TPOT) in milliseconds. */
export const formatObjective = (objective: string, value: number | null): string => (objective.endsWith("Rate") ? formatShare(value) : formatMs(value));
