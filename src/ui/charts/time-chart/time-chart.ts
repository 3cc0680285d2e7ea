/**
 * Any time chart (lines over simulated time, SLO rules, event marks) from a TimeChartSpec. d3
 * computes scales and path data; Lit renders the SVG. Hover or arrow keys show the values at a
 * time; dragging across the plot zooms every chart to that window, double-click or Escape resets.
 */
import { scaleLinear } from "d3-scale";
import { curveLinear, curveStepAfter, line } from "d3-shape";
import { html, LitElement, nothing, svg } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleProps } from "../frame/style-props.js";
import { bottomAxis, grid, sideAxis } from "../frame/axes.js";
import type { NumericScale } from "../frame/axes.js";
import { chartStyles } from "../frame/chart-styles.js";
import { colourClass, DASHES } from "../frame/palette.js";
import type { LineSpec, MarkSpec, TimeChartSpec } from "../frame/spec.js";
import { formatClock } from "../frame/units.js";
import { WidthController } from "../frame/width-controller.js";
import { MIN_ZOOM_SECONDS, timeZoomEvent } from "../frame/zoom-events.js";
import type { TimeDomain } from "../frame/zoom-events.js";
import { bisectTime, timeExtent, valueScale, visibleRange } from "./scales.js";

const MARGIN = { top: 24, bottom: 40, left: 62, right: 16, rightAxis: 62 };

interface Frame {
  readonly x: NumericScale;
  readonly left: NumericScale;
  readonly right: NumericScale | null;
  readonly window: [number, number];
  readonly plot: { x0: number; x1: number; y0: number; y1: number };
}

const MARK_PATHS = { up: "M0,-6L5.5,4H-5.5Z", down: "M0,6L5.5,-4H-5.5Z", cross: "M-4,-4L4,4M4,-4L-4,4" } as const;

/**
 * @fires ss-time-zoom - A window was dragged across the plot (or reset with double-click / Escape).
 * @cssprop --ss-c0 - First palette colour (…--ss-c7).
 */
@customElement("ss-time-chart")
export class TimeChart extends LitElement {
  static override styles = chartStyles;

  @property({ attribute: false }) spec: TimeChartSpec | null = null;
  /** The shared zoom window (null: the whole run). */
  @property({ attribute: false }) domain: TimeDomain = null;
  /** Height of the plot area in CSS pixels. */
  @property({ type: Number }) plotHeight = 170;

  @state() private hoverT: number | null = null;
  @state() private dragFrom: number | null = null;
  @state() private dragTo: number | null = null;
  readonly #size = new WidthController(this);
  #frame: Frame | null = null;

  override render() {
    const spec = this.spec;
    if (!spec) return nothing;
    const width = this.#size.width;
    return html`<figure data-chart=${spec.id}>
      <figcaption><h3>${spec.title}</h3>${this.#legend(spec)}</figcaption>
      ${spec.note ? html`<p class="note">${spec.note}</p>` : nothing}
      <div class="plotwrap">
        ${width > 0 ? this.#plot(spec, width) : html`<svg class="plot" height=${this.plotHeight + MARGIN.top + MARGIN.bottom}></svg>`}
        ${this.#tooltip(spec)}
      </div>
    </figure>`;
  }

