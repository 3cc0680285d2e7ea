/**
 * The discrete-event engine: a clock, the future event list and per-kind handler tables.
 * It has no driver of its own (no timers, no await): callers pace it with step, runUntil
 * and runFor, and check progress or cancellation between chunks.
 */
import { InvariantError } from "./errors.js";
import { createEventQueue, popEvent, pushEvent, PRIORITY_LIMIT, SEQ_LIMIT } from "./queue.js";
import type { Seconds } from "./time.js";

/** Handles one event: `target` indexes the owner's own arrays (a request slot, a pod, a source). */
export type Handler = (target: number, now: number) => void;

/** One handler per event kind of an owner; a kind without a handler does not compile. */
export type HandlerTable<K extends string> = { readonly [P in K]: Handler };

/** Small integer code of an event kind, assigned when the simulation is built. */
export type KindCode = number & { readonly __brand: "KindCode" };
export type KindCodes<K extends string> = { readonly [P in K]: KindCode };

/**
 * Order of kinds among events at the same time: lower first. Departures free capacity before
 * arrivals at the same instant look for it; samples observe the state after everything else.
 */
export const Priority = { First: 0, Departure: 10, Normal: 20, Arrival: 30, Control: 40, Sample: 250 } as const;

/** One handled event, as kept by the optional event log. */
export interface LoggedEvent {
  readonly at: number;
  readonly kind: string;
  readonly target: number;
}

export interface EngineOptions {
  /** Keep the first `capacity` handled events, decoded, for tests and debugging. Off by default. */
  readonly log?: { readonly capacity: number };
}

export interface Engine {
  /** Current simulated time. */
  readonly now: Seconds;
  /** Events handled so far. */
  readonly processed: number;
  /** Events waiting in the queue. */
  readonly pending: number;
  /** Entries the event queue has room for (it grows by doubling, never shrinks). */
  readonly queueCapacity: number;
  /** Why the run was halted by a component, if it was. */
  readonly haltReason: string | undefined;
  /** Registers an owner's handlers; returns the codes its kinds are scheduled with. Names must be unique. */
  on<K extends string>(table: HandlerTable<K>, priorities?: Partial<Record<K, number>>): KindCodes<K>;
  /** Schedules `kind` for `target` at absolute time `at` (≥ now). */
  schedule(at: number, kind: KindCode, target: number): void;
  /** Time of the next event, or Infinity when the queue is empty. */
  nextTime(): number;
  /** Handles the next event; false when there is none or the run is halted. */
  step(): boolean;
  /** Handles every event with time ≤ t (at most maxEvents); the clock then reads t unless stopped early. Returns the number handled. */
  runUntil(t: number, maxEvents?: number): number;
  /** Handles at most maxEvents events, whatever their time. Returns the number handled. */
  runFor(options: { readonly maxEvents: number }): number;
  /** Stops the run after the current event (a component found it cannot go on). */
  halt(reason: string): void;
  /** Name of a kind code. */
  kindName(code: KindCode): string;
  /** The decoded event log (empty unless enabled). */
  log(): readonly LoggedEvent[];
}

export function createEngine(options: EngineOptions = {}): Engine {
  const q = createEventQueue();
  const handlers: Handler[] = [];
  const names: string[] = [];
  const priorityKey: number[] = [];
  const logCapacity = options.log?.capacity ?? 0;
  const logged: LoggedEvent[] = [];
  // The clock lives in a typed array: a double kept in a closure variable would be boxed anew at every event.
  const clock = new Float64Array(1);
  let seq = 0;
  let processed = 0;
  let haltReason: string | undefined;

  const fail = (message: string, kind?: number): never => {
    throw new InvariantError(message, clock[0]!, kind === undefined ? undefined : names[kind]);
  };

  const on = <K extends string>(table: HandlerTable<K>, priorities: Partial<Record<K, number>> = {}): KindCodes<K> => {
    const codes = {} as Record<K, KindCode>;
    for (const name of Object.keys(table) as K[]) {
      if (names.includes(name)) throw new Error(`event kind "${name}" is registered twice`);
      const priority = priorities[name] ?? Priority.Normal;
      if (!Number.isInteger(priority) || priority < 0 || priority >= PRIORITY_LIMIT) {
        throw new Error(`priority of "${name}" must be an integer in [0, ${PRIORITY_LIMIT}), got ${priority}`);
      }
      codes[name] = handlers.length as KindCode;
      handlers.push(table[name]);
      names.push(name);
      priorityKey.push(priority * SEQ_LIMIT);
    }
    return codes;
  };

  const schedule = (at: number, kind: KindCode, target: number): void => {
    // Written as a negation so that NaN fails too.
    if (!(at >= clock[0]!)) fail(`event ${names[kind] ?? kind} scheduled at ${at}, before now`, kind);
    if (seq === SEQ_LIMIT) fail("sequence numbers exhausted");
    pushEvent(q, at, priorityKey[kind]! + seq++, kind, target);
  };

  // The hot loop; the logging variant is kept apart so that the common case stays lean.
  const run = (tEnd: number, maxEvents: number): number => {
    if (logCapacity > 0) return runLogged(tEnd, maxEvents);
    let n = 0;
    while (q.size > 0 && n < maxEvents && haltReason === undefined) {
      const t = q.time[0]!;
      if (t > tEnd) break;
      const kind = q.kind[0]!;
      const target = q.target[0]!;
      popEvent(q);
      clock[0] = t;
      n++;
      handlers[kind]!(target, t);
    }
    processed += n;
    return n;
  };

  const runLogged = (tEnd: number, maxEvents: number): number => {
    let n = 0;
    while (q.size > 0 && n < maxEvents && haltReason === undefined) {
      const t = q.time[0]!;
      if (t > tEnd) break;
      const kind = q.kind[0]!;
      const target = q.target[0]!;
      popEvent(q);
      if (t < clock[0]!) fail("time went backwards", kind);
      clock[0] = t;
      n++;
      if (logged.length < logCapacity) logged.push({ at: t, kind: names[kind]!, target });
      handlers[kind]!(target, t);
    }
    processed += n;
    return n;
  };

  return {
    get now() {
      return clock[0] as Seconds;
    },
    get processed() {
      return processed;
    },
    get pending() {
      return q.size;
    },
    get queueCapacity() {
      return q.time.length;
    },
    get haltReason() {
      return haltReason;
    },
    on,
    schedule,
    nextTime: () => (q.size > 0 ? q.time[0]! : Infinity),
    step: () => run(Infinity, 1) === 1,
    runUntil: (t, maxEvents = Infinity) => {
      if (!(t >= clock[0]!)) fail(`runUntil(${t}) is before now`);
      const n = run(t, maxEvents);
      const stoppedEarly = haltReason !== undefined || (q.size > 0 && q.time[0]! <= t);
      if (!stoppedEarly && Number.isFinite(t)) clock[0] = t;
      return n;
    },
    runFor: ({ maxEvents }) => run(Infinity, maxEvents),
    halt: (reason) => {
      haltReason ??= reason;
    },
    kindName: (code) => names[code] ?? `#${code}`,
    log: () => logged,
  };
}
