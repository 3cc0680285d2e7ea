/**
 * A pool of planner workers behind the planner's Evaluator: trials queue in submission order and
 * go to the first worker with room; each worker holds up to `depth` trials (it runs them one
 * after another), so that it starts the next one while the answer to the last travels back,
 * however late a busy machine schedules the thread that hands out trials. A worker that dies
 * (crash, exit) or stops beating for `hangMs` while it holds trials is reported and replaced:
 * the trial it was running is retried once on the new worker (a second loss marks it `error`,
 * so a plan never hangs), the ones it had not started go back to the queue. Used with
 * worker_threads in Node and Web Workers in a browser (the caller supplies `start`).
 */
import { proxy } from "comlink";
import type { Remote } from "comlink";
import { errorOutcome, trialKey } from "../src/planner/index.js";
import type { Evaluator, Screened, TrialOutcome } from "../src/planner/index.js";
import type { PlannerBeat, PlannerSetup, PlannerWorkerApi, PlannerWorkerStats } from "./planner-protocol.js";

/** One started worker, as the pool sees it. */
export interface PoolWorker {
  readonly api: Remote<PlannerWorkerApi>;
  /** Called once when the worker dies (at once if it already has). */
  onDeath(callback: (why: string) => void): void;
  terminate(): Promise<void>;
}

export type PoolEvent =
  | { readonly kind: "lost"; readonly worker: number; readonly trial: string; readonly why: string; readonly retry: boolean }
  | { readonly kind: "restarted"; readonly worker: number };

export interface PoolOptions {
  readonly size: number;
  readonly start: () => PoolWorker;
  readonly setup: PlannerSetup;
  /** A running worker silent this long is taken for hung (default 120 s). */
  readonly hangMs?: number;
  readonly onEvent?: (e: PoolEvent) => void;
  /** Trials a worker holds at once (default 2). */
  readonly depth?: number;
}

export interface PlannerPool extends Evaluator {
  /** Trials not yet finished resolve as null (cancelled); running workers are terminated. */
  cancel(): void;
  /** Wall-clock figures of each live worker. */
  stats(): Promise<PlannerWorkerStats[]>;
  close(): Promise<void>;
}

/** A trial, or a chunk of candidates to screen: what is sent, and what it resolves to if given up. */
interface Task {
  /** The trial's key (beats name it), or `screen:<first>..<last>`. */
  readonly key: string;
  readonly call: (api: Remote<PlannerWorkerApi>) => Promise<unknown>;
  /** The answer when the task is given up: an error outcome for a trial, null for a screening chunk (the caller screens it). */
  readonly failed: (why: string) => unknown;
  attempts: number;
  readonly done: (answer: unknown) => void;
}

interface Slot {
  readonly id: number;
  worker: PoolWorker;
  /** The worker has loaded the plan. */
  ready: boolean;
  /** Trials sent to the worker and not answered yet, the one it runs first. */
  inflight: Task[];
  lastBeat: number;
  /** Ends the current worker: it died, hung or could not start. */
  lose: (why: string) => void;
  /** No worker is started here again (workers kept failing). */
  dead: boolean;
}

/** Worker losses in a row (no trial answered between them), per worker of the pool, before the pool stops starting workers. */
const MAX_FAILED_STARTS = 3;

