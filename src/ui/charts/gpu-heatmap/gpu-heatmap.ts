/** Per-node GPU utilisation over time as a heat map: one row per node, Viridis from idle to fully busy. */
import { scaleLinear } from "d3-scale";
import { css, html, LitElement, nothing, svg } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleProps } from "../frame/style-props.js";
import type { Results } from "../../../../workers/protocol.js";
import { bottomAxis } from "../frame/axes.js";
import { chartStyles } from "../frame/chart-styles.js";
import { formatClock, formatShare } from "../frame/units.js";
import { WidthController } from "../frame/width-controller.js";
import type { TimeDomain } from "../frame/zoom-events.js";
import { timeZoomEvent } from "../frame/zoom-events.js";
import { bisectTime, visibleRange } from "../time-chart/scales.js";
import type { NumericScale } from "../frame/axes.js";
import { heatmapPaths, LEVELS, levelColour } from "./heatmap-cells.js";

const MARGIN = { top: 8, bottom: 40, left: 96, right: 16 };

/** @fires ss-time-zoom - Double-click resets the shared zoom. */
@customElement("ss-gpu-heatmap")
export class GpuHeatmap extends LitElement {
  static override styles = [
    chartStyles,
    css`
      .ramp { display: inline-flex; align-items: center; gap: 0.4em; font-size: 0.8rem; }
      .ramp svg { width: 120px; height: 10px; }
      .absent { fill: var(--ss-grid); }
      .rowlabel { fill: var(--ss-text); font-size: 10.5px; }
      .cellhover { fill: none; stroke: var(--ss-text); stroke-width: 1.5; }
    `,
  ];

  @property({ attribute: false }) results: Results | null = null;
  @property({ attribute: false }) domain: TimeDomain = null;
  @state() private hover: { row: number; k: number } | null = null;
  readonly #size = new WidthController(this);

  override render() {
    const r = this.results;
    if (!r) return nothing;
    const names = r.nodes.map((n) => n.name).filter((n) => r.series.nodes?.[n] !== undefined);
    const rows = names.map((n) => r.series.nodes[n]!.gpuBusy);
    const hasGpu = rows.some((col) => col.some((v) => Number.isFinite(v)));
    return html`<figure data-chart="gpu">
      <figcaption><h3>GPU utilisation per node</h3>${this.#ramp()}</figcaption>
      <p class="note">Busy share of each node's GPUs over each sample step (a pod's busy slots weighted by the GPUs it holds); grey: node absent.</p>
      ${!hasGpu ? html`<p class="empty">No node has GPUs in this run.</p>` : this.#size.width > 0 ? html`<div class="plotwrap">${this.#plot(r, names, rows)}</div>` : nothing}
    </figure>`;
  }

  #ramp() {
    return html`<span class="ramp" aria-label="colour scale from 0 % to 100 % busy">0 %
      <svg aria-hidden="true">${Array.from({ length: LEVELS }, (_, b) => svg`<rect x=${b * 12} width="12" height="10" fill=${levelColour(b)}></rect>`)}</svg>100 %</span>`;
  }

  #plot(r: Results, names: readonly string[], rows: readonly Float64Array[]) {
    const width = this.#size.width;
    const t = r.series.t;
    const end = t.length > 0 ? t[t.length - 1]! : 1;
    const window: [number, number] = this.domain ? [Math.max(0, this.domain[0]), Math.min(end, this.domain[1])] : [0, end];
    const rowHeight = Math.max(5, Math.min(18, Math.floor(260 / Math.max(1, rows.length))));
    const height = rows.length * rowHeight;
    const x = scaleLinear().domain(window).range([MARGIN.left, width - MARGIN.right]);
    const [from, to] = visibleRange(t, window[0], window[1]);
    const paths = heatmapPaths(rows, { x, rowTop: (row) => MARGIN.top + row * rowHeight, rowHeight, t, from, to });
    const labelEvery = Math.ceil(11 / rowHeight);
    const h = this.hover;
    return html`<svg class="plot" width=${width} height=${MARGIN.top + height + MARGIN.bottom} role="img" tabindex="0"
        aria-label=${`GPU utilisation heat map of ${rows.length} nodes; arrow keys move between cells`}
        @pointermove=${(e: PointerEvent) => this.#onMove(e, x, rowHeight, rows.length, t)} @pointerleave=${() => (this.hover = null)}
        @dblclick=${() => this.dispatchEvent(timeZoomEvent(null))} @keydown=${(e: KeyboardEvent) => this.#onKey(e, rows.length, from, to)}>
      <defs><clipPath id="clip"><rect x=${MARGIN.left} y=${MARGIN.top} width=${width - MARGIN.left - MARGIN.right} height=${height}></rect></clipPath></defs>
      <rect class="absent" x=${MARGIN.left} y=${MARGIN.top} width=${width - MARGIN.left - MARGIN.right} height=${height}></rect>
      <g clip-path="url(#clip)">${paths.map((d, b) => (d ? svg`<path d=${d} fill=${levelColour(b)} data-level=${b}></path>` : nothing))}</g>
      ${names.map((n, row) => (row % labelEvery === 0 ? svg`<text class="rowlabel" x=${MARGIN.left - 6} y=${MARGIN.top + row * rowHeight + rowHeight / 2} dy="0.32em" text-anchor="end" data-node=${n}>${n.length > 14 ? `${n.slice(0, 13)}…` : n}</text>` : nothing))}
      ${bottomAxis(x, MARGIN.top + height, this.domain ? "simulated time (zoomed)" : "simulated time")}
      ${h ? svg`<rect class="cellhover" x=${x(h.k === 0 ? 0 : t[h.k - 1]!)} y=${MARGIN.top + h.row * rowHeight} width=${Math.max(2, x(t[h.k]!) - x(h.k === 0 ? 0 : t[h.k - 1]!))} height=${rowHeight - 1}></rect>` : nothing}
    </svg>
    ${h ? this.#tooltip(names[h.row]!, rows[h.row]![h.k]!, t[h.k]!, x(t[h.k]!), MARGIN.top + h.row * rowHeight, width) : nothing}`;
  }

  #tooltip(node: string, v: number, at: number, px: number, py: number, width: number) {
    const right = px > width / 2;
    const style = { left: `${right ? px - 12 : px + 12}px`, top: `${py + 20}px`, transform: right ? "translateX(-100%)" : "none" };
    return html`<div class="tooltip" role="status" style=${styleProps(style)}><b>${node}</b> at ${formatClock(at)}: ${Number.isFinite(v) ? `${formatShare(v)} busy` : "absent"}</div>`;
  }

  #onMove(e: PointerEvent, x: NumericScale, rowHeight: number, count: number, t: Float64Array) {
    const rect = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const px = e.clientX - rect.left;
    const row = Math.floor((e.clientY - rect.top - MARGIN.top) / rowHeight);
    if (px < MARGIN.left || row < 0 || row >= count || t.length === 0) {
      this.hover = null;
      return;
    }
    this.hover = { row, k: Math.min(t.length - 1, bisectTime.left(t, x.invert(px))) };
  }

  #onKey(e: KeyboardEvent, count: number, from: number, to: number) {
    const moves: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const m = moves[e.key];
    if (e.key === "Escape") this.hover = null;
    if (!m || count === 0 || to <= from) return;
    e.preventDefault();
    const h = this.hover ?? { row: 0, k: from };
    this.hover = { row: Math.min(count - 1, Math.max(0, h.row + m[0])), k: Math.min(to - 1, Math.max(from, h.k + m[1])) };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-gpu-heatmap": GpuHeatmap;
  }
}
