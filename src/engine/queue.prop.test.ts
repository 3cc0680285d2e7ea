import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createEventQueue, popEvent, pushEvent } from "./queue.js";

const entry = fc.record({ time: fc.integer({ min: 0, max: 50 }).map((t) => t / 4), key: fc.nat({ max: 1_000_000 }) });

test.prop([fc.array(entry, { maxLength: 400 })])("the queue pops entries in (time, key) order whatever the push order", (entries) => {
  const q = createEventQueue(16);
  // Keys must be unique, as (priority, sequence) keys are.
  const unique = entries.map((e, i) => ({ ...e, key: e.key * 1000 + i, target: i }));
  for (const e of unique) pushEvent(q, e.time, e.key, 7, e.target);
  const popped: number[] = [];
  while (q.size > 0) {
    popped.push(q.target[0]!);
    popEvent(q);
  }
  const expected = [...unique].sort((a, b) => a.time - b.time || a.key - b.key).map((e) => e.target);
  expect(popped).toEqual(expected);
});

test.prop([fc.array(fc.oneof(entry, fc.constant(null)), { maxLength: 600 })])(
  "interleaved pushes and pops always pop the smallest pending entry",
  (ops) => {
    const q = createEventQueue(16);
    const pending: { time: number; key: number }[] = [];
    ops.forEach((op, i) => {
      if (op === null) {
        if (q.size === 0) return;
        pending.sort((a, b) => a.time - b.time || a.key - b.key);
        const min = pending.shift()!;
        expect([q.time[0], q.key[0]]).toEqual([min.time, min.key]);
        popEvent(q);
      } else {
        const key = op.key * 1000 + i;
        pushEvent(q, op.time, key, 1, i);
        pending.push({ time: op.time, key });
      }
      expect(q.size).toBe(pending.length);
    });
  },
);
