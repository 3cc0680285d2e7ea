/** The summary of one finished run: everything `servesim run` prints, as tables with units. */
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Results } from "../../../../workers/protocol.js";
import { formatClock } from "../../charts/frame/units.js";
import { formatCount } from "./format.js";
import { autoscalingTables, coldStartTable, costSection, llmTable, nodesTable, schedulerLine, servicesTable, sloTables, waitingPods } from "./sections.js";

/**
 * Reads only the summary JSON, not the series columns.
 *
 * @cssprop --ss-pass - Colour of passing SLO verdicts.
 * @cssprop --ss-fail - Colour of failing SLO verdicts.
 */
@customElement("ss-run-summary")
export class RunSummary extends LitElement {
  static override styles = css`
    :host { display: block; font-size: 0.86rem; }
    h3 { margin: 1.1em 0 0.4em; font-size: 0.98rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.3em 1.4em; margin: 0; }
    .meta dt { color: var(--ss-muted); }
    .meta dt::after { content: ":"; }
    .meta dd { margin: 0 0 0 0.3em; }
    .meta div { display: flex; }
    code { font-family: ui-monospace, monospace; word-break: break-all; font-size: 0.82rem; }
    .scroll { overflow-x: auto; margin-bottom: 0.6rem; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-bottom: 0.5rem; }
    caption { text-align: left; font-weight: 600; padding: 0.3em 0; }
    th, td { padding: 0.18em 0.65em; border-bottom: 1px solid var(--ss-rule); text-align: left; white-space: nowrap; }
    thead th { font-weight: 600; color: var(--ss-muted); font-size: 0.8rem; }
    tbody th { font-weight: 600; }
    td.n { text-align: right; }
    td.reason { white-space: normal; min-width: 20rem; }
    .pass { color: var(--ss-pass); font-weight: 600; }
    .fail { color: var(--ss-fail); font-weight: 600; }
    .no-data { color: var(--ss-muted); }
    ul { margin: 0.2em 0; padding-left: 1.2em; }
  `;

  @property({ attribute: false }) results: Results | null = null;
  /** Hex SHA-256 of the canonical results JSON. */
  @property() digest = "";
  /** Wall-clock seconds the run took in the worker. */
  @property({ type: Number }) wallSeconds = 0;

  override render() {
    const r = this.results;
    if (!r) return nothing;
    return html`
      <dl class="meta">
        <div><dt>scenario</dt><dd>${r.scenario.name}</dd></div>
        <div><dt>status</dt><dd>${r.status}${r.haltReason ? html`: ${r.haltReason}` : nothing}</dd></div>
        <div><dt>simulated</dt><dd>${formatClock(r.simulatedTime)} (warm-up ${formatClock(r.scenario.warmup)})</dd></div>
        <div><dt>events</dt><dd>${formatCount(r.events)}</dd></div>
        <div><dt>seed</dt><dd data-testid="seed">${String(r.scenario.seed)}</dd></div>
        ${this.wallSeconds > 0 ? html`<div><dt>took</dt><dd>${this.wallSeconds.toFixed(1)} s</dd></div>` : nothing}
        <div><dt>digest</dt><dd>sha256:<code data-testid="digest">${this.digest}</code></dd></div>
      </dl>
      <div class="scroll">${servicesTable(r)}</div>
      <div class="scroll">${llmTable(r)}</div>
      <div class="scroll">${coldStartTable(r)}</div>
      <div class="scroll">${waitingPods(r)}</div>
      <h3>SLOs</h3>
      <div class="scroll">${sloTables(r)}</div>
      <h3>Cost</h3>
      ${costSection(r)}
      <div class="scroll">${nodesTable(r)}</div>
      <div class="scroll">${autoscalingTables(r)}</div>
      ${schedulerLine(r)}
      <h3>Warnings</h3>
      ${r.warnings.length === 0
        ? html`<p>none</p>`
        : html`<ul data-testid="warnings">${r.warnings.map((w) => html`<li>${w.message}${w.count > 1 ? ` (×${w.count})` : ""}</li>`)}</ul>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-run-summary": RunSummary;
  }
}