  #legend(spec: TimeChartSpec) {
    const items = [
      ...spec.lines.map((l) => ({ key: l.id, label: l.label, colour: l.colour, dash: DASHES[l.dash], faint: l.faint === true, rule: false })),
      ...spec.rules.map((r, i) => ({ key: `rule-${i}`, label: r.label, colour: r.colour, dash: "2 3", faint: false, rule: true })),
    ];
    return html`<ul class="legend" aria-label="legend">
      ${items.map(
        (it) => html`<li class=${colourClass(it.colour)} data-legend=${it.key}>
          <svg aria-hidden="true" class=${it.faint ? "faint" : ""}><line x1="0" x2="22" y1="5" y2="5" stroke-dasharray=${it.dash}></line></svg>${it.label}
        </li>`,
      )}
    </ul>`;
  }

  #scales(spec: TimeChartSpec, width: number): Frame {
    const extent = timeExtent(spec);
    const window: [number, number] = this.domain ? [Math.max(extent[0], this.domain[0]), Math.min(extent[1], this.domain[1])] : extent;
    if (!(window[1] > window[0])) window.splice(0, 2, ...extent);
    const plot = { x0: MARGIN.left, x1: width - (spec.right ? MARGIN.rightAxis : MARGIN.right), y0: MARGIN.top, y1: MARGIN.top + this.plotHeight };
    const onAxis = (side: "left" | "right") => spec.lines.filter((l) => l.axis === side);
    const rulesOn = (side: "left" | "right") => spec.rules.filter((r) => r.axis === side).map((r) => r.y);
    const x = timeScale(window, plot.x0, plot.x1);
    const left = valueScale(spec.left, onAxis("left"), rulesOn("left"), window, [plot.y1, plot.y0]);
    const right = spec.right ? valueScale(spec.right, onAxis("right"), rulesOn("right"), window, [plot.y1, plot.y0]) : null;
    return { x, left, right, window, plot };
  }

  #plot(spec: TimeChartSpec, width: number) {
    const f = (this.#frame = this.#scales(spec, width));
    const { x, plot } = f;
    const yOf = (axis: "left" | "right") => (axis === "right" && f.right ? f.right : f.left);
    const zoomed = this.domain !== null;
    return html`<svg
      class="plot" width=${width} height=${plot.y1 + MARGIN.bottom} tabindex="0" role="img"
      aria-label=${`${spec.title}: ${spec.lines.map((l) => l.label).join(", ")}. Arrow keys read the values over time; drag to zoom, Escape to reset.`}
      @pointermove=${this.#onMove} @pointerleave=${this.#onLeave} @pointerdown=${this.#onDown} @pointerup=${this.#onUp}
      @dblclick=${this.#reset} @keydown=${this.#onKey} @blur=${this.#onLeave}
    >
      <defs><clipPath id="clip"><rect x=${plot.x0} y=${plot.y0 - 8} width=${plot.x1 - plot.x0} height=${plot.y1 - plot.y0 + 8}></rect></clipPath></defs>
      ${grid(f.left, plot.x0, plot.x1, spec.left.scale === "log")}
      ${bottomAxis(x, plot.y1, zoomed ? "simulated time (zoomed)" : "simulated time")}
      ${sideAxis(f.left, "left", plot.x0, spec.left.label, spec.left.format, spec.left.scale === "log")}
      ${spec.right && f.right ? sideAxis(f.right, "right", plot.x1, spec.right.label, spec.right.format, spec.right.scale === "log") : nothing}
      <g clip-path="url(#clip)">
        ${spec.rules.map((r) => {
          const y = yOf(r.axis)(r.y);
          return svg`<g class="rule ${colourClass(r.colour)}"><line x1=${plot.x0} x2=${plot.x1} y1=${y} y2=${y}></line>
            <text x=${plot.x1 - 4} y=${y - 4} text-anchor="end">${r.label}</text></g>`;
        })}
        ${spec.lines.map((l) => this.#path(l, x, yOf(l.axis), f.window, spec.left.scale === "log" && l.axis === "left"))}
        ${spec.marks.map((m) => this.#mark(m, x, f.left, f.window))}
      </g>
      ${this.#hoverLayer(spec, f)}
      ${this.dragFrom !== null && this.dragTo !== null
        ? svg`<rect class="drag" x=${Math.min(x(this.dragFrom), x(this.dragTo))} y=${plot.y0} width=${Math.abs(x(this.dragTo) - x(this.dragFrom))} height=${plot.y1 - plot.y0} fill="var(--ss-accent)" fill-opacity="0.15"></rect>`
        : nothing}
    </svg>`;
  }

  #path(l: LineSpec, x: NumericScale, y: NumericScale, window: [number, number], isLog: boolean) {
    const [from, to] = visibleRange(l.t, window[0], window[1]);
    const idx = new Array<number>(to - from);
    for (let i = from; i < to; i++) idx[i - from] = i;
    const { t, y: v } = l;
    const d = line<number>()
      .defined((i) => Number.isFinite(v[i]!) && (!isLog || v[i]! > 0))
      .x((i) => x(t[i]!))
      .y((i) => y(v[i]!))
      .curve(l.curve === "step" ? curveStepAfter : curveLinear)(idx);
    return svg`<path class="series ${colourClass(l.colour)} ${l.faint ? "faint" : ""}" data-series=${l.id} stroke-dasharray=${DASHES[l.dash]} d=${d ?? ""}></path>`;
  }

  #mark(m: MarkSpec, x: NumericScale, y: NumericScale, window: [number, number]) {
    if (m.t < window[0] || m.t > window[1]) return nothing;
    return svg`<g class="mark ${colourClass(m.colour)}" transform="translate(${x(m.t)} ${y(m.y)})" data-mark=${m.shape}>
      <title>${formatClock(m.t)}: ${m.label}</title><path d=${MARK_PATHS[m.shape]}></path></g>`;
  }

  #hoverLayer(spec: TimeChartSpec, f: Frame) {
    const t = this.hoverT;
    if (t === null) return nothing;
    const px = f.x(t);
    return svg`<g class="hover"><line x1=${px} x2=${px} y1=${f.plot.y0} y2=${f.plot.y1}></line>
      ${spec.lines.map((l) => {
        const i = nearest(l.t, t);
        const v = i < 0 ? Number.NaN : l.y[i]!;
        const y = l.axis === "right" && f.right ? f.right : f.left;
        return Number.isFinite(v) && (spec.left.scale !== "log" || v > 0) ? svg`<circle class=${colourClass(l.colour)} r="3" cx=${f.x(l.t[i]!)} cy=${y(v)}></circle>` : nothing;
      })}</g>`;
  }

  #tooltip(spec: TimeChartSpec) {
    const t = this.hoverT;
    const f = this.#frame;
    if (t === null || !f) return nothing;
    const near = spec.marks.filter((m) => Math.abs(f.x(m.t) - f.x(t)) <= 6);
    const px = f.x(t);
    const left = px > (f.plot.x0 + f.plot.x1) / 2 ? px - 12 : px + 12;
    const style = { left: `${left}px`, top: `${f.plot.y0 + 6}px`, transform: px > (f.plot.x0 + f.plot.x1) / 2 ? "translateX(-100%)" : "none" };
    return html`<div class="tooltip" role="status" style=${styleProps(style)}>
      <b>${formatClock(t)}</b>
      ${spec.lines.map((l) => {
        const i = nearest(l.t, t);
        const v = i < 0 ? Number.NaN : l.y[i]!;
        const axis = l.axis === "right" && spec.right ? spec.right : spec.left;
        return html`<div class="row ${colourClass(l.colour)}"><span class="sw"></span>${l.label}<span class="v">${axis.format(v)}</span></div>`;
      })}
      ${near.map((m) => html`<div class="row ${colourClass(m.colour)}"><span class="sw"></span>${formatClock(m.t)}: ${m.label}</div>`)}
    </div>`;
  }

  #timeAt(e: PointerEvent): number | null {
    const f = this.#frame;
    if (!f) return null;
    const rect = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const px = e.clientX - rect.left;
    if (px < f.plot.x0 || px > f.plot.x1) return null;
    return f.x.invert(px);
  }

  #onMove = (e: PointerEvent) => {
    const t = this.#timeAt(e);
    this.hoverT = t;
    if (this.dragFrom !== null && t !== null) this.dragTo = t;
  };

  #onLeave = () => {
    this.hoverT = null;
  };

  #onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const t = this.#timeAt(e);
    if (t === null) return;
    (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
    this.dragFrom = t;
    this.dragTo = t;
  };

  #onUp = () => {
    const a = this.dragFrom;
    const b = this.dragTo;
    this.dragFrom = this.dragTo = null;
    if (a === null || b === null || Math.abs(b - a) < MIN_ZOOM_SECONDS) return;
    const f = this.#frame;
    if (f && Math.abs(f.x(b) - f.x(a)) < 6) return;
    this.dispatchEvent(timeZoomEvent([Math.min(a, b), Math.max(a, b)]));
  };

  #reset = () => {
    this.dispatchEvent(timeZoomEvent(null));
  };

  #onKey = (e: KeyboardEvent) => {
    const f = this.#frame;
    const l = this.spec?.lines[0];
    if (!f || !l || l.t.length === 0) return;
    if (e.key === "Escape") {
      this.hoverT = null;
      if (this.domain) this.#reset();
      return;
    }
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight" && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const [from, to] = visibleRange(l.t, f.window[0], f.window[1]);
    const cur = this.hoverT === null ? -1 : nearest(l.t, this.hoverT);
    const next =
      e.key === "Home" ? from : e.key === "End" ? to - 1 : cur < 0 ? from : Math.min(to - 1, Math.max(from, cur + (e.key === "ArrowRight" ? 1 : -1)));
    this.hoverT = l.t[next]!;
  };
}

const timeScale = (window: [number, number], x0: number, x1: number): NumericScale => scaleLinear().domain(window).range([x0, x1]);

/** Index of the sample nearest to t (−1 for an empty line). */
function nearest(t: Float64Array, at: number): number {
  if (t.length === 0) return -1;
  const i = bisectTime.center(t, at);
  return Math.min(t.length - 1, Math.max(0, i));
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-time-chart": TimeChart;
  }
}
