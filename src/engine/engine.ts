/**
 * The discrete-event engine: a clock, the future event list and per-kind handler tables.
 * It has no driver of its own (no timers, no await): callers pace it with step, runUntil
 * and runFor, and check progress or cancellation between chunks.
 */
import { InvariantError } from "./errors.js";
import { addHandle, createEventQueue, moveEvent, popEvent, pushEvent, PRIORITY_LIMIT, removeEvent, replaceRoot, SEQ_LIMIT } from "./queue.js";
import type { EventQueue } from "./queue.js";
import type { Seconds } from "./time.js";

/** Handles one event: `target` indexes the owner's own arrays (a request slot, a pod, a source). */
export type Handler = (target: number, now: number) => void;

/** One handler per event kind of an owner; a kind without a handler does not compile. */
export type HandlerTable<K extends string> = { readonly [P in K]: Handler };

/** Small integer code of an event kind, assigned when the simulation is built. */
export type KindCode = number & { readonly __brand: "KindCode" };
export type KindCodes<K extends string> = { readonly [P in K]: KindCode };

/** A timer of an engine: one (kind, target) with at most one pending event. */
export type TimerId = number & { readonly __brand: "TimerId" };

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
  /**
   * A timer for `kind` and `target`: an event that is set, moved (earlier or later) and cancelled
   * in place, so that a boundary that moves leaves no stale event behind.
   */
  timer(kind: KindCode, target: number): TimerId;
  /** Sets the timer's event at `at` (≥ now); a pending one moves there, ordered as if it were scheduled now. */
  setTimer(timer: TimerId, at: number): void;
  /** Drops the timer's pending event, if any. */
  cancelTimer(timer: TimerId): void;
  /** Time of the timer's pending event, or NaN when it has none. */
  timerAt(timer: TimerId): number;
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
  return new EngineState(options.log?.capacity ?? 0);
}

/**
 * The engine's state and its operations as methods of one class: every run in a process shares
 * one optimised copy of the hot loop, instead of a closure per run that the JIT would optimise
 * again (and less well) for each new simulation.
 */
class EngineState implements Engine {
  private readonly q: EventQueue = createEventQueue();
  private readonly handlers: Handler[] = [];
  private readonly names: string[] = [];
  private readonly priorityKey: number[] = [];
  private readonly logged: LoggedEvent[] = [];
  private readonly timerKind: number[] = [];
  private readonly timerTarget: number[] = [];
  private clock = 0;
  private seq = 0;
  private handled = 0;
  private halted: string | undefined = undefined;
  /**
   * The event being handled still sits at the root of the queue: the first event its handler
   * schedules takes its place (one sift instead of a pop and a push); if it schedules none, the
   * loop pops it after the handler. Every other use of the queue pops it first (`settle`).
   */
  private held = false;

  constructor(private readonly logCapacity: number) {}

  get now(): Seconds {
    return this.clock as Seconds;
  }
  get processed(): number {
    return this.handled;
  }
  get pending(): number {
    this.settle();
    return this.q.size;
  }
  get queueCapacity(): number {
    return this.q.time.length;
  }
  get haltReason(): string | undefined {
    return this.halted;
  }

  private fail(message: string, kind?: number): never {
    throw new InvariantError(message, this.clock, kind === undefined ? undefined : this.names[kind]);
  }

  on<K extends string>(table: HandlerTable<K>, priorities: Partial<Record<K, number>> = {}): KindCodes<K> {
    const codes = {} as Record<K, KindCode>;
    for (const name of Object.keys(table) as K[]) {
      if (this.names.includes(name)) throw new Error(`event kind "${name}" is registered twice`);
      const priority = priorities[name] ?? Priority.Normal;
      if (!Number.isInteger(priority) || priority < 0 || priority >= PRIORITY_LIMIT) {
        throw new Error(`priority of "${name}" must be an integer in [0, ${PRIORITY_LIMIT}), got ${priority}`);
      }
      codes[name] = this.handlers.length as KindCode;
      this.handlers.push(table[name]);
      this.names.push(name);
      this.priorityKey.push(priority * SEQ_LIMIT);
    }
    return codes;
  }

  schedule(at: number, kind: KindCode, target: number): void {
    // Written as negations so that NaN fails too; negative targets mark timers' events. The
    // messages are built apart, so that this stays small enough to inline where events are scheduled.
    if (!(at >= this.clock) || this.seq === SEQ_LIMIT || !(target >= 0)) this.badSchedule(at, kind, target);
    const key = this.priorityKey[kind]! + this.seq++;
    if (this.held) {
      this.held = false;
      replaceRoot(this.q, at, key, kind, target);
    } else pushEvent(this.q, at, key, kind, target);
  }

  /** Pops the handled event if it is still held at the root. */
  private settle(): void {
    if (this.held) {
      this.held = false;
      popEvent(this.q);
    }
  }

