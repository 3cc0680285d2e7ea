import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { paretoFront } from "./pareto.js";

const points = fc.array(fc.record({ cost: fc.integer({ min: 0, max: 20 }), tail: fc.integer({ min: 0, max: 20 }) }), { maxLength: 40 }).map((ps) => ps.map((p, index) => ({ ...p, index })));

test.prop([points])("paretoFront keeps exactly the points no other point beats on both cost and tail (one of equal points)", (ps) => {
  const front = paretoFront(ps);
  const beats = (a: { cost: number; tail: number }, b: { cost: number; tail: number }) => a.cost <= b.cost && a.tail <= b.tail && (a.cost < b.cost || a.tail < b.tail);
  for (const p of front) expect(ps.some((q) => beats(q, p))).toBe(false);
  for (const p of ps) if (!front.includes(p)) expect(ps.some((q) => beats(q, p) || (q.cost === p.cost && q.tail === p.tail && front.includes(q)))).toBe(true);
  for (let i = 1; i < front.length; i++) {
    expect(front[i]!.cost).toBeGreaterThan(front[i - 1]!.cost);
    expect(front[i]!.tail).toBeLessThan(front[i - 1]!.tail);
  }
});
