/**
 * The scheduler inspector: pick a pod's scheduling decision and see every evaluated node's
 * Filter verdict (the plugin that rejected it and why), each Score plugin's normalised and raw
 * score, the totals and the chosen node — from the explained decisions the results carry.
 */
import { css, html, LitElement, nothing } from "lit";
import type { PropertyValues } from "lit";
import { controlStyles } from "../../app/controls.styles.js";
import { customElement, property, state } from "lit/decorators.js";
import type { ExplainJson, Results } from "../../../../workers/protocol.js";
import { formatClock } from "../../charts/frame/units.js";

export interface ExplainRequestDetail {
  /** Glob of pod names whose every decision should be explained (`*` and `?`). */
  readonly pattern: string;
}

const outcome = (d: ExplainJson): string => (d.chosen ? `bound to ${d.chosen}` : d.nominatedNode ? `nominated to ${d.nominatedNode}` : "unschedulable");
const decisionLabel = (d: ExplainJson): string => `${d.pod}, attempt ${d.attempt} at ${formatClock(d.at)}: ${outcome(d)}`;

/**
 * @fires ss-explain-request - Run again explaining every decision about pods matching a pattern.
 */
@customElement("ss-scheduler-inspector")
export class SchedulerInspector extends LitElement {
  static override styles = [
    controlStyles,
    css`
    :host { display: block; font-size: 0.86rem; }
    .pick { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-bottom: 0.6rem; }
    select, input { font: inherit; padding: 0.15rem 0.35rem; border: 1px solid var(--ss-rule); border-radius: 4px; background: var(--ss-surface); color: var(--ss-text); max-width: 100%; }
    select:focus-visible, input:focus-visible, button:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 1px; }
    .pending { border-left: 3px solid var(--ss-fail); padding: 0.3rem 0.6rem; margin: 0 0 0.6rem; background: var(--ss-surface); }
    .pending button { margin-left: 0.5rem; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.2em 0.6em; border-bottom: 1px solid var(--ss-rule); text-align: left; white-space: nowrap; }
    thead th { font-size: 0.78rem; color: var(--ss-muted); font-weight: 600; vertical-align: bottom; }
    td.n { text-align: right; }
    tr.chosen { background: var(--ss-chosen); }
    tr.chosen th::before { content: "★ "; color: var(--ss-accent); }
    .rejected { color: var(--ss-fail); white-space: normal; }
    .ok { color: var(--ss-pass); }
    .msg { font-family: ui-monospace, monospace; font-size: 0.8rem; background: var(--ss-surface); padding: 0.35rem 0.5rem; border-radius: 4px; white-space: pre-wrap; }
    .muted { color: var(--ss-muted); }
    h3 { font-size: 0.95rem; margin: 0.6rem 0 0.3rem; }
  `,
  ];

