/**
 * The one definition of the request-loss rates every report uses (results JSON, CLI table,
 * browser summary, SLO verdicts): each outcome's share of the requests that arrived after warm-up.
 * A request is counted once, by its final outcome: a cut try that is retried is not a failure.
 */

/** Outcomes of the requests that arrived after warm-up (a request still in flight has none yet). */
export interface OutcomeCounts {
  readonly arrived: number;
  /** Refused: its pod's queue was full, no pod was Ready (and the activator did not hold it), or it can never fit the model. */
  readonly rejected: number;
  /** Admitted, then cut (its pod was lost or its grace period ended) and not retried. */
  readonly failed: number;
  /** Admitted (or held), then left after waiting longer than its timeout. */
  readonly timedOut: number;
}

/** Shares of `arrived`, each in [0, 1]; null when nothing arrived. */
export interface RequestRates {
  readonly rejectRate: number | null;
  readonly failRate: number | null;
  readonly timeoutRate: number | null;
  /** Rejected, failed or timed out: every request that did not complete and never will. */
  readonly errorRate: number | null;
}

/** The rates of these counts. Throws a RangeError when the outcomes are negative or outnumber the arrivals. */
export function requestRates(c: OutcomeCounts): RequestRates {
  const lost = c.rejected + c.failed + c.timedOut;
  if (!(c.arrived >= 0 && c.rejected >= 0 && c.failed >= 0 && c.timedOut >= 0 && lost <= c.arrived)) {
    throw new RangeError(
      `invalid request counts: ${c.rejected} rejected, ${c.failed} failed and ${c.timedOut} timed out of ${c.arrived} arrived (expected each ≥ 0 and their sum ≤ arrived)`,
    );
  }
  if (c.arrived === 0) return { rejectRate: null, failRate: null, timeoutRate: null, errorRate: null };
  return { rejectRate: c.rejected / c.arrived, failRate: c.failed / c.arrived, timeoutRate: c.timedOut / c.arrived, errorRate: lost / c.arrived };
}
