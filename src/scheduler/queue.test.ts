import { describe, expect, test } from "vitest";
import { createSchedulingQueue, QueueState } from "./queue.js";

describe("scheduling queue", () => {
  test("pop takes the highest priority first, then the earliest arrival", () => {
    const q = createSchedulingQueue({ initialBackoff: 1, maxBackoff: 10 });
    q.add(1, 0, 5);
    q.add(2, 10, 6);
    q.add(3, 0, 4);
    q.add(4, 10, 6);
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([2, 4, 3, 1, -1]);
  });

  test("a failed pod waits for a cluster change, then backs off 1, 2, 4, 8, 10, 10 s", () => {
    const q = createSchedulingQueue({ initialBackoff: 1, maxBackoff: 10 });
    q.add(7, 0, 0);
    const expiries: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      expect(q.pop()).toBe(7);
      expiries.push(q.failed(7, now) - now);
      expect(q.state(7)).toBe(QueueState.Unschedulable);
      expect(q.moveAll(now)).toBe(1);
      expect(q.state(7)).toBe(QueueState.Backoff);
      expect(q.flushBackoff(now + expiries[i]! - 0.001)).toBe(now + expiries[i]!);
      now += expiries[i]!;
      q.flushBackoff(now);
      expect(q.state(7)).toBe(QueueState.Active);
    }
    expect(expiries).toEqual([1, 2, 4, 8, 10, 10]);
  });

  test("a change after the backoff ended sends the pod straight to activeQ; a long wait flushes it anyway", () => {
    const q = createSchedulingQueue({ initialBackoff: 1, maxBackoff: 10 });
    q.add(1, 0, 0);
    q.add(2, 0, 0);
    q.pop();
    q.pop();
    q.failed(1, 0);
    q.failed(2, 0);
    q.moveAll(5);
    expect(q.state(1)).toBe(QueueState.Active);
    q.pop();
    q.pop();
    q.failed(1, 10);
    q.flushLeftover(100, 300);
    expect(q.state(1)).toBe(QueueState.Unschedulable);
    q.flushLeftover(310, 300);
    expect(q.state(1)).toBe(QueueState.Active);
    q.remove(1);
    expect(q.pop()).toBe(-1);
  });

  test("a cluster change while a pod is being scheduled sends it to backoffQ instead of waiting for another change", () => {
    const q = createSchedulingQueue({ initialBackoff: 1, maxBackoff: 10 });
    q.add(1, 0, 0);
    q.add(2, 0, 0);
    q.pop();
    q.moveAll(0);
    q.failed(1, 0);
    expect(q.state(1)).toBe(QueueState.Backoff);
    q.pop();
    q.failed(2, 0);
    expect(q.state(2)).toBe(QueueState.Unschedulable);
  });
});