export function createPlannerPool(options: PoolOptions): PlannerPool {
  const hangMs = options.hangMs ?? 120_000;
  const depth = Math.max(1, options.depth ?? 2);
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let closed = false;
  let failedStarts = 0;

  /** The slot's current worker is gone: report and retry (or fail) its running trial, requeue the others, start a new worker. */
  const lost = (slot: Slot, worker: PoolWorker, why: string): void => {
    if (closed || slot.worker !== worker || slot.dead) return;
    const [running, ...waiting] = slot.inflight.splice(0);
    const giveUp = ++failedStarts > MAX_FAILED_STARTS * options.size;
    const retry: Task[] = [];
    if (running) {
      const again = running.attempts === 0 && !giveUp;
      options.onEvent?.({ kind: "lost", worker: slot.id, trial: running.key, why, retry: again });
      if (giveUp) running.done(running.failed(`workers keep failing: ${why}`));
      else if (again) {
        running.attempts++;
        retry.push(running);
      } else running.done(running.failed(`worker lost twice: ${why}`));
    }
    queue.unshift(...retry, ...waiting);
    void worker.terminate().catch(() => undefined);
    if (giveUp) {
      slot.dead = true;
      slot.ready = false;
    } else {
      launch(slot);
      options.onEvent?.({ kind: "restarted", worker: slot.id });
    }
    pump();
  };

  /** Starts a worker in the slot (a new slot, or a replacement). */
  const launch = (slot: Slot): void => {
    const worker = options.start();
    slot.worker = worker;
    slot.ready = false;
    // Until it is ready, the silence limit applies to loading the plan.
    slot.lastBeat = Date.now();
    slot.lose = (why) => lost(slot, worker, why);
    const onBeat = (b: PlannerBeat) => {
      if (slot.worker === worker && slot.inflight.some((t) => t.key === b.trial)) slot.lastBeat = Date.now();
    };
    worker.onDeath((why) => lost(slot, worker, why));
    worker.api.init(options.setup, proxy(onBeat)).then(
      (r) => {
        if (slot.worker !== worker) return;
        if (!r.ok) return lost(slot, worker, `a worker could not load the plan: ${r.issues[0]?.message ?? "unknown"}`);
        slot.ready = true;
        pump();
      },
      (e: unknown) => lost(slot, worker, e instanceof Error ? e.message : String(e)),
    );
  };

  const send = (slot: Slot, task: Task): void => {
    const worker = slot.worker;
    // Starting (loading modules and the plan) is not part of a trial's silence.
    if (slot.inflight.length === 0) slot.lastBeat = Date.now();
    slot.inflight.push(task);
    task.call(worker.api).then(
      (outcome) => {
        if (closed || slot.worker !== worker) return;
        const at = slot.inflight.indexOf(task);
        if (at < 0) return;
        slot.inflight.splice(at, 1);
        slot.lastBeat = Date.now();
        failedStarts = 0;
        task.done(outcome);
        pump();
      },
      (e: unknown) => lost(slot, worker, e instanceof Error ? e.message : String(e)),
    );
  };

  const pump = (): void => {
    if (closed) return;
    if (slots.length > 0 && slots.every((slot) => slot.dead)) {
      for (const t of queue.splice(0)) t.done(t.failed("workers keep failing: no worker left to run it"));
      return;
    }
    // Fill every worker to one trial before any gets a second, so that a short queue spreads.
    for (let fill = 1; fill <= depth && queue.length > 0; fill++) {
      for (const slot of slots) if (slot.ready && slot.inflight.length < fill && queue.length > 0) send(slot, queue.shift()!);
    }
  };

  const watchdog = setInterval(() => {
    for (const slot of slots) {
      const waiting = slot.ready ? slot.inflight.length > 0 : !slot.dead && queue.length > 0;
      if (waiting && Date.now() - slot.lastBeat > hangMs) slot.lose(`no sign of life for ${Math.round(hangMs / 1000)} s (hung)`);
    }
  }, Math.min(1000, hangMs / 4));
  // A Node process may end while the pool is idle.
  (watchdog as { unref?: () => void }).unref?.();

  for (let id = 0; id < Math.max(1, options.size); id++) {
    const slot = { id, inflight: [], lastBeat: 0, ready: false, dead: false } as unknown as Slot;
    slots.push(slot);
    launch(slot);
  }

  const stopAll = async () => {
    if (closed) return;
    closed = true;
    clearInterval(watchdog);
    for (const t of queue.splice(0)) t.done(null);
    for (const s of slots) for (const t of s.inflight.splice(0)) t.done(null);
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  };

  return {
    run(trials) {
      if (closed) return Promise.resolve(trials.map(() => null));
      const results = trials.map(
        (trial) =>
          new Promise<TrialOutcome | null>((done) =>
            queue.push({ key: trialKey(trial), call: (api) => api.evaluate(trial), failed: errorOutcome, attempts: 0, done: (o) => done(o as TrialOutcome | null) }),
          ),
      );
      pump();
      return Promise.all(results);
    },
    screen(candidates) {
      if (closed || candidates.length === 0) return Promise.resolve(candidates.map(() => null));
      const answer = new Promise<readonly (Screened | null)[]>((done) =>
        queue.push({
          key: `screen:${candidates[0]}..${candidates.at(-1)}`,
          call: (api) => api.screen(candidates),
          failed: () => null,
          attempts: 0,
          done: (o) => done((o as readonly Screened[] | null) ?? candidates.map(() => null)),
        }),
      );
      pump();
      return answer;
    },
    cancel: () => void stopAll(),
    stats: () => Promise.all(slots.map((s) => (s.ready ? s.worker.api.stats() : Promise.resolve({ runs: 0, events: [], millis: [] })).catch(() => ({ runs: 0, events: [], millis: [] })))),
    close: stopAll,
  };
}
