/**
 * The overview of the whole run with a brush (d3-brush) that sets the time window every chart
 * shows, plus buttons for keyboard users (zoom in/out, pan, reset). The brush lives in a <g>
 * that Lit renders empty and never touches again, so d3 and Lit never own the same nodes.
 */
import { brushX } from "d3-brush";
import type { BrushBehavior, D3BrushEvent } from "d3-brush";
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { area } from "d3-shape";
import { css, html, LitElement, nothing, svg } from "lit";
import type { PropertyValues } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import type { Results } from "../../../../workers/protocol.js";
import { bottomAxis } from "../frame/axes.js";
import { chartStyles } from "../frame/chart-styles.js";
import { ratePerSecond } from "../frame/runs.js";
import { formatClock } from "../frame/units.js";
import { WidthController } from "../frame/width-controller.js";
import { MIN_ZOOM_SECONDS, timeZoomEvent } from "../frame/zoom-events.js";
import type { TimeDomain } from "../frame/zoom-events.js";

const MARGIN = { top: 4, bottom: 36, left: 62, right: 16 };
const HEIGHT = 44;

/** @fires ss-time-zoom - The brushed window changed (null: the whole run). */
@customElement("ss-time-brush")
export class TimeBrush extends LitElement {
  static override styles = [
    chartStyles,
    css`
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35em; font-size: 0.82rem; }
      .bar output { margin-right: auto; color: var(--ss-muted); }
      .overview { fill: var(--ss-accent); fill-opacity: 0.25; stroke: var(--ss-accent); stroke-width: 1; }
      .brush .selection { fill: var(--ss-accent); fill-opacity: 0.18; stroke: var(--ss-accent); }
    `,
  ];

  @property({ attribute: false }) results: Results | null = null;
  @property({ attribute: false }) domain: TimeDomain = null;
  @query("g.brush") private brushGroup!: SVGGElement | null;
  readonly #size = new WidthController(this);
  #brush: BrushBehavior<unknown> | null = null;
  #x = scaleLinear();
  #moving = false;

  #end(): number {
    const t = this.results?.series.t;
    return t && t.length > 0 ? t[t.length - 1]! : 1;
  }

  override render() {
    const r = this.results;
    if (!r) return nothing;
    const end = this.#end();
    const d = this.domain;
    return html`<div class="bar" role="toolbar" aria-label="time window of all charts">
        <output aria-live="polite">${d ? `showing ${formatClock(d[0])} – ${formatClock(d[1])} of ${formatClock(end)}` : `Offered load over the whole run (${formatClock(end)}): drag here or across a chart to zoom`}</output>
        <button @click=${() => this.#zoom(0.5)} aria-label="zoom in">+</button>
        <button @click=${() => this.#zoom(2)} ?disabled=${!d} aria-label="zoom out">−</button>
        <button @click=${() => this.#pan(-0.5)} ?disabled=${!d || d[0] <= 0} aria-label="pan earlier">◀</button>
        <button @click=${() => this.#pan(0.5)} ?disabled=${!d || d[1] >= end} aria-label="pan later">▶</button>
        <button @click=${() => this.#emit(null)} ?disabled=${!d} data-testid="zoom-reset">All</button>
      </div>
      <div class="plotwrap">${this.#size.width > 0 ? this.#plot(r, end) : nothing}</div>`;
  }

  #plot(r: Results, end: number) {
    const width = this.#size.width;
    const x = (this.#x = scaleLinear().domain([0, end]).range([MARGIN.left, width - MARGIN.right]));
    const t = r.series.t;
    const total = new Float64Array(t.length);
    for (const cols of Object.values(r.series.services)) {
      const rate = ratePerSecond(t, cols.arrived);
      for (let k = 0; k < t.length; k++) total[k]! += Number.isFinite(rate[k]!) ? rate[k]! : 0;
    }
    let max = 0;
    for (const v of total) max = Math.max(max, v);
    const y = scaleLinear().domain([0, max || 1]).range([MARGIN.top + HEIGHT, MARGIN.top]);
    const idx = Array.from({ length: t.length }, (_, i) => i);
    const d = area<number>().x((i) => x(t[i]!)).y0(MARGIN.top + HEIGHT).y1((i) => y(total[i]!))(idx) ?? "";
    return html`<svg class="plot" width=${width} height=${MARGIN.top + HEIGHT + MARGIN.bottom} aria-label="overview of the offered load over the whole run; drag to choose the window">
      <path class="overview" d=${d}></path>
      ${svg`${bottomAxis(x, MARGIN.top + HEIGHT, "simulated time")}`}
      <g class="brush"></g>
    </svg>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const g = this.brushGroup;
    if (!g) return;
    const width = this.#size.width;
    if (!this.#brush || changed.has("results")) {
      this.#brush = brushX<unknown>()
        .extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, MARGIN.top + HEIGHT]])
        .on("end", (e: D3BrushEvent<unknown>) => this.#onBrush(e));
      select(g).call(this.#brush);
    } else {
      this.#brush.extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, MARGIN.top + HEIGHT]]);
      select(g).call(this.#brush);
    }
    this.#moving = true;
    const d = this.domain;
    select(g).call(this.#brush.move, d ? [this.#x(d[0]), this.#x(d[1])] : null);
    this.#moving = false;
  }

  #onBrush(e: D3BrushEvent<unknown>): void {
    if (this.#moving || !e.sourceEvent) return;
    const sel = e.selection as [number, number] | null;
    if (!sel) return this.#emit(null);
    const a = this.#x.invert(sel[0]);
    const b = this.#x.invert(sel[1]);
    this.#emit(b - a >= MIN_ZOOM_SECONDS ? [a, b] : null);
  }

  #zoom(factor: number): void {
    const end = this.#end();
    const [a, b] = this.domain ?? [0, end];
    const mid = (a + b) / 2;
    const half = Math.max(MIN_ZOOM_SECONDS, ((b - a) * factor) / 2);
    const lo = Math.max(0, mid - half);
    const hi = Math.min(end, mid + half);
    this.#emit(lo <= 0 && hi >= end ? null : [lo, hi]);
  }

  #pan(share: number): void {
    const end = this.#end();
    const d = this.domain;
    if (!d) return;
    const shift = (d[1] - d[0]) * share;
    const lo = Math.min(Math.max(0, d[0] + shift), end - (d[1] - d[0]));
    this.#emit([lo, lo + (d[1] - d[0])]);
  }

  #emit(domain: TimeDomain): void {
    this.dispatchEvent(timeZoomEvent(domain));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-time-brush": TimeBrush;
  }
}
