import { describe, expect, test } from "vitest";
import { createEngine, Priority } from "./engine.js";
import type { Engine, KindCodes } from "./engine.js";
import { InvariantError } from "./errors.js";

/** Two tiny components in SimPy's style: a ticker that reschedules itself, and a one-shot alarm. */
function world(log = 100) {
  const engine = createEngine({ log: { capacity: log } });
  const ticks: number[] = [];
  const codes: KindCodes<"tick.due" | "alarm.rang"> = engine.on({
    "tick.due": (n, now) => {
      ticks.push(now);
      if (n > 1) engine.schedule(now + 1, codes["tick.due"], n - 1);
    },
    "alarm.rang": () => undefined,
  });
  return { engine, codes, ticks };
}

const decoded = (e: Engine) => e.log().map((x) => `${x.kind}@${x.at}#${x.target}`);

describe("engine", () => {
  test("runUntil handles events up to t and then reads t on the clock", () => {
    const { engine, codes, ticks } = world();
    engine.schedule(0, codes["tick.due"], 3);
    engine.schedule(1.5, codes["alarm.rang"], 9);
    expect(engine.runUntil(1.7)).toBe(3);
    expect(engine.now).toBe(1.7);
    expect(ticks).toEqual([0, 1]);
    expect(decoded(engine)).toEqual(["tick.due@0#3", "tick.due@1#2", "alarm.rang@1.5#9"]);
    engine.runUntil(10);
    expect(ticks).toEqual([0, 1, 2]);
    expect(engine.now).toBe(10);
    expect(engine.pending).toBe(0);
  });

  test("runFor stops after maxEvents whatever the time, and step handles exactly one", () => {
    const { engine, codes } = world();
    engine.schedule(0, codes["tick.due"], 100);
    expect(engine.runFor({ maxEvents: 10 })).toBe(10);
    expect(engine.now).toBe(9);
    expect(engine.step()).toBe(true);
    expect(engine.now).toBe(10);
    expect(engine.processed).toBe(11);
  });

  test("runUntil with maxEvents leaves the clock at the last event when it stops early", () => {
    const { engine, codes } = world();
    engine.schedule(0, codes["tick.due"], 100);
    expect(engine.runUntil(50, 5)).toBe(5);
    expect(engine.now).toBe(4);
    expect(engine.runUntil(50)).toBe(46);
    expect(engine.now).toBe(50);
  });

  test("events at the same time run by priority, then in scheduling order", () => {
    const engine = createEngine({ log: { capacity: 10 } });
    const codes = engine.on(
      { "a.due": () => undefined, "b.due": () => undefined, "sample.due": () => undefined },
      { "a.due": Priority.Arrival, "b.due": Priority.Departure, "sample.due": Priority.Sample },
    );
    engine.schedule(1, codes["sample.due"], 0);
    engine.schedule(1, codes["a.due"], 1);
    engine.schedule(1, codes["b.due"], 2);
    engine.schedule(1, codes["a.due"], 3);
    engine.runUntil(1);
    expect(decoded(engine)).toEqual(["b.due@1#2", "a.due@1#1", "a.due@1#3", "sample.due@1#0"]);
  });

  test("scheduling in the past or at NaN throws an InvariantError naming the kind and the time", () => {
    const { engine, codes } = world();
    engine.runUntil(5);
    expect(() => engine.schedule(4, codes["alarm.rang"], 0)).toThrow(InvariantError);
    expect(() => engine.schedule(Number.NaN, codes["alarm.rang"], 0)).toThrowErrorMatchingInlineSnapshot(
      `[InvariantError: event alarm.rang scheduled at NaN, before now (at t=5s, while handling alarm.rang)]`,
    );
  });

  test("runUntil before now is an invariant error", () => {
    const { engine } = world();
    engine.runUntil(3);
    expect(() => engine.runUntil(2)).toThrow(/before now/);
  });

  test("halt stops the run after the current event and keeps the reason", () => {
    const engine = createEngine();
    let handled = 0;
    const codes = engine.on({
      "x.due": () => {
        handled++;
        if (handled === 3) engine.halt("enough");
      },
    });
    for (let i = 0; i < 10; i++) engine.schedule(i, codes["x.due"], i);
    engine.runUntil(100);
    expect(handled).toBe(3);
    expect(engine.haltReason).toBe("enough");
    expect(engine.now).toBe(2);
    expect(engine.step()).toBe(false);
  });

  test("registering a kind twice, or a priority out of range, throws", () => {
    const engine = createEngine();
    engine.on({ "x.due": () => undefined });
    expect(() => engine.on({ "x.due": () => undefined })).toThrow(/registered twice/);
    expect(() => engine.on({ "y.due": () => undefined }, { "y.due": 256 })).toThrow(/priority/);
  });

  test("the event log keeps only its capacity", () => {
    const { engine, codes } = world(3);
    engine.schedule(0, codes["tick.due"], 10);
    engine.runUntil(100);
    expect(engine.log()).toHaveLength(3);
    expect(engine.processed).toBe(10);
  });

  describe("timers", () => {
    /** An engine whose "boundary.due" events are logged, with one timer for target 7. */
    function timed() {
      const engine = createEngine({ log: { capacity: 100 } });
      const fired: number[] = [];
      const codes: KindCodes<"boundary.due" | "other.due"> = engine.on({ "boundary.due": (_t, now) => void fired.push(now), "other.due": () => undefined });
      return { engine, codes, fired, timer: engine.timer(codes["boundary.due"], 7) };
    }

    test("a timer moved earlier fires once, at its new time, and leaves no stale event", () => {
      const { engine, fired, timer } = timed();
      engine.setTimer(timer, 10);
      expect(engine.timerAt(timer)).toBe(10);
      engine.setTimer(timer, 4);
      expect(engine.pending).toBe(1);
      engine.runUntil(100);
      expect(fired).toEqual([4]);
      expect(engine.processed).toBe(1);
      expect(engine.timerAt(timer)).toBeNaN();
      expect(decoded(engine)).toEqual(["boundary.due@4#7"]);
    });

    test("a timer moved later, or set again after it fired, fires at the time last set", () => {
      const { engine, fired, timer } = timed();
      engine.setTimer(timer, 2);
      engine.setTimer(timer, 6);
      engine.runUntil(5);
      expect(fired).toEqual([]);
      engine.runUntil(7);
      engine.setTimer(timer, 9);
      engine.runUntil(20);
      expect(fired).toEqual([6, 9]);
    });

    test("a cancelled timer does not fire, and other events keep their order", () => {
      const { engine, codes, fired, timer } = timed();
      engine.schedule(3, codes["other.due"], 1);
      engine.setTimer(timer, 3);
      engine.schedule(3, codes["other.due"], 2);
      engine.cancelTimer(timer);
      engine.cancelTimer(timer);
      engine.runUntil(10);
      expect(fired).toEqual([]);
      expect(decoded(engine)).toEqual(["other.due@3#1", "other.due@3#2"]);
    });

    test("a moved timer is ordered among same-time events as if it were scheduled when moved", () => {
      const { engine, codes, timer } = timed();
      engine.setTimer(timer, 8);
      engine.schedule(5, codes["other.due"], 1);
      engine.setTimer(timer, 5);
      engine.schedule(5, codes["other.due"], 2);
      engine.runUntil(10);
      expect(decoded(engine)).toEqual(["other.due@5#1", "boundary.due@5#7", "other.due@5#2"]);
    });

    test("a negative target is refused: negative targets mark timers' events", () => {
      const { engine, codes } = timed();
      expect(() => engine.schedule(1, codes["other.due"], -1)).toThrow(InvariantError);
    });

    test("a timer set before now is an invariant error", () => {
      const { engine, timer } = timed();
      engine.runUntil(5);
      expect(() => engine.setTimer(timer, 4)).toThrow(InvariantError);
    });
  });
});
