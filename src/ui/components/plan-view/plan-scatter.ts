/**
 * The Pareto scatter of a plan: each fully simulated candidate at its cost (x) and one latency
 * tail (y, worst over scenarios and seeds), passing ones filled, failing ones hollow; the Pareto
 * front of cost against that tail drawn through its points and the winner ringed. d3 gives the
 * scales and the front's line; Lit renders the SVG. Points are one tab stop (arrow keys move
 * between them, cheapest first), each with an accessible name; hover or focus shows the details.
 */
import { scaleLinear, scaleLog } from "d3-scale";
import { line } from "d3-shape";
import { css, html, LitElement, nothing, svg } from "lit";
import type { PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleProps } from "../../charts/frame/style-props.js";
import { grid, sideAxis } from "../../charts/frame/axes.js";
import type { NumericScale } from "../../charts/frame/axes.js";
import { chartStyles } from "../../charts/frame/chart-styles.js";
import { formatLatency, formatMoney } from "../../charts/frame/units.js";
import { WidthController } from "../../charts/frame/width-controller.js";
import type { CandidateRow } from "./candidate-rows.js";
import { shortAxis } from "./candidate-rows.js";

export interface ScatterPoint {
  readonly row: CandidateRow;
  readonly cost: number;
  readonly tail: number;
  readonly pass: boolean;
}

const HEIGHT = 330;
const MARGIN = { top: 26, right: 18, bottom: 40, left: 64 };

/** The points of a tail: candidates with an objective and that tail, cheapest first. */
export function scatterPoints(rows: readonly CandidateRow[], tail: string): ScatterPoint[] {
  return rows
    .flatMap((row) => {
      const t = row.tails?.[tail];
      return row.objective !== null && t !== null && t !== undefined && Number.isFinite(row.objective) ? [{ row, cost: row.objective, tail: t, pass: row.status === "passed" }] : [];
    })
    .sort((a, b) => a.cost - b.cost || a.tail - b.tail || a.row.index - b.row.index);
}

/** @fires ss-candidate-select - A point was clicked or Enter pressed on it; the detail carries the candidate id. */
@customElement("ss-plan-scatter")
export class PlanScatter extends LitElement {
  static override styles = [
    chartStyles,
    css`
      .pt { cursor: pointer; outline: none; }
      .pt circle.dot { stroke: var(--c); stroke-width: 1.6; }
      .pt.pass circle.dot { fill: var(--c); fill-opacity: 0.85; }
      .pt.fail circle.dot { fill: var(--ss-bg); }
      .pt:hover circle.dot, .pt.current circle.dot { stroke-width: 2.6; }
      .pt:focus-visible circle.halo { stroke: var(--ss-focus); stroke-width: 2.5; fill: none; }
      circle.halo { fill: none; stroke: none; }
      .winner-ring { fill: none; stroke: var(--ss-text); stroke-width: 1.6; }
      .winner-label { fill: var(--ss-text); font-size: 11px; font-weight: 600; paint-order: stroke; stroke: var(--ss-bg); stroke-width: 3px; }
      .front { fill: none; stroke: var(--c); stroke-width: 1.6; stroke-dasharray: 5 3; }
      .legend circle { stroke: var(--c); stroke-width: 1.6; }
      .legend .pass circle { fill: var(--c); }
      .legend .fail circle { fill: var(--ss-bg); }
      .legend .ring circle { fill: none; stroke: var(--ss-text); }
      .legend path { fill: none; stroke: var(--c); stroke-width: 1.6; stroke-dasharray: 5 3; }
      .axis.x g text { text-anchor: middle; }
      .tooltip { max-width: 26rem; }
      .tooltip .why { color: var(--ss-muted); margin-top: 0.25em; }
    `,
  ];

