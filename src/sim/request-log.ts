/** Per-request records of a run (opt-in): each request at its outcome, named, with its latencies. */
import type { ClusterState } from "../cluster/index.js";
import type { Scenario } from "../scenario/index.js";
import { REJECT_REASONS } from "../serving/index.js";
import type { RequestOutcome, RequestRecord } from "../serving/index.js";

/** One request as `servesim run --requests` writes it; times in seconds, NaN where they do not apply. */
export interface RequestRow {
  /** When its client first sent it. */
  readonly arrival: number;
  readonly service: string;
  /** The pod that held it last (null: none did). */
  readonly pod: string | null;
  /** Its request class from the traffic (−1: none). */
  readonly requestClass: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** From arrival to the start of its service (activator hold, retries and the pod's queue included). */
  readonly queueingDelay: number;
  /** Time to first token (LLM requests). */
  readonly ttft: number;
  /** Time per output token after the first (LLM requests with more than one output token). */
  readonly tpot: number;
  /** From arrival to its outcome. */
  readonly endToEnd: number;
  readonly outcome: RequestOutcome;
  /** Why it was rejected (queueFull, noEndpoint, tooLong), else null. */
  readonly reason: string | null;
}

/** Turns the serving plane's records into rows, naming services and pods (pods are read from the cluster when a request ends). */
export function requestRows(scenario: Scenario, cluster: () => ClusterState, sink: (row: RequestRow) => void): (r: RequestRecord) => void {
  return (r) => {
    const end = r.end - r.origin;
    sink({
      arrival: r.origin,
      service: scenario.services[r.service]!.name,
      pod: r.pod >= 0 ? (cluster().pod.name[r.pod] ?? null) : null,
      requestClass: r.requestClass,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      queueingDelay: r.start - r.origin,
      ttft: r.firstToken - r.origin,
      tpot: r.outcome === "completed" && r.outputTokens > 1 ? (r.end - r.firstToken) / (r.outputTokens - 1) : NaN,
      endToEnd: end,
      outcome: r.outcome,
      reason: r.reason >= 0 ? (REJECT_REASONS[r.reason] ?? null) : null,
    });
  };
}
