/** What the serving plane reports: every request's outcome, and pods that finished draining. */
import type { RejectReason } from "./contract.js";

/** A request as the traffic describes it (the traffic module's RequestAttrs). */
export interface RequestInput {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Service time given by the traffic, or NaN when the server draws it. */
  readonly serviceTime: number;
  readonly requestClass: number;
  readonly hashIds: Int32Array | null;
}

/**
 * Hears every request of the plane. Each request that arrives ends in exactly one of completed,
 * rejected, failed or timedOut (or is still in flight); `origin` is when its client first sent it,
 * before any activator hold or retry. A request is in flight from `admitted` to its outcome.
 */
export interface RequestObserver {
  /** A request arrived from its traffic source. */
  arrived(service: number, now: number): void;
  /** A request entered the system: taken by a pod, held by the activator, or sent to a pod whose machine is gone. */
  admitted(service: number, now: number): void;
  /** A request in flight left without an outcome: it is routed again at once, or its pod refused it (a rejection follows). */
  withdrawn(service: number, now: number): void;
  /** Refused: no pod was Ready (and it was not held), its pod's queue was full, or it can never fit the model. */
  rejected(service: number, now: number, reason: RejectReason, origin: number): void;
  /** Produced its first output token. */
  firstToken(service: number, origin: number, now: number): void;
  /**
   * Completed; `start` is when its service began, `firstToken` when its first token came (NaN for
   * requests that produce none), with the prompt and output tokens it carried.
   */
  completed(service: number, origin: number, start: number, firstToken: number, now: number, inputTokens: number, outputTokens: number): void;
  /** Cut (its pod was lost) and not retried. */
  failed(service: number, origin: number, now: number): void;
  /** Waited longer than its timeout (at a pod, or held by the activator). */
  timedOut(service: number, origin: number, now: number): void;
  /** A terminating pod finished its last request. */
  drained(pod: number, now: number): void;
}

/** How a request ended, as a per-request record tells it. */
export type RequestOutcome = "completed" | "rejected" | "failed" | "timedOut";

/**
 * One request at its outcome (the last try of a retried one): times in seconds of simulated time
 * (NaN where they do not apply), pod −1 when none held it, reason the rejection's (−1 otherwise).
 */
export interface RequestRecord {
  readonly service: number;
  readonly pod: number;
  /** When its client first sent it. */
  readonly origin: number;
  /** When its service began (NaN: never). */
  readonly start: number;
  /** When its first token came (NaN: none). */
  readonly firstToken: number;
  readonly end: number;
  readonly requestClass: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly outcome: RequestOutcome;
  readonly reason: number;
}
