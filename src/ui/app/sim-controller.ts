/**
 * The app shell's handle on simulations: a ReactiveController that owns the worker client, runs
 * one scenario at a time (a new run, or Cancel, aborts the current one: the worker is
 * terminated) and exposes the run state with progress and an estimate of the time left.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Progress, Results, RunRequest, ScenarioIssue } from "../../../workers/protocol.js";
import { createSimClient } from "../sim-client.js";
import type { SimClient } from "../sim-client.js";

export const RunStatus = { Idle: "idle", Running: "running", Done: "done", Error: "error", Cancelled: "cancelled" } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** Progress with wall-clock figures: seconds since the run started and the estimated seconds left (null until known). */
export interface LiveProgress extends Progress {
  readonly elapsed: number;
  readonly eta: number | null;
}

export type RunState =
  | { readonly status: typeof RunStatus.Idle }
  | { readonly status: typeof RunStatus.Running; readonly request: RunRequest; readonly progress: LiveProgress | null }
  | { readonly status: typeof RunStatus.Done; readonly request: RunRequest; readonly results: Results; readonly digest: string; readonly wallSeconds: number }
  /** Bad input comes as issues; anything else (a broken invariant, a dead worker) as a message. */
  | { readonly status: typeof RunStatus.Error; readonly request: RunRequest; readonly issues: readonly ScenarioIssue[]; readonly message: string | null }
  | { readonly status: typeof RunStatus.Cancelled; readonly request: RunRequest };

/** Called once per finished run, before the host renders it. */
export type OnDone = (state: Extract<RunState, { status: "done" }>) => void;

export class SimController implements ReactiveController {
  state: RunState = { status: RunStatus.Idle };
  readonly #host: ReactiveControllerHost;
  readonly #onDone: OnDone;
  #client: SimClient | undefined;
  #abort: AbortController | undefined;

  constructor(host: ReactiveControllerHost, onDone: OnDone) {
    this.#host = host;
    this.#onDone = onDone;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#client?.dispose();
    this.#client = undefined;
  }

  /** Stops the current run (its worker is terminated); the last results stay on the page. */
  cancel(): void {
    if (this.state.status !== RunStatus.Running) return;
    const request = this.state.request;
    this.#abort?.abort();
    this.#set({ status: RunStatus.Cancelled, request });
  }

  async run(request: RunRequest): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#client ??= createSimClient();
    const started = performance.now();
    this.#set({ status: RunStatus.Running, request, progress: null });
    const onProgress = (p: Progress) => {
      if (abort.signal.aborted) return;
      const elapsed = (performance.now() - started) / 1000;
      const done = p.endTime > 0 ? p.simulatedTime / p.endTime : 0;
      // Simulated time advances unevenly (a flash crowd is slower to simulate), so the estimate is rough by nature.
      const eta = done > 0.02 && elapsed > 0.5 ? (elapsed * (1 - done)) / done : null;
      this.#set({ status: RunStatus.Running, request, progress: { ...p, elapsed, eta } });
    };
    try {
      const reply = await this.#client.run(request, { signal: abort.signal, onProgress });
      if (abort.signal.aborted) return;
      if (reply.ok) {
        const done = { status: RunStatus.Done, request, results: reply.results, digest: reply.digest, wallSeconds: (performance.now() - started) / 1000 } as const;
        this.#onDone(done);
        this.#set(done);
      } else this.#set({ status: RunStatus.Error, request, issues: reply.issues, message: null });
    } catch (e) {
      if (abort.signal.aborted) return;
      this.#set({ status: RunStatus.Error, request, issues: [], message: e instanceof Error ? e.message : String(e) });
    }
  }

  #set(state: RunState): void {
    this.state = state;
    this.#host.requestUpdate();
  }
}