  @property({ attribute: false }) results: Results | null = null;
  @state() private selected = 0;
  @state() private pattern = "*";

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("results")) {
      // Open on a Pending pod's latest decision when there is one: that is usually the question.
      const decisions = this.results?.scheduler.explain ?? [];
      const pending = new Set(this.results?.pods.filter((p) => p.status === "Pending").map((p) => p.name));
      let pick = -1;
      decisions.forEach((d, i) => {
        if (pending.has(d.pod)) pick = i;
      });
      this.selected = Math.max(0, pick);
    }
  }

  override render() {
    const r = this.results;
    if (!r) return nothing;
    const decisions = r.scheduler.explain;
    const pending = r.pods.filter((p) => p.status === "Pending");
    const d = decisions[this.selected];
    return html`
      ${pending.map(
        (p) => html`<p class="pending" data-testid="pending-pod">Pending: <strong>${p.name}</strong> — ${p.pendingReason ?? "not scheduled yet"}
          ${decisions.some((x) => x.pod === p.name) ? nothing : html`<button @click=${() => this.#explain(p.name)}>Explain this pod</button>`}</p>`,
      )}
      <div class="pick">
        <label>decision <select data-testid="decision" aria-label="scheduling decision to inspect" @change=${(e: Event) => (this.selected = Number((e.target as HTMLSelectElement).value))}>
          ${decisions.map((x, i) => html`<option value=${i} ?selected=${i === this.selected}>${decisionLabel(x)}</option>`)}
        </select></label>
        <form @submit=${this.#onSubmit}>
          <label>explain pods matching <input name="pattern" .value=${this.pattern} size="12" aria-describedby="explain-help" /></label>
          <button type="submit">Run again</button>
        </form>
      </div>
      <p id="explain-help" class="muted">${decisions.length} decisions explained: the first decisions of the run and every decision about pods matching output.explain.pods (or the pattern above, after running again)${r.scheduler.explainDropped > 0 ? `; ${r.scheduler.explainDropped} more were not kept` : ""}.</p>
      ${d ? this.#decision(d) : html`<p>No scheduling decision was explained in this run.</p>`}
    `;
  }

  #decision(d: ExplainJson) {
    const scores = new Map(d.scores.map((s) => [s.node, s]));
    const plugins = d.plugins;
    const scored = d.scores.length > 0;
    return html`<h3 data-testid="decision-title">Pod ${d.pod}, attempt ${d.attempt} at ${formatClock(d.at)}, profile ${d.profile}: ${outcome(d)}</h3>
      ${d.message ? html`<p class="msg" data-testid="fit-error">${d.message}</p>` : nothing}
      <p class="muted">${d.nodesEvaluated} of ${d.nodesTotal} nodes filtered${!scored && d.chosen && !d.note ? "; one feasible node: chosen without scoring" : ""}${d.victims.length > 0 ? `; preemption victims: ${d.victims.join(", ")}` : ""}${d.note ? `; ${d.note}` : ""}.</p>
      <div class="scroll"><table data-testid="inspector">
        <thead><tr><th scope="col">node</th><th scope="col">Filter</th>
          ${scored ? plugins.map((p) => html`<th scope="col" title=${p.skipped ? "skipped for this pod (PreScore)" : ""}>${p.name}<br />×${p.weight}${p.skipped ? " (skip)" : ""}</th>`) : nothing}
          ${scored ? html`<th scope="col">total</th>` : nothing}</tr></thead>
        <tbody>${d.filters.map((f) => {
          const s = scores.get(f.node);
          const chosen = f.node === d.chosen;
          return html`<tr class=${chosen ? "chosen" : ""} data-node=${f.node} aria-current=${chosen ? "true" : "false"}>
            <th scope="row">${f.node}</th>
            <td class=${f.passed ? "ok" : "rejected"}>${f.passed ? "passed" : `${f.plugin ?? "?"}: ${f.reasons.join("; ")}`}</td>
            ${scored ? plugins.map((_, k) => {
              const ps = s?.plugins[k];
              return html`<td class="n">${!ps ? "" : ps.normalized === null ? "skip" : `${ps.normalized} (${ps.raw ?? "–"})`}</td>`;
            }) : nothing}
            ${scored ? html`<td class="n">${s ? s.total : ""}</td>` : nothing}
          </tr>`;
        })}</tbody>
      </table></div>
      ${scored ? html`<p class="muted">Cells: normalised score 0–100 (raw score in parentheses); total = Σ normalised × weight; ★ the chosen node.</p>` : nothing}`;
  }

  #onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem("pattern") as HTMLInputElement;
    this.#explain(input.value.trim() || "*");
  };

  #explain(pattern: string): void {
    this.pattern = pattern;
    const detail: ExplainRequestDetail = { pattern };
    this.dispatchEvent(new CustomEvent("ss-explain-request", { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-scheduler-inspector": SchedulerInspector;
  }
  interface GlobalEventHandlersEventMap {
    "ss-explain-request": CustomEvent<ExplainRequestDetail>;
  }
}
