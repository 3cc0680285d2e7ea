/** A controller that tracks its host's content width (ResizeObserver), so charts fit their column. */
import type { ReactiveController, ReactiveControllerHost } from "lit";

export class WidthController implements ReactiveController {
  /** Content width in CSS pixels (0 until laid out). */
  width = 0;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #observer: ResizeObserver;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    this.#observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      // Redraw on real changes only: a scrollbar appearing moves the width by a few pixels.
      if (Math.abs(w - this.width) >= 4) {
        this.width = w;
        this.#host.requestUpdate();
      }
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
  }
}
