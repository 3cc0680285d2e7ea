/**
 * The tables of the run summary, one function per section, with what `servesim run` prints:
 * services, LLM figures, cold starts, nodes, pods not Ready, SLOs and their windows, cost,
 * autoscaling and the scheduler. Optional fields are read defensively (results grow over time).
 */
import { html, nothing } from "lit";
import type { Results, ServiceSummary } from "../../../../workers/protocol.js";
import { formatClock } from "../../charts/frame/units.js";
import {
  formatCount, formatLatency, formatMoney, formatNodeHours, formatObjective, formatOne, formatPercent, formatPrice, formatRate, formatSeconds,
} from "./format.js";

/** Request-outcome rates a service summary may carry (rejectRate always; others when the results have them). */
const RATE_FIELDS = [
  ["rejectRate", "rejected"],
  ["errorRate", "errors"],
  ["failRate", "failed"],
  ["timeoutRate", "timed out"],
] as const;

const rateOf = (s: ServiceSummary, key: string): number | null | undefined => {
  const v = (s as unknown as Record<string, unknown>)[key];
  return typeof v === "number" || v === null ? v : undefined;
};

export function servicesTable(r: Results) {
  const lost = r.services.some((s) => s.requests.failed + s.requests.timedOut > 0);
  const rates = RATE_FIELDS.filter(([k]) => r.services.some((s) => rateOf(s, k) !== undefined));
  return html`<table data-testid="services">
    <caption>Services (requests after warm-up)</caption>
    <thead><tr><th scope="col">service</th><th scope="col">pods Ready</th><th scope="col">arrived</th><th scope="col">completed</th><th scope="col">rejected</th>
      ${lost ? html`<th scope="col">failed</th><th scope="col">timed out</th>` : nothing}<th scope="col">in flight</th>
      ${rates.map(([, label]) => html`<th scope="col">${label} %</th>`)}
      <th scope="col">throughput</th><th scope="col">mean</th><th scope="col">p50</th><th scope="col">p90</th><th scope="col">p99</th><th scope="col">p99.9</th><th scope="col">wait</th><th scope="col">busy</th></tr></thead>
    <tbody>${r.services.map(
      (s) => html`<tr>
        <th scope="row">${s.name}</th><td class="n">${s.replicas.ready}/${s.replicas.desired}</td><td class="n">${formatCount(s.requests.arrived)}</td>
        <td class="n">${formatCount(s.requests.completed)}</td><td class="n">${formatCount(s.requests.rejected)}</td>
        ${lost ? html`<td class="n">${formatCount(s.requests.failed)}</td><td class="n">${formatCount(s.requests.timedOut)}</td>` : nothing}
        <td class="n">${formatCount(s.requests.inFlight)}</td>
        ${rates.map(([k]) => html`<td class="n">${formatPercent(rateOf(s, k))}</td>`)}
        <td class="n">${formatRate(s.throughput)}</td><td class="n">${formatSeconds(s.latency.mean)}</td><td class="n">${formatSeconds(s.latency.p50)}</td>
        <td class="n">${formatSeconds(s.latency.p90)}</td><td class="n">${formatSeconds(s.latency.p99)}</td><td class="n">${formatSeconds(s.latency.p999)}</td>
        <td class="n">${formatSeconds(s.wait.mean)}</td><td class="n">${formatPercent(s.utilisation)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export function llmTable(r: Results) {
  const llm = r.services.filter((s) => s.ttft !== null);
  if (llm.length === 0) return nothing;
  const mean = (xs: readonly (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
  };
  return html`<table data-testid="llm">
    <caption>LLM services</caption>
    <thead><tr><th scope="col">service</th><th scope="col">TTFT p50</th><th scope="col">TTFT p99</th><th scope="col">TPOT p50</th><th scope="col">TPOT p99</th>
      <th scope="col">prompt tokens</th><th scope="col">output tokens</th><th scope="col">output tokens/s</th><th scope="col">mean batch</th><th scope="col">KV cache in use</th><th scope="col">preemptions</th></tr></thead>
    <tbody>${llm.map((s) => {
      const pods = r.pods.filter((p) => p.service === s.name && p.llm !== null).map((p) => p.llm!);
      return html`<tr><th scope="row">${s.name}</th>
        <td class="n">${formatSeconds(s.ttft?.p50 ?? null)}</td><td class="n">${formatSeconds(s.ttft?.p99 ?? null)}</td>
        <td class="n">${formatSeconds(s.tpot?.p50 ?? null)}</td><td class="n">${formatSeconds(s.tpot?.p99 ?? null)}</td>
        <td class="n">${formatCount(s.tokens?.input)}</td><td class="n">${formatCount(s.tokens?.output)}</td>
        <td class="n">${s.tokens ? formatRate(s.tokens.outputPerSecond) : "–"}</td><td class="n">${formatOne(mean(pods.map((p) => p.meanBatch)))}</td>
        <td class="n">${formatPercent(mean(pods.map((p) => p.meanKvUsage)))}</td><td class="n">${formatCount(pods.reduce((n, p) => n + p.preemptions, 0))}</td></tr>`;
    })}</tbody>
  </table>`;
}

const PHASES = [["scheduling", "scheduling"], ["imagePull", "image pull"], ["init", "init"], ["containerStart", "container start"], ["modelLoad", "model load"], ["readiness", "readiness"], ["total", "total"]] as const;

export function coldStartTable(r: Results) {
  const starts = r.services.filter((s) => s.coldStart !== null);
  if (starts.length === 0) return nothing;
  return html`<table data-testid="cold-start">
    <caption>Cold start, p50 / p99 over the pods that became Ready</caption>
    <thead><tr><th scope="col">service</th><th scope="col">pods</th>${PHASES.map(([, l]) => html`<th scope="col">${l}</th>`)}</tr></thead>
    <tbody>${starts.map((s) => html`<tr><th scope="row">${s.name}</th><td class="n">${s.coldStart!.pods}</td>
      ${PHASES.map(([k]) => html`<td class="n">${formatLatency(s.coldStart![k].p50)} / ${formatLatency(s.coldStart![k].p99)}</td>`)}</tr>`)}</tbody>
  </table>`;
}

export function nodesTable(r: Results) {
  return html`<table data-testid="nodes">
    <caption>Nodes</caption>
    <thead><tr><th scope="col">node</th><th scope="col">pool</th><th scope="col">GPU</th><th scope="col">zone</th><th scope="col">status</th><th scope="col">created</th><th scope="col">Ready at</th>
      <th scope="col">removed</th><th scope="col">pods</th><th scope="col">CPU requested</th><th scope="col">memory requested</th><th scope="col">GPU requested</th><th scope="col">busy</th></tr></thead>
    <tbody>${r.nodes.map(
      (n) => html`<tr><th scope="row">${n.name}</th><td>${n.pool}</td><td>${n.gpuType ?? "–"}</td><td>${n.zone ?? "–"}</td><td>${n.status}</td>
        <td class="n">${formatClock(n.createdAt)}</td><td class="n">${n.readyAt === null ? "–" : formatClock(n.readyAt)}</td>
        <td class="n">${n.removedAt === null || n.removedAt === undefined ? "–" : formatClock(n.removedAt)}</td><td class="n">${n.pods}</td>
        <td class="n">${formatPercent(n.allocated.cpu)}</td><td class="n">${formatPercent(n.allocated.memory)}</td><td class="n">${formatPercent(n.allocated.gpu)}</td>
        <td class="n">${formatPercent(n.utilisation)}</td></tr>`,
    )}</tbody>
  </table>`;
}

export function waitingPods(r: Results) {
  const waiting = r.pods.filter((p) => p.status === "Pending" || (!p.ready && p.status !== "Deleted" && p.status !== "Terminating"));
  if (waiting.length === 0) return nothing;
  return html`<table data-testid="pending">
    <caption>Pods not Ready at the end</caption>
    <thead><tr><th scope="col">pod</th><th scope="col">status</th><th scope="col">why</th></tr></thead>
    <tbody>${waiting.map((p) => html`<tr><th scope="row">${p.name}</th><td>${p.status}${p.nominatedNode ? ` (nominated to ${p.nominatedNode})` : ""}</td>
      <td class="reason">${p.pendingReason ?? (p.node !== null ? `starting on ${p.node}` : "")}${p.notTriggerScaleUp ? html`<br>${p.notTriggerScaleUp}` : nothing}</td></tr>`)}</tbody>
  </table>`;
}

export function sloTables(r: Results) {
  const w = r.sloWindows;
  const failing = w?.windows.filter((x) => !x.pass) ?? [];
  return html`${r.slo.verdicts.length === 0
      ? html`<p>No SLO set.</p>`
      : html`<table data-testid="slo-table">
          <caption>SLO verdicts over the run after warm-up: <span class=${r.slo.pass ? "pass" : "fail"} data-testid="slo">${r.slo.pass ? "pass" : "fail"}</span></caption>
          <thead><tr><th scope="col">service</th><th scope="col">objective</th><th scope="col">target</th><th scope="col">actual</th><th scope="col">verdict</th></tr></thead>
          <tbody>${r.slo.verdicts.map((v) => html`<tr><th scope="row">${v.service}</th><td>${v.objective}</td><td class="n">${formatObjective(v.objective, v.target)}</td>
            <td class="n">${formatObjective(v.objective, v.actual)}</td><td class=${v.status}>${v.status}</td></tr>`)}</tbody>
        </table>`}
    ${w && w.windows.length > 0 && r.slo.verdicts.length > 0
      ? html`<p data-testid="slo-windows">SLO windows of ${formatClock(w.window)}: ${w.windows.length - failing.length}/${w.windows.length} pass${failing.length > 0 ? ":" : "."}</p>
          ${failing.length > 0
            ? html`<ul class="windows">${failing.slice(0, 30).map((x) => html`<li>${formatClock(x.start)}–${formatClock(x.end)}: ${x.verdicts.filter((v) => v.status === "fail").map((v) => `${v.service} ${v.objective} ${formatObjective(v.objective, v.actual)} > ${formatObjective(v.objective, v.target)}`).join("; ")}</li>`)}
                ${failing.length > 30 ? html`<li>… and ${failing.length - 30} more</li>` : nothing}</ul>`
            : nothing}`
      : nothing}`;
}

/** A unit cost: cents from a dollar up, else three significant digits ("$0.0123"); "–" when there is none. */
const unitCost = (x: number | null) => (x === null ? "–" : x >= 1 || x === 0 ? formatMoney(x) : `$${Number(x.toPrecision(3))}`);

export function costSection(r: Results) {
  const c = r.cost;
  const tokens = c.services.some((x) => x.per1MTokens !== null);
  return html`<p data-testid="cost"><strong>${formatMoney(c.total)}</strong> over the run (${c.averagePerHour === null ? nothing : html`average ${formatMoney(c.averagePerHour)}/h; `}${formatMoney(c.perHour)}/h for the nodes present at the end):
    ${c.pools.map((p, i) => html`${i > 0 ? "; " : ""}${p.pool} ${formatNodeHours(p.nodeHours)} × ${formatPrice(p.pricePerHour)}/h = ${formatMoney(p.cost)}`)}</p>
    ${c.total > 0
      ? html`<table data-testid="cost-services">
          <thead><tr><th scope="col">service</th><th scope="col">cost</th><th scope="col">requested</th><th scope="col">per 1k requests</th>${tokens ? html`<th scope="col">per 1M tokens</th><th scope="col">per 1M output tokens</th>` : nothing}</tr></thead>
          <tbody>${c.services.map((x) => html`<tr><th scope="row">${x.name}</th><td class="n">${formatMoney(x.cost)}</td><td class="n">${formatMoney(x.allocated)}</td><td class="n">${unitCost(x.per1kRequests)}</td>
            ${tokens ? html`<td class="n">${unitCost(x.per1MTokens)}</td><td class="n">${unitCost(x.per1MOutputTokens)}</td>` : nothing}</tr>`)}</tbody>
        </table>`
      : nothing}`;
}

export function autoscalingTables(r: Results) {
  const a = r.autoscaling;
  const f = a.faults;
  const faults = Object.entries(f).filter(([, n]) => n > 0);
  return html`<table data-testid="autoscaling">
      <caption>Autoscaling</caption>
      <thead><tr><th scope="col">service</th><th scope="col">peak replicas</th><th scope="col">scale-ups</th><th scope="col">scale-downs</th><th scope="col">retried</th><th scope="col">held by activator</th></tr></thead>
      <tbody>${a.services.map((s) => html`<tr><th scope="row">${s.name}</th><td class="n">${s.peakReplicas}</td><td class="n">${s.scaleUps}</td><td class="n">${s.scaleDowns}</td><td class="n">${s.retried}</td><td class="n">${s.activatorHeld}</td></tr>`)}</tbody>
    </table>
    <table>
      <thead><tr><th scope="col">pool</th><th scope="col">peak nodes</th><th scope="col">added</th><th scope="col">removed</th></tr></thead>
      <tbody>${a.pools.map((p) => html`<tr><th scope="row">${p.name}</th><td class="n">${p.peakNodes}</td><td class="n">${p.added}</td><td class="n">${p.removed}</td></tr>`)}</tbody>
    </table>
    <p>Faults: ${faults.length === 0 ? "none" : faults.map(([k, n]) => `${k} ${n}`).join(", ")}. ${a.events.length} scale events and faults${a.eventsDropped > 0 ? ` (${a.eventsDropped} more not kept)` : ""}: see the event timeline under Charts.</p>`;
}

export function schedulerLine(r: Results) {
  const s = r.scheduler;
  return html`<p>Scheduler: ${s.attempts} cycles, ${s.scheduled} pods bound, ${s.unschedulable} unschedulable cycles, ${s.preempted} preempted, ${s.errors} errors;
    ${s.explain.length} decisions explained${s.explainDropped > 0 ? ` (${s.explainDropped} more not kept)` : ""} — see the Scheduler tab.</p>`;
}
