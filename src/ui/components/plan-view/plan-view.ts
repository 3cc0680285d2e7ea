/**
 * The Plan view: a plan's YAML (the bundled plans offered as examples) searched in a pool of Web
 * Workers (one per core), with progress, an estimate of the time left and Cancel; then the
 * winner, the Pareto scatter of cost against a latency tail, and every candidate with why it
 * lost. The winner opens as a run (its scenario in the editor) or straight in the export view.
 * The page loads this module, the planner and its files only when the view first opens.
 */
import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { proxy } from "comlink";
import { browserPlanSource, describeMiss } from "../../../../workers/planner-browser.js";
import type { PlanResults, SearchProgress } from "../../../../workers/planner-browser.js";
import { createPlanClient } from "../../plan-client.js";
import type { ScenarioIssue } from "../../../../workers/protocol.js";
import { controlStyles } from "../../app/controls.styles.js";
import { formatClock, formatLatency, formatMoney } from "../../charts/frame/units.js";
import "../scenario-editor/scenario-editor.js";
import { examplePlans, planFiles } from "./bundled-plans.js";
import { candidateRows, tailKeys } from "./candidate-rows.js";
import type { CandidateRow } from "./candidate-rows.js";
import "./candidate-table.js";
import "./plan-scatter.js";

export const PlanStatus = { Idle: "idle", Running: "running", Done: "done", Cancelled: "cancelled", Error: "error" } as const;
export type PlanStatus = (typeof PlanStatus)[keyof typeof PlanStatus];

/** The winner (or another candidate) to open as a run: its scenario's text, where it comes from and where its traces resolve. */
export interface PlanOpenDetail {
  readonly text: string;
  /** Path of the scenario among the page's files (`plans/scenarios/chat-day.yaml`). */
  readonly file: string;
  readonly traceBase: string;
  /** What it is, in words: `the winner c3 of plan quickstart-gpus on scenarios/quickstart.yaml`. */
  readonly label: string;
  /** The view to show it in. */
  readonly view: "charts" | "export";
}

interface Live {
  readonly progress: SearchProgress | null;
  readonly elapsed: number;
  readonly eta: number | null;
}

interface Finished {
  readonly results: PlanResults;
  readonly json: string;
  readonly rows: readonly CandidateRow[];
  readonly tails: readonly string[];
  readonly scenarioPaths: readonly string[];
  readonly traceBases: readonly string[];
}

const DEFAULT_PLAN = "plans/quickstart-gpus.yaml";
const MAX_WORKERS = 32;

/**
 * @fires ss-plan-open - Open a candidate's scenario as a run; the detail is a PlanOpenDetail.
 */
