/** PromQL fragments the dashboard is built from. */
const escape = (v: string): string => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

export const PROMQL = {
  /** `{k="v",…}` in the given order. */
  selector: (labels: Readonly<Record<string, string>>): string => `{${Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`).join(",")}}`,
  /** The q-quantile of a histogram summed over its series, over Grafana's rate interval. */
  histogramQuantile: (q: number, histogram: string, labels: Readonly<Record<string, string>>): string =>
    `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket${PROMQL.selector(labels)}[$__rate_interval])))`,
  /** rate(a) / rate(b), each summed. */
  ratio: (a: string, b: string): string => `sum(rate(${a}[$__rate_interval])) / sum(rate(${b}[$__rate_interval]))`,
};
