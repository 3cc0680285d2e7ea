import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createEngine } from "./engine.js";

/** Random components that schedule random follow-ups: the clock must never go back. */
test.prop([fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 3 })), { minLength: 1, maxLength: 60 })])(
  "time never goes back, whatever the handlers schedule",
  (plan) => {
    const engine = createEngine();
    const seen: number[] = [];
    let budget = 2000;
    const codes = engine.on({
      "p.due": (i, now) => {
        seen.push(now);
        if (engine.now !== now) throw new Error(`clock ${engine.now} differs from the event time ${now}`);
        for (const d of plan[i % plan.length]![1]) if (budget-- > 0) engine.schedule(now + d, codes["p.due"], (i + 1) % plan.length);
      },
    });
    plan.forEach(([t], i) => engine.schedule(t, codes["p.due"], i));
    engine.runUntil(Infinity);
    const backwards = seen.findIndex((t, i) => i > 0 && t < seen[i - 1]!);
    expect(backwards).toBe(-1);
    expect(engine.processed).toBe(seen.length);
  },
);

/** What a handler does: follow-ups (delay, priority), and whether it moves or cancels a timer and reads the queue. */
const action = fc.record({
  followUps: fc.array(fc.tuple(fc.constantFrom(0, 0, 0.5, 1, 2.25), fc.constantFrom(0, 10, 20, 30)), { maxLength: 3 }),
  timer: fc.constantFrom("none", "none", "set", "cancel"),
  timerDelay: fc.constantFrom(0, 0.5, 3),
  peek: fc.boolean(),
});

test.prop([fc.array(action, { minLength: 1, maxLength: 40 }), fc.array(fc.constantFrom(0, 0.5, 1, 4), { minLength: 1, maxLength: 8 })])(
  "an engine without a log handles the same events in the same order as one with a log, whatever the handlers schedule, move, cancel or read",
  (actions, starts) => {
    // The engine without a log keeps the event it handles at the root of its queue until the handler
    // schedules (or touches the queue); the logged one pops it first: both must see the same run.
    const trace = (logged: boolean) => {
      const engine = createEngine(logged ? { log: { capacity: 10 } } : {});
      const seen: string[] = [];
      let budget = 400;
      const codes = engine.on(
        {
          "p.a": (i, now) => handle("a", i, now),
          "p.b": (i, now) => handle("b", i, now),
          "p.c": (i, now) => handle("c", i, now),
          "p.d": (i, now) => handle("d", i, now),
        },
        { "p.a": 0, "p.b": 10, "p.c": 20, "p.d": 30 },
      );
      const kinds = [codes["p.a"], codes["p.b"], codes["p.c"], codes["p.d"]];
      const timer = engine.timer(codes["p.c"], 999);
      function handle(kind: string, i: number, now: number): void {
        const a = actions[i % actions.length]!;
        if (a.peek) seen.push(`peek ${engine.pending} ${engine.nextTime()} ${engine.timerAt(timer)}`);
        for (const [d, p] of a.followUps) if (budget-- > 0) engine.schedule(now + d, kinds[p / 10]!, (i + 1) % 1000);
        if (a.timer === "set" && budget-- > 0) engine.setTimer(timer, now + a.timerDelay);
        if (a.timer === "cancel") engine.cancelTimer(timer);
        seen.push(`${kind} ${i} @${now}`);
      }
      starts.forEach((t, i) => engine.schedule(t, kinds[i % 4]!, i));
      engine.runUntil(Infinity);
      return { seen, processed: engine.processed, pending: engine.pending };
    };
    expect(trace(false)).toEqual(trace(true));
  },
);
