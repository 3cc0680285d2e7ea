/** The summary of one finished run: services, SLO verdicts, nodes, cost, warnings, seed and digest. */
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { NodeSummary, Results, ServiceSummary } from "../../../../workers/protocol.js";
import { formatCount, formatMoney, formatMs, formatObjective, formatRate, formatShare } from "./format.js";

/**
 * Renders the results of a run as tables. Reads only the summary JSON, not the series columns.
 *
 * @cssprop --ss-pass - Colour of passing SLO verdicts.
 * @cssprop --ss-fail - Colour of failing SLO verdicts.
 * @cssprop --ss-muted - Colour of labels.
 * @cssprop --ss-rule - Colour of table rules.
 */
@customElement("ss-run-summary")
export class RunSummary extends LitElement {
  static override styles = css`
    :host { display: block; }
    h3 { margin: 1.2em 0 0.4em; font-size: 1rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; margin: 0; }
    .meta dt { color: var(--ss-muted, #555); }
    .meta dt::after { content: ":"; }
    .meta dd { margin: 0 0 0 0.3em; }
    .meta div { display: flex; }
    code { font-family: ui-monospace, monospace; word-break: break-all; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.2em 0.7em; border-bottom: 1px solid var(--ss-rule, #ddd); }
    th { text-align: left; font-weight: 600; }
    td.n { text-align: right; }
    .pass { color: var(--ss-pass, #1b7f3b); font-weight: 600; }
    .fail { color: var(--ss-fail, #b00020); font-weight: 600; }
    .no-data { color: var(--ss-muted, #555); }
    ul { margin: 0; padding-left: 1.2em; }
  `;

  @property({ attribute: false }) results: Results | null = null;
  /** Hex SHA-256 of the canonical results JSON. */
  @property() digest = "";

  override render() {
    const r = this.results;
    if (!r) return nothing;
    return html`
      <dl class="meta">
        <div><dt>scenario</dt><dd>${r.scenario.name}</dd></div>
        <div><dt>status</dt><dd>${r.status}${r.haltReason ? html`: ${r.haltReason}` : nothing}</dd></div>
        <div><dt>simulated</dt><dd>${formatCount(r.simulatedTime)} s</dd></div>
        <div><dt>events</dt><dd>${formatCount(r.events)}</dd></div>
        <div><dt>seed</dt><dd data-testid="seed">${String(r.scenario.seed)}</dd></div>
        <div><dt>digest</dt><dd>sha256:<code data-testid="digest">${this.digest}</code></dd></div>
      </dl>
      <h3>Services</h3>
      <table>
        <tr><th>service</th><th>arrived</th><th>completed</th><th>rejected</th><th>errors</th><th>throughput</th><th>utilisation</th>
          <th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th></tr>
        ${r.services.map(serviceRow)}
      </table>
      <h3>SLOs <span class=${r.slo.pass ? "pass" : "fail"} data-testid="slo">${r.slo.pass ? "pass" : "fail"}</span></h3>
      ${r.slo.verdicts.length === 0
        ? html`<p>none defined</p>`
        : html`<table>
            <tr><th>service</th><th>objective</th><th>target</th><th>actual</th><th>verdict</th></tr>
            ${r.slo.verdicts.map(
              (v) => html`<tr><td>${v.service}</td><td>${v.objective}</td><td class="n">${formatObjective(v.objective, v.target)}</td>
                <td class="n">${formatObjective(v.objective, v.actual)}</td><td class=${v.status}>${v.status}</td></tr>`,
            )}
          </table>`}
      <h3>Nodes</h3>
      <table>
        <tr><th>node</th><th>pool</th><th>GPU</th><th>pods</th><th>GPU allocated</th><th>utilisation</th></tr>
        ${r.nodes.map(nodeRow)}
      </table>
      <h3>Cost</h3>
      <p>${formatMoney(r.cost.total)} over the run (${formatMoney(r.cost.perHour)}/h):
        ${r.cost.pools.map((p, i) => html`${i > 0 ? ", " : ""}${p.pool} ${formatCount(p.nodeHours)} node-hours at ${formatMoney(p.pricePerHour)}/h`)}</p>
      <h3>Warnings</h3>
      ${r.warnings.length === 0
        ? html`<p>none</p>`
        : html`<ul data-testid="warnings">${r.warnings.map((w) => html`<li>${w.message}${w.count > 1 ? ` (×${w.count})` : ""}</li>`)}</ul>`}
    `;
  }
}

const serviceRow = (s: ServiceSummary) => html`<tr>
  <td>${s.name}</td><td class="n">${formatCount(s.requests.arrived)}</td><td class="n">${formatCount(s.requests.completed)}</td>
  <td class="n">${formatCount(s.requests.rejected)}</td><td class="n" title="rejected, failed or timed out">${formatShare(s.errorRate)}</td>
  <td class="n">${formatRate(s.throughput)}</td><td class="n">${formatShare(s.utilisation)}</td>
  <td class="n">${formatMs(s.latency.mean)}</td><td class="n">${formatMs(s.latency.p50)}</td><td class="n">${formatMs(s.latency.p90)}</td>
  <td class="n">${formatMs(s.latency.p99)}</td><td class="n">${formatMs(s.latency.p999)}</td>
</tr>`;

const nodeRow = (n: NodeSummary) => html`<tr>
  <td>${n.name}</td><td>${n.pool}</td><td>${n.gpuType ?? "–"}</td><td class="n">${n.pods}</td>
  <td class="n">${formatShare(n.allocated.gpu)}</td><td class="n">${formatShare(n.utilisation)}</td>
</tr>`;

declare global {
  interface HTMLElementTagNameMap {
    "ss-run-summary": RunSummary;
  }
}
