/**
 * The app shell's handle on simulations: a ReactiveController that owns the worker client,
 * runs one scenario at a time (a new run aborts the previous one) and exposes the run state.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { Progress, Results, RunRequest, ScenarioIssue } from "../../../workers/protocol.js";
import { createSimClient } from "../sim-client.js";
import type { SimClient } from "../sim-client.js";

export const RunStatus = { Idle: "idle", Running: "running", Done: "done", Error: "error" } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export type RunState =
  | { readonly status: typeof RunStatus.Idle }
  | { readonly status: typeof RunStatus.Running; readonly progress: Progress | null }
  | { readonly status: typeof RunStatus.Done; readonly results: Results; readonly digest: string }
  /** Bad input comes as issues; anything else (a broken invariant, a dead worker) as a message. */
  | { readonly status: typeof RunStatus.Error; readonly issues: readonly ScenarioIssue[]; readonly message: string | null };

export class SimController implements ReactiveController {
  state: RunState = { status: RunStatus.Idle };
  readonly #host: ReactiveControllerHost;
  #client: SimClient | undefined;
  #abort: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#client?.dispose();
    this.#client = undefined;
  }

  async run(request: RunRequest): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#client ??= createSimClient();
    this.#set({ status: RunStatus.Running, progress: null });
    const onProgress = (progress: Progress) => {
      if (!abort.signal.aborted) this.#set({ status: RunStatus.Running, progress });
    };
    try {
      const reply = await this.#client.run(request, { signal: abort.signal, onProgress });
      if (abort.signal.aborted) return;
      this.#set(reply.ok ? { status: RunStatus.Done, results: reply.results, digest: reply.digest } : { status: RunStatus.Error, issues: reply.issues, message: null });
    } catch (e) {
      if (abort.signal.aborted) return;
      this.#set({ status: RunStatus.Error, issues: [], message: e instanceof Error ? e.message : String(e) });
    }
  }

  #set(state: RunState): void {
    this.state = state;
    this.#host.requestUpdate();
  }
}
