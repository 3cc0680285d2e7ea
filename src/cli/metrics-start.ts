/** When simulated time 0 is in the monitoring series: apart from the export itself, so that parsing the option loads nothing heavy. */
import { UserError } from "./io.js";

/** Simulated time 0 is written at this instant unless --metrics-start says otherwise: a fixed date keeps the file deterministic and in the past, as backfilling needs. */
export const DEFAULT_METRICS_START = "2025-01-01T00:00:00Z";

/** Unix seconds of an ISO 8601 date-time with a zone (`2025-01-01T00:00:00Z`) or of a number of Unix seconds. */
export function parseMetricsStart(text: string): number {
  if (/^\d{1,11}$/.test(text)) return Number(text);
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const ms = ok ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UserError(`--metrics-start: expected an ISO 8601 date-time with a zone (e.g. ${DEFAULT_METRICS_START}) or Unix seconds, got "${text}"`);
  return ms / 1000;
}
