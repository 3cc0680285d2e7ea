/**
 * Hands new inputs to a list of slots one slot per task, so that redrawing many charts after a
 * run (or a zoom) is many short tasks instead of one long one: the page keeps answering, and no
 * main-thread task comes near 50 ms. A newer input restarts the hand-over from the first slot.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";

/** Gives the event loop a turn (scheduler.yield where the browser has it, else a macrotask). */
export const yieldToBrowser = (): Promise<void> => {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * Waits for the next frame to be drawn, then a task: the slot just updated is laid out and painted
 * in its own rendering step before the next slot's script runs. A hidden page draws no frames: the
 * hand-over then resumes when it shows.
 */
export const afterNextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => void yieldToBrowser().then(resolve)));

export class StagedController<T> implements ReactiveController {
  /** What each slot shows now (undefined: not yet reached). */
  readonly shown: (T | undefined)[] = [];
  readonly #host: ReactiveControllerHost;
  #generation = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts handing `value` to slots 0…count−1, one per task. Resolves when done or superseded. */
  async stage(value: T, count: number): Promise<void> {
    const generation = ++this.#generation;
    this.shown.length = count;
    for (let i = 0; i < count; i++) {
      if (generation !== this.#generation) return;
      this.shown[i] = value;
      this.#host.requestUpdate();
      await this.#host.updateComplete;
      await afterNextFrame();
    }
  }
}