  @property({ attribute: false }) rows: readonly CandidateRow[] = [];
  /** The tail plotted (`chat ttft.p99`). */
  @property() tail = "";
  /** Candidate ids on the front of this tail, cheapest first. */
  @property({ attribute: false }) front: readonly string[] = [];
  /** Axis addresses of the plan (for the details). */
  @property({ attribute: false }) axes: readonly string[] = [];
  @state() private hover: string | null = null;
  @state() private current = 0;
  readonly #width = new WidthController(this);
  #points: ScatterPoint[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("rows") || changed.has("tail")) {
      this.#points = scatterPoints(this.rows, this.tail);
      const winner = this.#points.findIndex((p) => p.row.mark === "winner");
      this.current = Math.max(0, winner);
    }
  }

  override render() {
    const points = this.#points;
    const width = this.#width.width;
    if (points.length === 0) return html`<p class="empty" data-testid="scatter-empty">No candidate was simulated in full with this tail yet.</p>`;
    if (width < 100) return html`<div class="plotwrap"></div>`;
    const x0 = MARGIN.left;
    const x1 = width - MARGIN.right;
    const y0 = MARGIN.top;
    const y1 = HEIGHT - MARGIN.bottom;
    const costs = points.map((p) => p.cost);
    const tails = points.map((p) => p.tail).filter((t) => t > 0);
    const [cLo, cHi] = [Math.min(...costs), Math.max(...costs)];
    const pad = cHi > cLo ? (cHi - cLo) * 0.06 : Math.max(cLo * 0.1, 0.01);
    const x = scaleLinear().domain([Math.max(0, cLo - pad), cHi + pad]).range([x0, x1]).nice();
    const tLo = Math.min(...tails);
    const tHi = Math.max(...tails);
    const isLog = tails.length > 0 && tLo > 0 && tHi / tLo > 20;
    const y: NumericScale = isLog ? scaleLog().domain([tLo / 1.3, tHi * 1.3]).range([y1, y0]) : scaleLinear().domain([0, (tHi || 1) * 1.1]).range([y1, y0]).nice();
    const yOf = (t: number) => (isLog && t <= 0 ? y1 : y(t));
    const front = this.front.map((id) => points.find((p) => p.row.id === id)).filter((p): p is ScatterPoint => p !== undefined);
    const frontPath = line<ScatterPoint>().x((p) => x(p.cost)).y((p) => yOf(p.tail))(front) ?? "";
    const winner = points.find((p) => p.row.mark === "winner");
    const xTicks = x.ticks(Math.max(2, Math.floor((x1 - x0) / 90)));
    const shown = this.hover ?? null;
    return html`<figure data-chart="pareto">
      <figcaption>
        <h3 id="scatter-title">Cost against ${this.tail}</h3>
        <ul class="legend" aria-label="legend">
          <li class="c0 pass"><svg aria-hidden="true"><circle cx="11" cy="5" r="4"></circle></svg>passed</li>
          <li class="c3 fail"><svg aria-hidden="true"><circle cx="11" cy="5" r="4"></circle></svg>failed</li>
          <li class="c0"><svg aria-hidden="true"><path d="M0 5 H22"></path></svg>Pareto front</li>
          <li class="ring"><svg aria-hidden="true"><circle cx="11" cy="5" r="6"></circle></svg>winner</li>
        </ul>
      </figcaption>
      <p class="note">${points.length} candidates simulated in full; arrow keys move between them (cheapest first), Enter shows one in the table.</p>
      <div class="plotwrap">
        <svg class="plot" width=${width} height=${HEIGHT} role="group" aria-labelledby="scatter-title" @pointerleave=${() => (this.hover = null)}>
          ${grid(y, x0, x1, isLog)}
          ${sideAxis(y, "left", x0, `${this.tail} (worst over scenarios and seeds)`, formatLatency, isLog)}
          <g class="axis x" transform="translate(0 ${y1})">
            <line class="domain" x1=${x0} x2=${x1}></line>
            ${xTicks.map((v) => svg`<g transform="translate(${x(v)} 0)"><line y2="5"></line><text y="17">${formatMoney(v)}</text></g>`)}
            <text class="title" x=${x1} y="34" text-anchor="end">cost of the run, $ (weighted over the scenarios, mean over the seeds)</text>
          </g>
          ${front.length > 1 ? svg`<path class="front c0" d=${frontPath}></path>` : nothing}
          ${points.map((p, i) => this.#point(p, i, x(p.cost), yOf(p.tail)))}
          ${winner ? svg`<circle class="winner-ring" cx=${x(winner.cost)} cy=${yOf(winner.tail)} r="9" aria-hidden="true"></circle>
            <text class="winner-label" x=${x(winner.cost) + 12} y=${yOf(winner.tail) - 10}>winner ${winner.row.id}</text>` : nothing}
        </svg>
        ${shown ? this.#tooltip(points.find((p) => p.row.id === shown), x, yOf, width) : nothing}
      </div>
    </figure>`;
  }

  #point(p: ScatterPoint, i: number, cx: number, cy: number) {
    const label = `${p.row.id}${p.row.mark === "winner" ? " (winner)" : p.row.mark === "front" ? " (Pareto front)" : ""}: ${this.#values(p.row)}; ${p.pass ? "passed" : p.row.status}; cost ${formatMoney(p.cost)}; ${this.tail} ${formatLatency(p.tail)}`;
    return svg`<g class="pt ${p.pass ? "pass c0" : "fail c3"} ${i === this.current ? "current" : ""}" data-candidate=${p.row.id} tabindex=${i === this.current ? 0 : -1}
      role="button" aria-label=${label}
      @pointerenter=${() => (this.hover = p.row.id)} @focus=${() => this.#focusAt(i, false)} @blur=${() => (this.hover = null)}
      @click=${() => this.#select(p.row.id)} @keydown=${(e: KeyboardEvent) => this.#onKey(e, i)}>
      <circle class="halo" cx=${cx} cy=${cy} r="8"></circle>
      <circle class="dot" cx=${cx} cy=${cy} r="4.5"></circle>
    </g>`;
  }

  #values(row: CandidateRow): string {
    return this.axes.map((a, i) => `${shortAxis(a, this.axes)} ${row.values[i]}`).join(", ");
  }

  #tooltip(p: ScatterPoint | undefined, x: (v: number) => number, y: (v: number) => number, width: number) {
    if (!p) return nothing;
    const px = x(p.cost);
    const right = px > width / 2;
    const style = { left: `${right ? px - 14 : px + 14}px`, top: `${Math.max(0, y(p.tail) - 20)}px`, transform: right ? "translateX(-100%)" : "none" };
    return html`<div class="tooltip" role="status" data-testid="scatter-tooltip" style=${styleProps(style)}>
      <b>${p.row.id}</b>${p.row.mark === "winner" ? " — the winner" : p.row.mark === "front" ? " — on the Pareto front" : ""}
      ${this.axes.map((a, i) => html`<div class="row">${a}<span class="v">${p.row.values[i]}</span></div>`)}
      <div class="row">cost<span class="v">${formatMoney(p.cost)}</span></div>
      ${Object.entries(p.row.tails ?? {}).map(([k, v]) => html`<div class="row">${k}<span class="v">${v === null ? "–" : /rate|unserved/i.test(k) ? v.toPrecision(3) : formatLatency(v)}</span></div>`)}
      <div class="why">${p.row.why}</div>
    </div>`;
  }

  #focusAt(i: number, move: boolean): void {
    this.current = i;
    this.hover = this.#points[i]?.row.id ?? null;
    if (move) void this.updateComplete.then(() => (this.renderRoot.querySelector<SVGGElement>(`.pt[data-candidate="${this.#points[i]!.row.id}"]`))?.focus());
  }

  #onKey(e: KeyboardEvent, i: number): void {
    const last = this.#points.length - 1;
    const to = e.key === "ArrowRight" || e.key === "ArrowDown" ? Math.min(last, i + 1) : e.key === "ArrowLeft" || e.key === "ArrowUp" ? Math.max(0, i - 1) : e.key === "Home" ? 0 : e.key === "End" ? last : null;
    if (to !== null) {
      e.preventDefault();
      this.#focusAt(to, true);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.#select(this.#points[i]!.row.id);
    }
  }

  #select(id: string): void {
    this.dispatchEvent(new CustomEvent("ss-candidate-select", { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-plan-scatter": PlanScatter;
  }
}
