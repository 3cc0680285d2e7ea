/** Cold start per pod as a waterfall: one row per pod, its phases laid end to end in simulated time. */
import { scaleLinear } from "d3-scale";
import { css, html, LitElement, nothing, svg } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleProps } from "../frame/style-props.js";
import type { PodSummary, Results } from "../../../../workers/protocol.js";
import { bottomAxis } from "../frame/axes.js";
import { chartStyles } from "../frame/chart-styles.js";
import { colourClass } from "../frame/palette.js";
import { formatClock, formatLatency } from "../frame/units.js";
import { WidthController } from "../frame/width-controller.js";
import type { TimeDomain } from "../frame/zoom-events.js";
import { timeZoomEvent } from "../frame/zoom-events.js";
import { PHASES, podSegments } from "./phases.js";
import type { PhaseKey, Segment } from "./phases.js";

const MARGIN = { top: 6, bottom: 40, left: 150, right: 16 };
const ROW = 16;
/** Pods drawn at most; the rest are counted under the chart. */
export const MAX_PODS = 40;

const COLOUR: Record<PhaseKey, number> = { scheduling: 7, imagePull: 0, init: 4, containerStart: 1, modelLoad: 2, readiness: 3, serving: 5, terminating: 6 };
const LABEL: Record<PhaseKey, string> = { ...Object.fromEntries(PHASES.map((p) => [p.key, p.label])), serving: "serving (Ready)", terminating: "terminating" } as Record<PhaseKey, string>;

/** @fires ss-time-zoom - Double-click resets the shared zoom. */
@customElement("ss-cold-start-waterfall")
export class ColdStartWaterfall extends LitElement {
  static override styles = [
    chartStyles,
    css`
      .seg { fill: var(--c); }
      .seg.serving { fill-opacity: 0.35; }
      .seg.scheduling { fill-opacity: 0.45; }
      .podlabel { fill: var(--ss-text); font-size: 10.5px; }
      .legend rect { fill: var(--c); }
      .legend .serving rect { fill-opacity: 0.35; }
      .legend .scheduling rect { fill-opacity: 0.45; }
      .row:focus-visible { outline: none; }
      .row:focus-visible .podlabel { text-decoration: underline; font-weight: 600; }
    `,
  ];

  @property({ attribute: false }) results: Results | null = null;
  @property({ attribute: false }) domain: TimeDomain = null;
  @state() private hover: { pod: number; x: number; y: number } | null = null;
  readonly #size = new WidthController(this);

  override render() {
    const r = this.results;
    if (!r) return nothing;
    const pods = r.pods.slice(0, MAX_PODS);
    const keys: PhaseKey[] = [...PHASES.map((p) => p.key), "serving", "terminating"];
    return html`<figure data-chart="cold-start">
      <figcaption><h3>Cold start per pod</h3>
        <ul class="legend" aria-label="legend">${keys.map((k) => html`<li class="${colourClass(COLOUR[k])} ${k}"><svg aria-hidden="true"><rect width="18" height="9" y="0.5"></rect></svg>${LABEL[k]}</li>`)}</ul>
      </figcaption>
      <p class="note">From creation to Ready: queueing for a node, pulling images, init containers, starting, loading the weights, passing the readiness probe; then serving until terminated.</p>
      ${pods.length === 0 ? html`<p class="empty">No pods.</p>` : this.#size.width > 0 ? html`<div class="plotwrap">${this.#plot(r, pods)}</div>` : nothing}
      ${r.pods.length > MAX_PODS ? html`<p class="note">Showing the first ${MAX_PODS} of ${r.pods.length} pods.</p>` : nothing}
    </figure>`;
  }

  #plot(r: Results, pods: readonly PodSummary[]) {
    const width = this.#size.width;
    const end = r.simulatedTime;
    const window: [number, number] = this.domain ? [Math.max(0, this.domain[0]), Math.min(end, this.domain[1])] : [0, end];
    const x = scaleLinear().domain(window).range([MARGIN.left, width - MARGIN.right]).clamp(true);
    const height = pods.length * ROW;
    const segs = pods.map((p) => podSegments(p, end));
    const h = this.hover;
    return html`<svg class="plot" width=${width} height=${MARGIN.top + height + MARGIN.bottom} role="group" aria-label="cold start of each pod; Tab moves between pods"
        @dblclick=${() => this.dispatchEvent(timeZoomEvent(null))} @pointerleave=${() => (this.hover = null)}>
      ${pods.map((p, i) => {
        const y = MARGIN.top + i * ROW;
        const summary = describe(p, segs[i]!);
        return svg`<g class="row" tabindex="0" role="img" aria-label=${summary} data-pod=${p.name}
            @pointerenter=${() => (this.hover = { pod: i, x: x(segs[i]![0]?.start ?? 0), y })} @focus=${() => (this.hover = { pod: i, x: x(segs[i]![0]?.start ?? 0), y })} @blur=${() => (this.hover = null)}>
          <text class="podlabel" x=${MARGIN.left - 6} y=${y + ROW / 2} dy="0.32em" text-anchor="end">${p.name.length > 22 ? `${p.name.slice(0, 21)}…` : p.name}</text>
          ${segs[i]!.map((s) => (s.end < window[0] || s.start > window[1] ? nothing : svg`<rect class="seg ${s.phase} ${colourClass(COLOUR[s.phase])}" x=${x(s.start)} y=${y + 2} width=${Math.max(1, x(s.end) - x(s.start))} height=${s.phase === "serving" ? ROW / 3 : ROW - 4} transform=${s.phase === "serving" ? `translate(0 ${ROW / 4})` : ""}></rect>`))}
        </g>`;
      })}
      ${bottomAxis(x, MARGIN.top + height, this.domain ? "simulated time (zoomed)" : "simulated time")}
    </svg>
    ${h ? this.#tooltip(pods[h.pod]!, segs[h.pod]!, h.x, h.y, width) : nothing}`;
  }

  #tooltip(p: PodSummary, segs: readonly Segment[], px: number, py: number, width: number) {
    const right = px > width / 2;
    const style = { left: `${right ? px - 8 : px + 8}px`, top: `${py + ROW + 2}px`, transform: right ? "translateX(-100%)" : "none" };
    return html`<div class="tooltip" role="status" style=${styleProps(style)}>
      <b>${p.name}</b> ${p.node ? `on ${p.node}` : "(not scheduled)"} · ${p.status}
      ${segs.map((s) => html`<div class="row ${colourClass(COLOUR[s.phase])}"><span class="sw"></span>${LABEL[s.phase]}<span class="v">${formatClock(s.start)} + ${formatLatency(s.end - s.start)}</span></div>`)}
      ${p.pendingReason ? html`<div>${p.pendingReason}</div>` : nothing}
    </div>`;
  }
}

const describe = (p: PodSummary, segs: readonly Segment[]): string =>
  `${p.name}, ${p.status}${p.node ? ` on ${p.node}` : ""}: ${segs.map((s) => `${LABEL[s.phase]} ${formatLatency(s.end - s.start)}`).join(", ")}`;

declare global {
  interface HTMLElementTagNameMap {
    "ss-cold-start-waterfall": ColdStartWaterfall;
  }
}