@customElement("ss-plan-view")
export class PlanView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; font-size: 0.88rem; }
      .bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-bottom: 0.5rem; }
      .bar label { display: inline-flex; gap: 0.4em; align-items: center; }
      input[type="number"] { width: 4.5em; }
      select { max-width: 100%; }
      .about { color: var(--ss-muted); font-size: 0.82rem; margin: 0 0 0.5rem; }
      ss-scenario-editor { height: 19rem; }
      button.primary { background: var(--ss-accent); color: var(--ss-on-accent); border-color: var(--ss-accent); font-weight: 600; }
      .progress { margin: 0.7rem 0; display: grid; grid-template-columns: minmax(8rem, 16rem) 1fr; gap: 0.3rem 0.8rem; align-items: center; }
      progress { width: 100%; height: 0.7rem; accent-color: var(--ss-accent); }
      .figures { font-variant-numeric: tabular-nums; }
      .muted { color: var(--ss-muted); }
      .fail { color: var(--ss-fail); }
      .pass { color: var(--ss-pass); }
      h3 { font-size: 0.98rem; margin: 1.1rem 0 0.4rem; }
      .winner { border: 1px solid var(--ss-rule); border-left: 4px solid var(--ss-pass); border-radius: 5px; padding: 0.5rem 0.8rem; background: var(--ss-surface); }
      .winner.none { border-left-color: var(--ss-fail); }
      .winner p { margin: 0.2rem 0; }
      .winner dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
      .winner dt { color: var(--ss-muted); font-family: ui-monospace, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
      .winner dd { margin: 0; font-variant-numeric: tabular-nums; }
      ul.plain { margin: 0.3rem 0; padding-left: 1.2rem; }
      .issues { color: var(--ss-error); font-family: ui-monospace, monospace; font-size: 0.8rem; white-space: pre-wrap; }
    `,
  ];

  /** Whether the view is on screen (its editor loads when it first shows). */
  @property({ type: Boolean }) active = false;

  @state() private file = DEFAULT_PLAN;
  @state() private text = examplePlans.find((p) => p.file === DEFAULT_PLAN)?.text ?? examplePlans[0]?.text ?? "";
  @state() private workers = Math.min(MAX_WORKERS, Math.max(1, navigator.hardwareConcurrency || 2));
  @state() private status: PlanStatus = PlanStatus.Idle;
  @state() private live: Live | null = null;
  @state() private finished: Finished | null = null;
  @state() private issues: readonly ScenarioIssue[] = [];
  @state() private message = "";
  @state() private tail = "";
  @state() private scenario = 0;
  @state() private selected: string | null = null;
  /** The search worker: plans are checked and searched off the page's thread. */
  readonly #client = createPlanClient();
  #generation = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #check = (text: string): Promise<readonly ScenarioIssue[]> => {
    const source = browserPlanSource(this.file, text, planFiles);
    return this.#client.call((api) => api.check(source));
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#generation++;
    this.#client.dispose();
    clearInterval(this.#timer);
  }

  override render() {
    const running = this.status === PlanStatus.Running;
    const example = examplePlans.find((p) => p.file === this.file);
    return html`
      <div class="bar">
        <label>Example plan
          <select data-testid="plan-example" @change=${this.#onExample}>
            ${examplePlans.map((p) => html`<option value=${p.file} ?selected=${p.file === this.file}>${p.name}${p.file === this.file && p.text !== this.text ? " (edited)" : ""}</option>`)}
          </select>
        </label>
        <label title="Web Workers that run the simulations (default: the cores of this machine)">Workers
          <input type="number" data-testid="plan-workers" min="1" max=${MAX_WORKERS} .value=${String(this.workers)} @change=${this.#onWorkers} />
        </label>
        ${running
          ? html`<button data-testid="plan-cancel" @click=${this.#cancel}>Cancel</button>`
          : html`<button class="primary" data-testid="plan-run" @click=${() => void this.#run()}>Plan</button>`}
        <span class="muted" data-testid="plan-status" role="status">${this.status}</span>
      </div>
      <p class="about">${example?.description ? html`${example.description}. ` : nothing}Scenario files resolve relative to ${this.file.slice(0, this.file.lastIndexOf("/") + 1)} among the bundled plans/scenarios/ and scenarios/ (with their trace files).</p>
      <ss-scenario-editor subject="plan" ?visible=${this.active} .text=${this.text} .check=${this.#check}
        @ss-scenario-change=${this.#onEdit} @ss-run-request=${this.#onRunKey}></ss-scenario-editor>
      ${this.#progress()} ${this.#problems()} ${this.#results()}
    `;
  }

  #progress() {
    const live = this.live;
    if (!live) return nothing;
    const p = live.progress;
    const settled = p ? `${p.resolved} of ${p.candidates} candidates settled (${p.pruned} pruned analytically), ${p.candidates - p.resolved} remaining · ${p.simulations} simulations` : "loading the plan and its traffic…";
    const eta = this.status !== PlanStatus.Running ? "" : live.eta === null ? " · estimating the time left" : ` · about ${formatClock(Math.max(1, live.eta))} left`;
    return html`<div class="progress" data-testid="plan-progress">
      <progress aria-label="candidates settled" max=${p?.candidates ?? 1} .value=${p?.resolved ?? 0}></progress>
      <span class="figures">${settled} · ${formatClock(live.elapsed)} elapsed${eta} · ${this.workers} worker${this.workers === 1 ? "" : "s"}</span>
    </div>`;
  }

  #problems() {
    if (this.message) return html`<p class="fail" role="alert" data-testid="plan-error">${this.message}</p>`;
    if (this.status === PlanStatus.Error && this.issues.length > 0) return html`<p class="fail" role="alert" data-testid="plan-error">The plan has problems (listed under the editor).</p>`;
    return nothing;
  }

  #results() {
    const f = this.finished;
    if (!f) return this.status === PlanStatus.Idle ? html`<p class="muted">Press Plan to search the candidates: the cheapest configuration that meets every constraint on every scenario and seed wins.</p>` : nothing;
    const r = f.results;
    const front = r.pareto.find((p) => p.tail === this.tail)?.candidates ?? [];
    return html`
      ${this.#winner(f)}
      ${r.ruleOfThumb.length > 0
        ? html`<h3>Rule of thumb beside the simulated answer</h3><ul class="plain" data-testid="rule-of-thumb">${r.ruleOfThumb.map(
            (t) => html`<li>${t.scenario}, ${t.service}: ⌈${t.load?.toFixed(1) ?? "?"}/s ÷ ${t.perReplica?.toFixed(1) ?? "?"}/s per replica × ${1 + t.margin}⌉ = ${t.replicas ?? "?"} replicas; simulated answer: ${t.simulated}</li>`,
          )}</ul>`
        : nothing}
      <h3>Pareto front</h3>
      ${f.tails.length > 1
        ? html`<div class="bar"><label>Latency tail <select data-testid="plan-tail" @change=${(e: Event) => (this.tail = (e.target as HTMLSelectElement).value)}>
            ${f.tails.map((t) => html`<option value=${t} ?selected=${t === this.tail}>${t}</option>`)}</select></label></div>`
        : nothing}
      <ss-plan-scatter .rows=${f.rows} tail=${this.tail} .front=${front} .axes=${r.plan.axes.map((a) => a.address)} @ss-candidate-select=${this.#onSelect}></ss-plan-scatter>
      <h3>Candidates</h3>
      <ss-candidate-table .rows=${f.rows} .axes=${r.plan.axes.map((a) => a.address)} tail=${this.tail} selected=${this.selected ?? ""}></ss-candidate-table>
    `;
  }

  #winner(f: Finished) {
    const r = f.results;
    const w = r.winner;
    const counts = r.counts;
    const summary = html`<p class="muted" data-testid="plan-counts">${r.status === "partial" ? "Cancelled: the results so far. " : ""}${r.plan.candidates} candidates: ${counts.passed} passed, ${counts.failed} failed, ${counts.dropped} raced out,
      ${counts.pruned} pruned, ${counts["implied-pass"] + counts["implied-fail"]} settled by monotonicity${counts.pending ? `, ${counts.pending} not evaluated` : ""}; ${counts.simulations} simulations, ${counts.simulatedHours} simulated hours.</p>`;
    if (!w) {
      return html`<div class="winner none" data-testid="plan-winner" data-candidate="">
        <p><strong>No candidate meets every constraint${r.status === "partial" ? " yet" : ""}.</strong></p>${summary}
        ${r.infeasible ? html`<ul class="plain">${Object.entries(r.infeasible).map(([why, n]) => html`<li>${n} × ${why}</li>`)}</ul>` : nothing}
      </div>`;
    }
    const tails = Object.entries(w.tails ?? {});
    return html`<div class="winner" data-testid="plan-winner" data-candidate=${w.id}>
      <p><strong>Winner ${w.id}</strong>: ${r.plan.objective === "cost" ? "cost" : r.plan.objective} <strong data-testid="winner-cost">${formatMoney(w.objective ?? Number.NaN)}</strong>
        <span class="muted">(weighted over the scenarios, mean over the seeds; plan hash ${r.plan.hash.slice(0, 12)})</span></p>
      <dl>
        ${r.plan.axes.map((a) => html`<dt>${a.address}</dt><dd>${String(w.values[a.address])}</dd>`)}
        ${tails.map(([k, v]) => html`<dt>${k}</dt><dd>${v === null ? "–" : /rate|unserved/i.test(k) ? v.toPrecision(3) : formatLatency(v)} <span class="muted">worst over scenarios and seeds</span></dd>`)}
      </dl>
      ${summary}
      <div class="bar">
        ${r.plan.scenarios.length > 1
          ? html`<label>Scenario <select data-testid="winner-scenario" @change=${(e: Event) => (this.scenario = Number((e.target as HTMLSelectElement).value))}>
              ${r.plan.scenarios.map((s, i) => html`<option value=${i} ?selected=${i === this.scenario}>${s.file}</option>`)}</select></label>`
          : nothing}
        <button class="primary" data-testid="open-winner" @click=${() => void this.#open(w.index, "charts")}>Open the winner as a run</button>
        <button data-testid="export-winner" @click=${() => void this.#open(w.index, "export")}>Export its manifests</button>
        <button data-testid="download-plan" @click=${() => this.#download(f)}>Download results (JSON)</button>
      </div>
    </div>`;
  }

  async #run(): Promise<void> {
    if (this.status === PlanStatus.Running) return;
    const source = browserPlanSource(this.file, this.text, planFiles);
    const started = performance.now();
    this.status = PlanStatus.Running;
    this.message = "";
    this.issues = [];
    this.finished = null;
    this.selected = null;
    this.live = { progress: null, elapsed: 0, eta: null };
    let last: SearchProgress | null = null;
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      const eta = last && last.simulations > 0 ? (elapsed / last.simulations) * last.remainingEstimate : null;
      this.live = { progress: last, elapsed, eta };
    };
    this.#timer = setInterval(tick, 500);
    const generation = ++this.#generation;
    const onProgress = (p: SearchProgress) => {
      if (generation !== this.#generation) return;
      last = p;
      tick();
    };
    let answer;
    try {
      answer = await this.#client.call((api) => api.run(source, { workers: this.workers, baseUrl: document.baseURI }, proxy(onProgress)));
    } catch (e) {
      answer = { reply: { ok: false as const, issues: [], message: e instanceof Error ? e.message : String(e) }, scenarioPaths: [], traceBases: [] };
      this.#client.dispose();
    }
    if (generation !== this.#generation) return;
    clearInterval(this.#timer);
    tick();
    const reply = answer.reply;
    if (!reply.ok) {
      this.status = PlanStatus.Error;
      this.issues = reply.issues;
      this.message = reply.message ?? "";
      if (reply.issues.length > 0) this.live = null;
      return;
    }
    const rows = candidateRows(reply.results, describeMiss);
    const tails = tailKeys(reply.results);
    this.tail = tails[0] ?? "";
    this.scenario = 0;
    this.finished = { results: reply.results, json: reply.json, rows, tails, scenarioPaths: answer.scenarioPaths, traceBases: answer.traceBases };
    this.status = reply.results.status === "partial" ? PlanStatus.Cancelled : PlanStatus.Done;
  }

  #cancel = () => {
    void this.#client.call((api) => api.cancel()).catch(() => undefined);
  };

  async #open(candidate: number, view: PlanOpenDetail["view"]): Promise<void> {
    const f = this.finished;
    if (!f) return;
    const s = Math.min(this.scenario, f.results.plan.scenarios.length - 1);
    const r = f.results;
    const who = r.winner?.index === candidate ? `the winner c${candidate}` : `candidate c${candidate}`;
    const file = f.scenarioPaths[s]!;
    let text: string;
    try {
      text = await this.#client.call((api) => api.scenarioText(candidate, s));
    } catch (e) {
      this.message = `The candidate's scenario could not be written: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    const detail: PlanOpenDetail = { text, file, traceBase: f.traceBases[s]!, label: `${who} of plan ${r.plan.name} on ${file}`, view };
    this.dispatchEvent(new CustomEvent("ss-plan-open", { detail, bubbles: true, composed: true }));
  }

  #download(f: Finished): void {
    const url = URL.createObjectURL(new Blob([f.json], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${f.results.plan.name}-results.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  #onExample = (e: Event) => {
    const file = (e.target as HTMLSelectElement).value;
    const p = examplePlans.find((x) => x.file === file);
    if (!p) return;
    this.file = p.file;
    this.text = p.text;
  };

  #onWorkers = (e: Event) => {
    const n = Math.round(Number((e.target as HTMLInputElement).value));
    this.workers = Number.isFinite(n) ? Math.min(MAX_WORKERS, Math.max(1, n)) : this.workers;
  };

  #onEdit = (e: CustomEvent<{ text: string }>) => {
    e.stopPropagation();
    this.text = e.detail.text;
  };

  #onRunKey = (e: Event) => {
    e.stopPropagation();
    void this.#run();
  };

  #onSelect = (e: CustomEvent<{ id: string }>) => {
    e.stopPropagation();
    this.selected = e.detail.id;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-plan-view": PlanView;
  }
  interface GlobalEventHandlersEventMap {
    "ss-plan-open": CustomEvent<PlanOpenDetail>;
    "ss-candidate-select": CustomEvent<{ id: string }>;
  }
}
