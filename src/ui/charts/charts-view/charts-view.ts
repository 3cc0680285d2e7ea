/**
 * Every chart of a run (or of two runs overlaid) on one grid, sharing one time window: the
 * overview brush or a drag on any chart zooms all of them. New results or a new window reach
 * the charts one per task (StagedController), so redrawing never blocks the page.
 */
import { css, html, LitElement, nothing } from "lit";
import type { PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import "../cold-start-waterfall/cold-start-waterfall.js";
import "../event-timeline/event-timeline.js";
import "../gpu-heatmap/gpu-heatmap.js";
import "../time-brush/time-brush.js";
import "../time-chart/time-chart.js";
import type { ChartRun } from "../frame/runs.js";
import type { TimeChartSpec } from "../frame/spec.js";
import type { TimeDomain, TimeZoomDetail } from "../frame/zoom-events.js";
import { latencyChart } from "../latency-chart/latency-chart.js";
import { loadChart } from "../load-chart/load-chart.js";
import { nodesCostChart } from "../nodes-cost-chart/nodes-cost-chart.js";
import { queueChart } from "../queue-chart/queue-chart.js";
import { replicasChart } from "../replicas-chart/replicas-chart.js";
import { StagedController } from "./staged.js";

interface View {
  readonly runs: readonly ChartRun[];
  readonly domain: TimeDomain;
}

type Slot =
  | { readonly kind: "time"; readonly id: string; readonly spec: (runs: readonly ChartRun[]) => TimeChartSpec | null }
  | { readonly kind: "brush" | "gpu" | "cold-start" | "timeline"; readonly id: string };

const SLOTS: readonly Slot[] = [
  { kind: "brush", id: "brush" },
  { kind: "time", id: "load", spec: loadChart },
  { kind: "time", id: "latency", spec: (runs) => latencyChart(runs, "latency") },
  { kind: "time", id: "ttft", spec: (runs) => latencyChart(runs, "ttft") },
  { kind: "time", id: "tpot", spec: (runs) => latencyChart(runs, "tpot") },
  { kind: "time", id: "replicas", spec: replicasChart },
  { kind: "time", id: "nodes", spec: nodesCostChart },
  { kind: "time", id: "queues", spec: queueChart },
  { kind: "gpu", id: "gpu" },
  { kind: "cold-start", id: "cold-start" },
  { kind: "timeline", id: "timeline" },
];

/** @cssprop --ss-chart-min - Narrowest chart column before the grid drops to one column (560px). */
@customElement("ss-charts-view")
export class ChartsView extends LitElement {
  static override styles = css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--ss-chart-min, 560px)), 1fr)); gap: 1.4rem 1.6rem; }
    .wide { grid-column: 1 / -1; }
    .slot { min-width: 0; min-height: 2rem; }
  `;

  /** The run to draw, and a baseline run overlaid fainter when comparing. */
  @property({ attribute: false }) runs: readonly ChartRun[] = [];
  @state() private domain: TimeDomain = null;
  readonly #staged = new StagedController<View>(this);
  readonly #specs = new Map<string, { runs: readonly ChartRun[]; spec: TimeChartSpec | null }>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("runs")) {
      const old = changed.get("runs");
      // A new run keeps the window only if it covers the same span.
      if (old && old[0]?.results.scenario.duration !== this.runs[0]?.results.scenario.duration) this.domain = null;
      void this.#staged.stage({ runs: this.runs, domain: this.domain }, SLOTS.length);
    }
  }

  override render() {
    if (this.runs.length === 0) return nothing;
    return html`<div class="grid" @ss-time-zoom=${this.#onZoom}>${SLOTS.map((slot, i) => this.#slot(slot, this.#staged.shown[i]))}</div>`;
  }

  #slot(slot: Slot, view: View | undefined) {
    const wide = slot.kind !== "time";
    if (!view) return html`<div class="slot ${wide ? "wide" : ""}" aria-busy="true"></div>`;
    const first = view.runs[0]!.results;
    switch (slot.kind) {
      case "brush":
        return html`<div class="slot wide"><ss-time-brush .results=${first} .domain=${view.domain}></ss-time-brush></div>`;
      case "gpu":
        return html`<div class="slot wide"><ss-gpu-heatmap .results=${first} .domain=${view.domain}></ss-gpu-heatmap></div>`;
      case "cold-start":
        return html`<div class="slot wide"><ss-cold-start-waterfall .results=${first} .domain=${view.domain}></ss-cold-start-waterfall></div>`;
      case "timeline":
        return html`<div class="slot wide"><ss-event-timeline .results=${first} .domain=${view.domain}></ss-event-timeline></div>`;
      case "time": {
        const spec = this.#spec(slot.id, view.runs, slot.spec);
        return spec ? html`<div class="slot"><ss-time-chart .spec=${spec} .domain=${view.domain}></ss-time-chart></div>` : nothing;
      }
    }
  }

  /** The spec of a slot, recomputed only when its runs change (not on zoom). */
  #spec(id: string, runs: readonly ChartRun[], make: (runs: readonly ChartRun[]) => TimeChartSpec | null): TimeChartSpec | null {
    const cached = this.#specs.get(id);
    if (cached && cached.runs === runs) return cached.spec;
    const spec = make(runs);
    this.#specs.set(id, { runs, spec });
    return spec;
  }

  #onZoom = (e: CustomEvent<TimeZoomDetail>) => {
    e.stopPropagation();
    this.domain = e.detail.domain;
    void this.#staged.stage({ runs: this.runs, domain: this.domain }, SLOTS.length);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-charts-view": ChartsView;
  }
}
