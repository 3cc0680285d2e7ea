import { describe, expect, test } from "vitest";
import { createEventQueue, popEvent, pushEvent } from "./queue.js";

describe("event queue", () => {
  test("grows past its initial capacity and keeps every field of every entry", () => {
    const q = createEventQueue(16);
    for (let i = 0; i < 1000; i++) pushEvent(q, 1000 - i, i, i % 7, i * 3);
    expect(q.size).toBe(1000);
    expect(q.time.length).toBeGreaterThanOrEqual(1000);
    const seen: [number, number, number][] = [];
    while (q.size > 0) {
      seen.push([q.time[0]!, q.kind[0]!, q.target[0]!]);
      popEvent(q);
    }
    expect(seen[0]).toEqual([1, 999 % 7, 999 * 3]);
    expect(seen.at(-1)).toEqual([1000, 0, 0]);
  });

  test("breaks ties in time by key, so equal-time events keep insertion order", () => {
    const q = createEventQueue();
    for (let i = 0; i < 10; i++) pushEvent(q, 5, i, 0, i);
    const order: number[] = [];
    while (q.size > 0) {
      order.push(q.target[0]!);
      popEvent(q);
    }
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
