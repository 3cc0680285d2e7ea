/**
 * The plan's candidates as a table: values, status, cost, the plotted tail and why each is not
 * the winner (pruned with the reason; failed or raced out with the SLO missed on which scenario
 * and seed by how much; passed with its cost against the winner's). Filtered by status, shown
 * a page at a time (a plan may have a million candidates).
 */
import { css, html, LitElement, nothing } from "lit";
import type { PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { controlStyles } from "../../app/controls.styles.js";
import { formatLatency, formatMoney } from "../../charts/frame/units.js";
import type { CandidateRow } from "./candidate-rows.js";
import { shortAxis } from "./candidate-rows.js";

const PAGE = 100;

@customElement("ss-candidate-table")
export class CandidateTable extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; font-size: 0.82rem; }
      .bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-bottom: 0.4rem; }
      .wrap { overflow-x: auto; max-width: 100%; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid var(--ss-rule); vertical-align: top; }
      th { font-weight: 600; color: var(--ss-muted); overflow-wrap: anywhere; position: sticky; top: 0; background: var(--ss-bg); }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      td.id, td.val { white-space: nowrap; font-family: ui-monospace, monospace; font-size: 0.78rem; }
      tr[data-candidate] td { border-bottom: 0; padding-bottom: 0; }
      td.why { overflow-wrap: anywhere; color: var(--ss-muted); padding-top: 0.05rem; padding-bottom: 0.35rem; }
      tr.winner td { background: var(--ss-chosen); }
      tr.winner td.why { color: var(--ss-text); }
      tr[aria-current="true"] td { background: var(--ss-selection); }
      tr[aria-current="true"] td:first-child { box-shadow: inset 4px 0 0 var(--ss-accent); }
      .status { font-weight: 600; white-space: nowrap; }
      .passed, .implied-pass { color: var(--ss-pass); }
      .failed, .dropped, .implied-fail, .error, .invalid { color: var(--ss-fail); }
      .pruned, .pending { color: var(--ss-muted); }
      details summary { cursor: pointer; color: var(--ss-muted); }
      details ul { margin: 0.2rem 0; padding-left: 1.1rem; }
      .muted { color: var(--ss-muted); }
    `,
  ];

  @property({ attribute: false }) rows: readonly CandidateRow[] = [];
  @property({ attribute: false }) axes: readonly string[] = [];
  @property() tail = "";
  /** A candidate id to show (picked in the scatter): the filter lets it through and its row is marked. */
  @property() selected = "";
  @state() private filter = "all";
  @state() private limit = PAGE;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("rows")) {
      this.filter = "all";
      this.limit = PAGE;
    }
    if (changed.has("selected") && this.selected) {
      const at = this.#shown().findIndex((r) => r.id === this.selected);
      if (at < 0) this.filter = "all";
      const i = this.#shown().findIndex((r) => r.id === this.selected);
      if (i >= this.limit) this.limit = Math.ceil((i + 1) / PAGE) * PAGE;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("selected") && this.selected) this.renderRoot.querySelector(`tr[data-candidate="${this.selected}"]`)?.scrollIntoView({ block: "nearest" });
  }

  #shown(): readonly CandidateRow[] {
    return this.filter === "all" ? this.rows : this.rows.filter((r) => r.status === this.filter);
  }

  override render() {
    const counts = new Map<string, number>();
    for (const r of this.rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const shown = this.#shown();
    return html`
      <div class="bar">
        <label>Show <select data-testid="candidate-filter" @change=${(e: Event) => ((this.filter = (e.target as HTMLSelectElement).value), (this.limit = PAGE))}>
          <option value="all" ?selected=${this.filter === "all"}>all ${this.rows.length} candidates</option>
          ${[...counts].map(([s, n]) => html`<option value=${s} ?selected=${this.filter === s}>${s} (${n})</option>`)}
        </select></label>
        <span class="muted">${Math.min(this.limit, shown.length)} of ${shown.length} shown; winner first, then passing candidates by cost</span>
      </div>
      <div class="wrap">
        <table data-testid="candidates">
          <thead><tr><th scope="col">id</th>${this.axes.map((a) => html`<th scope="col" title=${a}>${shortAxis(a, this.axes)}</th>`)}<th scope="col">status</th><th scope="col">cost</th><th scope="col" class="tail">${this.tail || "tail"}</th></tr></thead>
          <tbody>
            ${shown.slice(0, this.limit).map((r) => this.#row(r))}
          </tbody>
        </table>
      </div>
      ${shown.length > this.limit ? html`<button data-testid="more-candidates" @click=${() => (this.limit += PAGE)}>Show ${Math.min(PAGE, shown.length - this.limit)} more</button>` : nothing}
    `;
  }

  /** Two rows per candidate: its figures, then why (in words, the width of the table). */
  #row(r: CandidateRow) {
    const tail = r.tails?.[this.tail];
    const current = r.id === this.selected ? "true" : "false";
    return html`<tr data-candidate=${r.id} data-status=${r.status} class=${r.mark ?? ""} aria-current=${current}>
        <td class="id">${r.id}${r.mark === "winner" ? " ★" : ""}</td>
        ${r.values.map((v) => html`<td class="val">${v}</td>`)}
        <td class="status ${r.status}">${r.status}</td>
        <td class="num">${r.objective === null ? "–" : formatMoney(r.objective)}</td>
        <td class="num">${tail === null || tail === undefined ? "–" : formatLatency(tail)}</td>
      </tr>
      <tr class="why-row ${r.mark ?? ""}" data-why-of=${r.id} data-status=${r.status} aria-current=${current}>
        <td></td>
        <td class="why" colspan=${r.values.length + 3}>${r.why}${r.misses.length > 1
          ? html`<details><summary>${r.misses.length} misses</summary><ul>${r.misses.map((m) => html`<li>${m}</li>`)}</ul></details>`
          : nothing}</td>
      </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-candidate-table": CandidateTable;
  }
}
