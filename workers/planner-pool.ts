/**
 * A pool of planner workers behind the planner's Evaluator: trials queue in submission order and
 * go to the first idle worker. A worker that dies (crash, exit) or stops beating for `hangMs`
 * while it runs a trial is reported, replaced, and its trial retried once on the new worker; a
 * second loss marks the trial `error`, so a plan never hangs. Used with worker_threads in Node
 * and Web Workers in a browser (the caller supplies `start`).
 */
import { proxy } from "comlink";
import type { Remote } from "comlink";
import { errorOutcome, trialKey } from "../src/planner/index.js";
import type { Evaluator, TrialOutcome, TrialSpec } from "../src/planner/index.js";
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
}

export interface PlannerPool extends Evaluator {
  /** Trials not yet finished resolve as null (cancelled); running workers are terminated. */
  cancel(): void;
  /** Wall-clock figures of each live worker. */
  stats(): Promise<PlannerWorkerStats[]>;
  close(): Promise<void>;
}

interface Task {
  readonly trial: TrialSpec;
  attempts: number;
  readonly done: (o: TrialOutcome | null) => void;
}

interface Slot {
  readonly id: number;
  worker: PoolWorker;
  ready: Promise<void>;
  task: Task | null;
  lastBeat: number;
  /** Rejects the running task's race when the worker dies or hangs. */
  lose: ((why: string) => void) | null;
}

/** Consecutive worker starts that may fail before the pool gives up on a slot. */
const MAX_FAILED_STARTS = 3;

export function createPlannerPool(options: PoolOptions): PlannerPool {
  const hangMs = options.hangMs ?? 120_000;
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let closed = false;
  let failedStarts = 0;

  const launch = (slot: { id: number }): { worker: PoolWorker; ready: Promise<void> } => {
    const worker = options.start();
    const onBeat = (b: PlannerBeat) => {
      const s = slots[slot.id];
      if (s && s.task && trialKey(s.task.trial) === b.trial) s.lastBeat = Date.now();
    };
    const ready = worker.api.init(options.setup, proxy(onBeat)).then((r) => {
      if (!r.ok) throw new Error(`a worker could not load the plan: ${r.issues[0]?.message ?? "unknown"}`);
      failedStarts = 0;
    });
    worker.onDeath((why) => slots[slot.id]?.worker === worker && slots[slot.id]!.lose?.(why));
    return { worker, ready };
  };

  const replace = (slot: Slot): void => {
    void slot.worker.terminate().catch(() => undefined);
    const next = launch(slot);
    slot.worker = next.worker;
    slot.ready = next.ready;
    options.onEvent?.({ kind: "restarted", worker: slot.id });
  };

  const runOn = async (slot: Slot, task: Task): Promise<void> => {
    slot.task = task;
    slot.lastBeat = Date.now();
    let timer: ReturnType<typeof setInterval> | undefined;
    const lost = new Promise<never>((_, reject) => {
      slot.lose = (why) => reject(new Error(why));
      timer = setInterval(() => {
        if (Date.now() - slot.lastBeat > hangMs) slot.lose?.(`no sign of life for ${Math.round(hangMs / 1000)} s (hung)`);
      }, Math.min(1000, hangMs / 4));
    });
    lost.catch(() => undefined);
    try {
      await Promise.race([slot.ready, lost]);
      // Starting a worker (loading its modules and the plan) is not part of the trial's silence.
      slot.lastBeat = Date.now();
      const outcome = await Promise.race([slot.worker.api.evaluate(task.trial), lost]);
      task.done(outcome);
    } catch (e) {
      if (closed) return task.done(null);
      const why = e instanceof Error ? e.message : String(e);
      const retry = task.attempts === 0;
      options.onEvent?.({ kind: "lost", worker: slot.id, trial: trialKey(task.trial), why, retry });
      if (++failedStarts > MAX_FAILED_STARTS * options.size) {
        task.done(errorOutcome(`workers keep failing: ${why}`));
      } else if (retry) {
        task.attempts++;
        queue.unshift(task);
      } else task.done(errorOutcome(`worker lost twice: ${why}`));
      replace(slot);
    } finally {
      clearInterval(timer);
      slot.lose = null;
      slot.task = null;
    }
  };

  const pump = (): void => {
    if (closed) return;
    for (const slot of slots) {
      if (slot.task !== null || queue.length === 0) continue;
      const task = queue.shift()!;
      void runOn(slot, task).then(pump);
    }
  };

  for (let id = 0; id < Math.max(1, options.size); id++) {
    const { worker, ready } = launch({ id });
    ready.catch(() => undefined);
    slots.push({ id, worker, ready, task: null, lastBeat: 0, lose: null });
  }

  const stopAll = async () => {
    closed = true;
    for (const t of queue.splice(0)) t.done(null);
    for (const s of slots) s.lose?.("cancelled");
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  };

  return {
    run(trials) {
      if (closed) return Promise.resolve(trials.map(() => null));
      const results = trials.map((trial) => new Promise<TrialOutcome | null>((done) => queue.push({ trial, attempts: 0, done })));
      pump();
      return Promise.all(results);
    },
    cancel: () => void stopAll(),
    stats: () => Promise.all(slots.map((s) => s.ready.then(() => s.worker.api.stats()).catch(() => ({ runs: 0, events: [], millis: [] })))),
    close: stopAll,
  };
}
