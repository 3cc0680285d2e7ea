import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { addHandle, createEventQueue, moveEvent, popEvent, pushEvent, removeEvent, replaceRoot } from "./queue.js";

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

test.prop([fc.array(entry, { minLength: 1, maxLength: 200 }), fc.array(entry, { maxLength: 200 })])(
  "replacing the root pops the same entries, in the same order, as a pop followed by a push",
  (initial, replacements) => {
    const a = createEventQueue(16);
    const b = createEventQueue(16);
    initial.forEach((e, i) => {
      pushEvent(a, e.time, e.key * 1000 + i, 1, i);
      pushEvent(b, e.time, e.key * 1000 + i, 1, i);
    });
    replacements.forEach((e, j) => {
      const key = e.key * 1000 + initial.length + j;
      expect([a.time[0], a.key[0], a.target[0]]).toEqual([b.time[0], b.key[0], b.target[0]]);
      replaceRoot(a, e.time, key, 2, 1000 + j);
      popEvent(b);
      pushEvent(b, e.time, key, 2, 1000 + j);
    });
    const drain = (q: typeof a) => {
      const out: number[] = [];
      while (q.size > 0) {
        out.push(q.target[0]!);
        popEvent(q);
      }
      return out;
    };
    expect(drain(a)).toEqual(drain(b));
  },
);

const timerOp = fc.record({
  op: fc.constantFrom("set", "set", "cancel", "pop", "push"),
  timer: fc.nat({ max: 7 }),
  time: fc.integer({ min: 0, max: 50 }).map((t) => t / 4),
});

test.prop([fc.array(timerOp, { maxLength: 500 })])(
  "timers moved, cancelled and popped among plain events keep one entry each, at its index, and the heap in order",
  (ops) => {
    const q = createEventQueue(16);
    for (let h = 0; h < 8; h++) addHandle(q, h);
    // The model: pending entries by their (time, key), a timer's entry tagged with its handle.
    const pending = new Map<number, { time: number; key: number; handle: number }>();
    ops.forEach(({ op, timer, time }, i) => {
      const key = i;
      if (op === "push") {
        pushEvent(q, time, key, 1, 1000 + i);
        pending.set(1000 + i, { time, key, handle: -1 });
      } else if (op === "set") {
        const at = q.pos[timer]!;
        if (at >= 0) moveEvent(q, at, time, key);
        else pushEvent(q, time, key, 2, -timer - 1);
        pending.set(timer, { time, key, handle: timer });
      } else if (op === "cancel") {
        const at = q.pos[timer]!;
        if (at >= 0) removeEvent(q, at);
        pending.delete(timer);
      } else if (q.size > 0) {
        const min = [...pending.entries()].sort(([, a], [, b]) => a.time - b.time || a.key - b.key)[0]!;
        expect([q.time[0], q.key[0], q.target[0]]).toEqual([min[1].time, min[1].key, min[1].handle >= 0 ? -min[1].handle - 1 : min[0]]);
        popEvent(q);
        pending.delete(min[0]);
      }
      expect(q.size).toBe(pending.size);
      // Every timer's index points at its own entry, and timers without one point nowhere.
      for (let h = 0; h < 8; h++) {
        const at = q.pos[h]!;
        if (pending.has(h)) expect([q.target[at], q.time[at], q.key[at]]).toEqual([-h - 1, pending.get(h)!.time, pending.get(h)!.key]);
        else expect(at).toBe(-1);
      }
      // The heap property holds at every entry.
      for (let c = 1; c < q.size; c++) {
        const p = (c - 1) >> 1;
        expect(q.time[p]! < q.time[c]! || (q.time[p] === q.time[c] && q.key[p]! < q.key[c]!)).toBe(true);
      }
    });
  },
);
