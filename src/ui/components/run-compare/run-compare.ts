/** Compare two runs of the session: their summaries side by side with the differences, and their charts overlaid. */
import { css, html, LitElement, nothing } from "lit";
import type { PropertyValues } from "lit";
import { controlStyles } from "../../app/controls.styles.js";
import { customElement, property, state } from "lit/decorators.js";
import "../../charts/charts-view/charts-view.js";
import type { ChartRun } from "../../charts/frame/runs.js";
import type { RunRecord } from "../../app/run-history.js";
import { compareRows, relativeChange } from "./compare-rows.js";
import type { CompareRow } from "./compare-rows.js";

@customElement("ss-run-compare")
export class RunCompare extends LitElement {
  static override styles = [
    controlStyles,
    css`
    :host { display: block; font-size: 0.86rem; }
    .pick { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: center; margin-bottom: 0.6rem; }
    select { font: inherit; padding: 0.15rem 0.35rem; border: 1px solid var(--ss-rule); border-radius: 4px; background: var(--ss-surface); color: var(--ss-text); max-width: 24rem; }
    select:focus-visible { outline: 2px solid var(--ss-focus); }
    .scroll { overflow-x: auto; margin-bottom: 1rem; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.18em 0.7em; border-bottom: 1px solid var(--ss-rule); text-align: left; white-space: nowrap; }
    thead th { color: var(--ss-muted); font-size: 0.8rem; }
    td.n { text-align: right; }
    .better { color: var(--ss-pass); }
    .worse { color: var(--ss-fail); }
    .group th { padding-top: 0.6em; border-bottom: 2px solid var(--ss-rule); }
    .empty { color: var(--ss-muted); }
    .key { color: var(--ss-muted); margin: 0 0 0.6rem; }
  `,
  ];

  /** Finished runs, newest first. */
  @property({ attribute: false }) history: readonly RunRecord[] = [];
  @state() private a = 0;
  @state() private b = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("history")) {
      // Default: the newest run (A) against the one before (B).
      const ids = this.history.map((r) => r.id);
      if (!ids.includes(this.a)) this.a = ids[0] ?? 0;
      if (!ids.includes(this.b) || this.b === this.a) this.b = ids.find((id) => id !== this.a) ?? 0;
    }
  }

  override render() {
    if (this.history.length < 2) return html`<p class="empty" data-testid="compare-empty">Run at least two scenarios (or one scenario twice with a change) to compare them. The last ${this.history.length} run(s) are kept.</p>`;
    const ra = this.history.find((r) => r.id === this.a);
    const rb = this.history.find((r) => r.id === this.b);
    return html`<div class="pick">
        <label>A <select data-testid="compare-a" @change=${(e: Event) => (this.a = Number((e.target as HTMLSelectElement).value))}>${this.#options(this.a)}</select></label>
        <label>B <select data-testid="compare-b" @change=${(e: Event) => (this.b = Number((e.target as HTMLSelectElement).value))}>${this.#options(this.b)}</select></label>
        ${ra && rb ? html`<span>${ra.digest === rb.digest ? "identical results (same digest)" : "different results"}</span>` : nothing}
      </div>
      ${ra && rb ? this.#table(compareRows(ra.results, rb.results)) : nothing}
      ${ra && rb
        ? html`<p class="key">Charts: A = ${ra.label} (solid colours), B = ${rb.label} (fainter); the overview, heat map, waterfall and timeline show A.</p>
            <ss-charts-view .runs=${this.#runs(ra, rb)}></ss-charts-view>`
        : nothing}`;
  }

  #chartRuns: { key: string; runs: readonly ChartRun[] } | null = null;

  /** The same array while A and B stay, so the charts do not redraw on unrelated updates. */
  #runs(ra: RunRecord, rb: RunRecord): readonly ChartRun[] {
    const key = `${ra.id}/${rb.id}`;
    if (this.#chartRuns?.key !== key) this.#chartRuns = { key, runs: [{ results: ra.results, label: "A" }, { results: rb.results, label: "B" }] };
    return this.#chartRuns.runs;
  }

  #options(selected: number) {
    return this.history.map((r) => html`<option value=${r.id} ?selected=${r.id === selected}>${r.label}</option>`);
  }

  #table(rows: readonly CompareRow[]) {
    let group = "";
    return html`<div class="scroll"><table data-testid="compare-table">
      <thead><tr><th scope="col">figure</th><th scope="col">A</th><th scope="col">B</th><th scope="col">B − A</th><th scope="col">change</th></tr></thead>
      <tbody>${rows.map((row) => {
        const head = row.group !== group ? ((group = row.group), html`<tr class="group"><th colspan="5" scope="rowgroup">${row.group === "run" ? "whole run" : `service ${row.group}`}</th></tr>`) : nothing;
        const diff = row.a !== null && row.b !== null ? row.b - row.a : null;
        const rel = relativeChange(row.a, row.b);
        const verdict = diff === null || diff === 0 || row.higherIsBetter === null ? "" : (diff > 0) === row.higherIsBetter ? "better" : "worse";
        return html`${head}<tr data-figure=${`${row.group}/${row.label}`}>
          <th scope="row">${row.label}</th>
          <td class="n">${row.a === null ? "–" : row.format(row.a)}</td><td class="n">${row.b === null ? "–" : row.format(row.b)}</td>
          <td class="n ${verdict}">${diff === null ? "–" : `${diff > 0 ? "+" : diff < 0 ? "−" : "±"}${row.format(Math.abs(diff))}`}</td>
          <td class="n ${verdict}">${rel === null ? "" : `${rel > 0 ? "▲" : rel < 0 ? "▼" : ""} ${(Math.abs(rel) * 100).toFixed(1)} %${verdict ? ` ${verdict}` : ""}`}</td>
        </tr>`;
      })}</tbody>
    </table></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-run-compare": RunCompare;
  }
}
