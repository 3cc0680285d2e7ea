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
