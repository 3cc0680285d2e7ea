/**
 * The event timeline: faults, scaling decisions and pod placements on lanes over simulated time
 * (hover for the reason), with the full list as a table below for reading and for screen readers.
 */
import { scaleLinear } from "d3-scale";
import { css, html, LitElement, nothing, svg } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleProps } from "../frame/style-props.js";
import type { Results } from "../../../../workers/protocol.js";
import { bottomAxis } from "../frame/axes.js";
import { chartStyles } from "../frame/chart-styles.js";
import { colourClass } from "../frame/palette.js";
import { formatClock } from "../frame/units.js";
import { WidthController } from "../frame/width-controller.js";
import type { TimeDomain } from "../frame/zoom-events.js";
import { timeZoomEvent } from "../frame/zoom-events.js";
import { LANES, timelineEvents } from "./timeline-events.js";
import type { TimelineEvent } from "./timeline-events.js";

const MARGIN = { top: 8, bottom: 40, left: 112, right: 16 };
const LANE = 26;
const SHAPES = { up: "M0,-6L5.5,4H-5.5Z", down: "M0,6L5.5,-4H-5.5Z", cross: "M-4,-4L4,4M4,-4L-4,4", dot: "M-3.5,0a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0" } as const;
/** Rows of the table at most (the timeline itself draws every event). */
const TABLE_ROWS = 500;

/** @fires ss-time-zoom - Double-click resets the shared zoom. */
@customElement("ss-event-timeline")
export class EventTimeline extends LitElement {
  static override styles = [
    chartStyles,
    css`
      .ev path { fill: var(--c); stroke: var(--c); stroke-width: 1.5; }
      .ev.cross path { fill: none; stroke-width: 2; }
      .lanelabel { fill: var(--ss-text); font-size: 11px; }
      .laneline { stroke: var(--ss-grid); }
      details { margin-top: 0.4em; font-size: 0.82rem; }
      summary { cursor: pointer; }
      table { border-collapse: collapse; width: 100%; margin-top: 0.3em; }
      th, td { text-align: left; padding: 0.15em 0.6em 0.15em 0; border-bottom: 1px solid var(--ss-rule); vertical-align: top; }
      td.n { white-space: nowrap; font-variant-numeric: tabular-nums; }
      .scroll { max-height: 18rem; overflow: auto; }
    `,
  ];

  @property({ attribute: false }) results: Results | null = null;
  @property({ attribute: false }) domain: TimeDomain = null;
  @state() private hover: { at: number; lane: number; x: number } | null = null;
  readonly #size = new WidthController(this);

  override render() {
    const r = this.results;
    if (!r) return nothing;
    const events = timelineEvents(r);
    const dropped = r.autoscaling.eventsDropped;
    return html`<figure data-chart="timeline">
      <figcaption><h3>Event timeline</h3></figcaption>
      <p class="note">Faults, scaling decisions and where each pod was placed; hover a mark for the reason.</p>
      ${this.#size.width > 0 ? html`<div class="plotwrap">${this.#plot(r, events)}</div>` : nothing}
      <details>
        <summary>All ${events.length} events as a table${dropped > 0 ? ` (${dropped} scale events beyond the results' limit not kept)` : ""}</summary>
        <div class="scroll"><table>
          <thead><tr><th>at</th><th>kind</th><th>what</th><th>why</th></tr></thead>
          <tbody>${events.slice(0, TABLE_ROWS).map((e) => html`<tr><td class="n">${formatClock(e.at)}</td><td>${LANES.find((l) => l.key === e.lane)!.label}</td><td>${e.what}</td><td>${e.why}</td></tr>`)}</tbody>
        </table></div>
      </details>
    </figure>`;
  }

  #plot(r: Results, events: readonly TimelineEvent[]) {
    const width = this.#size.width;
    const end = r.simulatedTime;
    const window: [number, number] = this.domain ? [Math.max(0, this.domain[0]), Math.min(end, this.domain[1])] : [0, Math.max(end, 1)];
    const x = scaleLinear().domain(window).range([MARGIN.left, width - MARGIN.right]);
    const height = LANES.length * LANE;
    const laneOf = new Map(LANES.map((l, i) => [l.key, i]));
    const visible = events.filter((e) => e.at >= window[0] && e.at <= window[1]);
    const h = this.hover;
    return html`<svg class="plot" width=${width} height=${MARGIN.top + height + MARGIN.bottom} role="img" aria-label=${`event timeline: ${events.length} events; the table below lists them`}
        @pointermove=${(e: PointerEvent) => this.#onMove(e, x)} @pointerleave=${() => (this.hover = null)} @dblclick=${() => this.dispatchEvent(timeZoomEvent(null))}>
      ${LANES.map((l, i) => {
        const y = MARGIN.top + i * LANE + LANE / 2;
        return svg`<text class="lanelabel" x=${MARGIN.left - 8} y=${y} dy="0.32em" text-anchor="end">${l.label}</text>
          <line class="laneline" x1=${MARGIN.left} x2=${width - MARGIN.right} y1=${y} y2=${y}></line>`;
      })}
      ${visible.map((e) => {
        const lane = laneOf.get(e.lane)!;
        return svg`<g class="ev ${e.shape} ${colourClass(lane === 0 ? 3 : lane === 1 ? 0 : lane === 2 ? 2 : 7)}" data-lane=${e.lane} transform="translate(${x(e.at)} ${MARGIN.top + lane * LANE + LANE / 2})"><path d=${SHAPES[e.shape]}></path></g>`;
      })}
      ${bottomAxis(x, MARGIN.top + height, this.domain ? "simulated time (zoomed)" : "simulated time")}
      ${h ? svg`<line x1=${h.x} x2=${h.x} y1=${MARGIN.top} y2=${MARGIN.top + height} stroke="currentColor" stroke-opacity="0.3"></line>` : nothing}
    </svg>
    ${h ? this.#tooltip(visible, h, x, width) : nothing}`;
  }

  #tooltip(events: readonly TimelineEvent[], h: { at: number; lane: number; x: number }, x: (t: number) => number, width: number) {
    const lane = LANES[h.lane]!.key;
    const near = events.filter((e) => e.lane === lane && Math.abs(x(e.at) - h.x) <= 6).slice(0, 8);
    if (near.length === 0) return nothing;
    const right = h.x > width / 2;
    const style = { left: `${right ? h.x - 10 : h.x + 10}px`, top: `${MARGIN.top + (h.lane + 1) * LANE}px`, transform: right ? "translateX(-100%)" : "none" };
    return html`<div class="tooltip" role="status" style=${styleProps(style)}>${near.map((e) => html`<div><b>${formatClock(e.at)}</b> ${e.what}: ${e.why}</div>`)}</div>`;
  }

  #onMove(e: PointerEvent, x: ReturnType<typeof scaleLinear<number, number>>) {
    const rect = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const px = e.clientX - rect.left;
    const lane = Math.floor((e.clientY - rect.top - MARGIN.top) / LANE);
    this.hover = px >= MARGIN.left && lane >= 0 && lane < LANES.length ? { at: x.invert(px), lane, x: px } : null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-event-timeline": EventTimeline;
  }
}