  private badSchedule(at: number, kind: KindCode, target: number): never {
    if (!(at >= this.clock)) this.fail(`event ${this.names[kind] ?? kind} scheduled at ${at}, before now`, kind);
    if (this.seq === SEQ_LIMIT) this.fail("sequence numbers exhausted");
    this.fail(`event ${this.names[kind] ?? kind} scheduled for target ${target}, expected an index ≥ 0`, kind);
  }

  timer(kind: KindCode, target: number): TimerId {
    if (this.names[kind] === undefined) throw new Error(`timer of an unknown event kind ${kind}`);
    const id = this.timerKind.length;
    this.timerKind.push(kind);
    this.timerTarget.push(target);
    addHandle(this.q, id);
    return id as TimerId;
  }

  setTimer(timer: TimerId, at: number): void {
    const kind = this.timerKind[timer]!;
    if (!(at >= this.clock)) this.fail(`timer ${this.names[kind] ?? kind} set at ${at}, before now`, kind);
    if (this.seq === SEQ_LIMIT) this.fail("sequence numbers exhausted");
    const q = this.q;
    const key = this.priorityKey[kind]! + this.seq++;
    // The held event is the timer's own (at index 0), or the timer has none pending: its new event takes the root's place.
    if (this.held && q.pos[timer]! <= 0) {
      this.held = false;
      return replaceRoot(q, at, key, kind, -timer - 1);
    }
    this.settle();
    const i = q.pos[timer]!;
    if (i >= 0) moveEvent(q, i, at, key);
    else pushEvent(q, at, key, kind, -timer - 1);
  }

  cancelTimer(timer: TimerId): void {
    this.settle();
    const i = this.q.pos[timer]!;
    if (i >= 0) removeEvent(this.q, i);
  }

  timerAt(timer: TimerId): number {
    this.settle();
    const i = this.q.pos[timer]!;
    return i >= 0 ? this.q.time[i]! : NaN;
  }

  nextTime(): number {
    this.settle();
    return this.q.size > 0 ? this.q.time[0]! : Infinity;
  }

  step(): boolean {
    return this.run(Infinity, 1) === 1;
  }

  runUntil(t: number, maxEvents = Infinity): number {
    if (!(t >= this.clock)) this.fail(`runUntil(${t}) is before now`);
    const n = this.run(t, maxEvents);
    const q = this.q;
    const stoppedEarly = this.halted !== undefined || (q.size > 0 && q.time[0]! <= t);
    if (!stoppedEarly && Number.isFinite(t)) this.clock = t;
    return n;
  }

  runFor({ maxEvents }: { readonly maxEvents: number }): number {
    return this.run(Infinity, maxEvents);
  }

  halt(reason: string): void {
    this.halted ??= reason;
  }

  kindName(code: KindCode): string {
    return this.names[code] ?? `#${code}`;
  }

  log(): readonly LoggedEvent[] {
    return this.logged;
  }

  private run(tEnd: number, maxEvents: number): number {
    this.settle();
    const n = this.logCapacity > 0 ? this.runLogged(tEnd, maxEvents) : this.loop(tEnd, maxEvents);
    this.handled += n;
    return n;
  }

  // The hot loop; the logging variant is kept apart so that the common case stays lean. Nothing
  // follows the loop but the return: V8 compiles the loop on stack replacement, before the code
  // after it has ever run, and that code (without type feedback) would deoptimise at each exit.
  private loop(tEnd: number, maxEvents: number): number {
    const q = this.q;
    const handlers = this.handlers;
    let n = 0;
    while (q.size > 0 && n < maxEvents && this.halted === undefined) {
      const t = q.time[0]!;
      if (t > tEnd) break;
      const kind = q.kind[0]!;
      const target = q.target[0]!;
      // Left at the root: the handler's first schedule replaces it (see `held`).
      this.held = true;
      this.clock = t;
      n++;
      handlers[kind]!(target >= 0 ? target : this.timerTarget[-target - 1]!, t);
      if (this.held) {
        this.held = false;
        popEvent(q);
      }
    }
    return n;
  }

  private runLogged(tEnd: number, maxEvents: number): number {
    const q = this.q;
    let n = 0;
    while (q.size > 0 && n < maxEvents && this.halted === undefined) {
      const t = q.time[0]!;
      if (t > tEnd) break;
      const kind = q.kind[0]!;
      const target = q.target[0]!;
      popEvent(q);
      if (t < this.clock) this.fail("time went backwards", kind);
      this.clock = t;
      n++;
      const to = target >= 0 ? target : this.timerTarget[-target - 1]!;
      if (this.logged.length < this.logCapacity) this.logged.push({ at: t, kind: this.names[kind]!, target: to });
      this.handlers[kind]!(to, t);
    }
    return n;
  }
}
