/**
 * The servesim page: the scenario column (gallery, YAML editor, knobs) and the results column
 * (charts, summary, scheduler inspector, comparison, export). The shell owns the one
 * SimController (simulations run in a Web Worker) and the session's runs; leaf components get
 * properties and answer with events. On open it runs the scenario in the link, or the quickstart.
 */
import { html, LitElement, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import "../charts/charts-view/charts-view.js";
import type { ChartRun } from "../charts/frame/runs.js";
import "../components/run-bar/run-bar.js";
import "../components/run-compare/run-compare.js";
import "../components/export-view/export-view.js";
import "../components/run-summary/run-summary.js";
import "../components/scenario-editor/scenario-editor.js";
import "../components/scenario-form/scenario-form.js";
import "../components/scenario-gallery/scenario-gallery.js";
import "../components/scheduler-inspector/scheduler-inspector.js";
import "../components/tab-list/tab-list.js";
import type { Tab } from "../components/tab-list/tab-list.js";
import type { PlanOpenDetail } from "../components/plan-view/plan-view.js";
import type { ScenarioIssue } from "../../../workers/protocol.js";
import { appStyles } from "./app.styles.js";
import { bundledScenarios, defaultScenario } from "./bundled.js";
import { droppedKind, scenarioText } from "./dropped-files.js";
import { addRun } from "./run-history.js";
import type { RunRecord } from "./run-history.js";
import { decodeScenario, encodeScenario } from "./share-url.js";
import { RunStatus, SimController } from "./sim-controller.js";
import { createToolsClient } from "../tools-client.js";
import { applyTheme, nextTheme, savedTheme } from "./theme.js";
import type { Theme } from "./theme.js";

const EDITOR_FILE = "<editor>";
const NO_ISSUES: readonly ScenarioIssue[] = [];
/** Trace files named in a scenario resolve against the bundled scenarios' folder (so `../traces/…` finds the shipped traces). */
const scenariosBase = (): string => new URL("scenarios/", document.baseURI).href;

const SCENARIO_TABS: readonly Tab[] = [
  { id: "gallery", label: "Scenarios" },
  { id: "yaml", label: "YAML" },
  { id: "knobs", label: "Knobs" },
];

/**
 * @cssprop --ss-accent - Accent colour (buttons, progress, selected tabs).
 * @cssprop --ss-header - Height of the sticky header (set from its size).
 */
@customElement("ss-app")
export class App extends LitElement {
  static override styles = appStyles;

  @state() private text = defaultScenario.text;
  /** The bundled file the editor holds, unchanged ("" once edited or for other sources). */
  @state() private file = defaultScenario.file;
  @state() private leftTab = "yaml";
  @state() private rightTab = "charts";
  @state() private history: readonly RunRecord[] = [];
  @state() private shown: RunRecord | null = null;
  @state() private traces: readonly File[] = [];
  @state() private notice: { text: string; kind: "info" | "error" } | null = null;
  @state() private dragging = false;
  @state() private theme: Theme = savedTheme();
  /** Where the editor's trace files resolve: the bundled scenarios' folder, or a plan scenario's. */
  @state() private traceBase = scenariosBase();
  /** A plan's candidate opened in the editor: its text and what it is (for the export view's heading). */
  @state() private origin: { readonly text: string; readonly label: string } | null = null;
  /** The Plan view's module (the planner and its files) is loaded when the view first opens. */
  @state() private planLoaded = false;
  @query("header") private header!: HTMLElement | null;
  readonly #sim = new SimController(this, (done) => {
    this.history = addRun(this.history, { text: done.request.text, results: done.results, digest: done.digest, wallSeconds: done.wallSeconds });
    this.shown = this.history[0]!;
  });
  readonly #tools = createToolsClient();
  readonly #check = (text: string) => this.#tools.api.check(text);
  #headerObserver: ResizeObserver | undefined;
  #chartRuns: { id: number; runs: readonly ChartRun[] } | null = null;
  #issues: { readonly text: string; readonly issues: readonly ScenarioIssue[] } = { text: "", issues: NO_ISSUES };

  override connectedCallback(): void {
    super.connectedCallback();
    applyTheme(this.theme);
    const shared = decodeScenario(location.hash);
    if (shared?.ok) {
      this.text = shared.text;
      this.file = "";
    } else if (shared && !shared.ok) this.notice = { text: shared.message, kind: "error" };
    if (this.#sim.state.status === RunStatus.Idle) void this.#run();
    window.addEventListener("dragover", this.#onDragOver);
    window.addEventListener("dragleave", this.#onDragLeave);
    window.addEventListener("drop", this.#onDrop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#tools.dispose();
    this.#headerObserver?.disconnect();
    window.removeEventListener("dragover", this.#onDragOver);
    window.removeEventListener("dragleave", this.#onDragLeave);
    window.removeEventListener("drop", this.#onDrop);
  }

  protected override firstUpdated(): void {
    this.#headerObserver = new ResizeObserver(() => this.style.setProperty("--ss-header", `${this.header?.offsetHeight ?? 52}px`));
    if (this.header) this.#headerObserver.observe(this.header);
  }

  override render() {
    const s = this.#sim.state;
    const issues = this.#runIssues();
    return html`
      <header>
        <div><h1>servesim</h1><p class="tagline">AI model serving on Kubernetes GPU clusters, simulated in your browser</p></div>
        <ss-run-bar status=${s.status} .progress=${s.status === RunStatus.Running ? s.progress : null} note=${this.#runNote()}
          @ss-run-request=${() => void this.#run()} @ss-run-cancel=${() => this.#sim.cancel()}></ss-run-bar>
        <div class="actions">
          <label class="button">Open file…<input class="visually-hidden" type="file" accept=".yaml,.yml,.json,.csv,.jsonl" multiple data-testid="open-file" @change=${this.#onOpen} /></label>
          <button data-testid="share" @click=${this.#share} title="Put the scenario in the page's address (compressed) and copy it">Copy link</button>
          <button data-testid="theme" @click=${this.#toggleTheme} aria-label=${`colour theme: ${this.theme}; change`}>Theme: ${this.theme}</button>
        </div>
      </header>
      ${this.notice ? html`<p class="banner ${this.notice.kind}" role=${this.notice.kind === "error" ? "alert" : "status"} data-testid="notice">${this.notice.text}</p>` : nothing}
      <main>
        <section class="scenario" aria-label="scenario">
          <ss-tab-list label="scenario" .tabs=${SCENARIO_TABS} selected=${this.leftTab} @ss-tab-select=${(e: CustomEvent<{ id: string }>) => (this.leftTab = e.detail.id)}></ss-tab-list>
          <div role="tabpanel" id="gallery-panel" aria-labelledby="gallery-tab" ?hidden=${this.leftTab !== "gallery"}>
            <ss-scenario-gallery .scenarios=${bundledScenarios} current=${this.file} @ss-scenario-pick=${this.#onPick}></ss-scenario-gallery>
          </div>
          <div role="tabpanel" class="editor" id="yaml-panel" aria-labelledby="yaml-tab" ?hidden=${this.leftTab !== "yaml"}>
            <ss-scenario-editor ?visible=${this.leftTab === "yaml"} .text=${this.text} .runIssues=${issues} .check=${this.#check} @ss-scenario-change=${this.#onChange} @ss-run-request=${() => void this.#run()}></ss-scenario-editor>
            ${this.#traceList()}
          </div>
          <div role="tabpanel" id="knobs-panel" aria-labelledby="knobs-tab" ?hidden=${this.leftTab !== "knobs"}>
            ${this.leftTab === "knobs" ? html`<ss-scenario-form .text=${this.text} @ss-scenario-change=${this.#onChange}></ss-scenario-form>` : nothing}
          </div>
        </section>
        <section class="results" aria-label="results">
          <ss-tab-list label="results" .tabs=${this.#resultTabs()} selected=${this.rightTab} @ss-tab-select=${this.#onResultTab}></ss-tab-list>
          ${this.rightTab === "plan" ? nothing : this.#staleBanner()}
          ${this.rightTab === "plan" ? nothing : html`<div role="tabpanel" id=${`${this.rightTab}-panel`} aria-labelledby=${`${this.rightTab}-tab`}>${this.#resultPanel()}</div>`}
          <div role="tabpanel" id="plan-panel" aria-labelledby="plan-tab" ?hidden=${this.rightTab !== "plan"}>
            ${this.planLoaded ? html`<ss-plan-view ?active=${this.rightTab === "plan"} @ss-plan-open=${this.#onPlanOpen}></ss-plan-view>` : this.rightTab === "plan" ? html`<p class="placeholder">Loading the planner…</p>` : nothing}
          </div>
        </section>
      </main>
      ${this.dragging ? html`<div class="drop" aria-hidden="true">Drop a scenario (YAML) or a trace file (CSV, JSONL)</div>` : nothing}
    `;
  }

  #resultTabs(): Tab[] {
    const r = this.shown?.results;
    const pending = r?.pods.filter((p) => p.status === "Pending").length ?? 0;
    return [
      { id: "charts", label: "Charts" },
      { id: "summary", label: "Summary" },
      { id: "scheduler", label: "Scheduler", ...(pending > 0 ? { badge: `${pending} Pending` } : {}) },
      { id: "compare", label: "Compare", ...(this.history.length > 1 ? { badge: String(this.history.length) } : {}) },
      { id: "export", label: "Export" },
      { id: "plan", label: "Plan" },
    ];
  }

  #resultPanel() {
    const run = this.shown;
    if (this.rightTab === "compare") return html`<ss-run-compare .history=${this.history}></ss-run-compare>`;
    if (this.rightTab === "export") return html`<ss-export-view .text=${this.text} origin=${this.origin?.text === this.text ? this.origin.label : ""} .tools=${this.#tools.api} .results=${run && run.text === this.text ? run.results : null} @ss-scenario-change=${this.#onImport}></ss-export-view>`;
    if (!run) return html`<p class="placeholder">${this.#sim.state.status === RunStatus.Running ? "Simulating…" : "No results yet: press Run."}</p>`;
    switch (this.rightTab) {
      case "summary":
        return html`<ss-run-summary data-testid="summary" .results=${run.results} digest=${run.digest} wallSeconds=${run.wallSeconds}></ss-run-summary>`;
      case "scheduler":
        return html`<ss-scheduler-inspector .results=${run.results} @ss-explain-request=${(e: CustomEvent<{ pattern: string }>) => void this.#run(e.detail.pattern)}></ss-scheduler-inspector>`;
      default:
        return html`<ss-charts-view data-testid="charts" .runs=${this.#runsOf(run)}></ss-charts-view>`;
    }
  }

  /** The last run's issues for the editor: the same object until the run state changes (progress updates re-render the page ten times a second). */
  #runIssues(): { readonly text: string; readonly issues: readonly ScenarioIssue[] } {
    const s = this.#sim.state;
    const text = s.status === RunStatus.Error ? s.request.text : "";
    const issues = s.status === RunStatus.Error ? s.issues : NO_ISSUES;
    if (this.#issues.text !== text || this.#issues.issues !== issues) this.#issues = { text, issues };
    return this.#issues;
  }

  #runsOf(run: RunRecord): readonly ChartRun[] {
    if (this.#chartRuns?.id !== run.id) this.#chartRuns = { id: run.id, runs: [{ results: run.results, label: run.label }] };
    return this.#chartRuns.runs;
  }

  #runNote(): string {
    const s = this.#sim.state;
    if (s.status === RunStatus.Error) return s.message ?? "the scenario has problems: see the list under the editor";
    if (s.status === RunStatus.Cancelled) return "cancelled";
    return this.shown && s.status === RunStatus.Done ? `${this.shown.label}, ${this.shown.wallSeconds.toFixed(1)} s` : "";
  }

  #staleBanner() {
    const run = this.shown;
    const s = this.#sim.state;
    if (s.status === RunStatus.Error) return html`<p class="banner error" data-testid="error">${s.message ?? "The run did not start: the scenario has problems (listed under the editor)."}${run ? ` Showing ${run.label}.` : ""}</p>`;
    if (run && run.text !== this.text) return html`<p class="banner stale">Showing ${run.label}; the scenario has changed since: press Run to see the changes.</p>`;
    return nothing;
  }

  #traceList() {
    if (this.traces.length === 0) return nothing;
    return html`<div class="traces" data-testid="traces">Local traces (used when a scenario names a file of the same name):
      ${this.traces.map((f) => html`<button @click=${() => (this.traces = this.traces.filter((x) => x !== f))} aria-label=${`remove ${f.name}`}>${f.name} ✕</button>`)}</div>`;
  }

  async #run(explainPods?: string): Promise<void> {
    const text = this.text;
    await this.#sim.run({
      text,
      file: this.file || EDITOR_FILE,
      traceBase: this.traceBase,
      ...(this.traces.length > 0 ? { files: this.traces } : {}),
      ...(explainPods !== undefined ? { explainPods } : {}),
    });
  }

  #onResultTab = (e: CustomEvent<{ id: string }>) => {
    this.rightTab = e.detail.id;
    if (e.detail.id === "plan" && !this.planLoaded) {
      void import("../components/plan-view/plan-view.js").then(
        () => (this.planLoaded = true),
        (err: unknown) => (this.notice = { text: `The planner did not load: ${err instanceof Error ? err.message : String(err)}`, kind: "error" }),
      );
    }
  };

  /** A plan's candidate opened as a run: its scenario in the editor, run at once (its traces resolve beside the plan's scenario file). */
  #onPlanOpen = (e: CustomEvent<PlanOpenDetail>) => {
    e.stopPropagation();
    this.text = e.detail.text;
    this.file = "";
    this.traceBase = e.detail.traceBase;
    this.origin = { text: e.detail.text, label: e.detail.label };
    this.leftTab = "yaml";
    this.rightTab = e.detail.view;
    this.notice = { text: `Opened ${e.detail.label}: its scenario is in the editor.`, kind: "info" };
    void this.#run();
  };

  #onPick = (e: CustomEvent<{ file: string; text: string }>) => {
    this.text = e.detail.text;
    this.file = e.detail.file;
    this.traceBase = scenariosBase();
    this.notice = null;
    void this.#run();
  };

  #onChange = (e: CustomEvent<{ text: string }>) => {
    if (e.detail.text === this.text) return;
    this.text = e.detail.text;
    this.file = bundledScenarios.find((s) => s.text === this.text)?.file ?? "";
  };

  #onImport = (e: CustomEvent<{ text: string }>) => {
    e.stopPropagation();
    this.#onChange(e);
    this.leftTab = "yaml";
  };

  #share = async () => {
    const url = new URL(location.href);
    url.hash = encodeScenario(this.text);
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url.href);
      this.notice = { text: `Link copied (${url.href.length} characters): it carries the scenario, compressed.`, kind: "info" };
    } catch {
      this.notice = { text: "The link is in the address bar: it carries the scenario, compressed.", kind: "info" };
    }
  };

  #toggleTheme = () => {
    this.theme = nextTheme(this.theme);
    applyTheme(this.theme);
  };

  async #take(files: readonly File[]): Promise<void> {
    const traces: File[] = [];
    for (const f of files) {
      const kind = droppedKind(f.name);
      if (kind === "trace") traces.push(f);
      else if (kind === "scenario") {
        const r = await scenarioText(f);
        if (!r.ok) {
          this.notice = { text: r.message, kind: "error" };
          continue;
        }
        this.text = r.text;
        this.file = f.name;
        this.traceBase = scenariosBase();
        this.leftTab = "yaml";
        this.notice = { text: `Opened ${f.name}: press Run to simulate it.`, kind: "info" };
      } else this.notice = { text: `${f.name}: expected a scenario (.yaml, .yml, .json) or a trace (.csv, .jsonl)`, kind: "error" };
    }
    if (traces.length > 0) {
      const names = new Set(traces.map((t) => t.name));
      this.traces = [...this.traces.filter((t) => !names.has(t.name)), ...traces];
      this.notice = { text: `Added ${traces.map((t) => t.name).join(", ")}: a scenario naming a trace of the same file name streams it from this file.`, kind: "info" };
    }
  }

  #onOpen = (e: Event) => {
    const input = e.target as HTMLInputElement;
    void this.#take([...(input.files ?? [])]).then(() => (input.value = ""));
  };

  #onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes("Files") || e.defaultPrevented) return;
    e.preventDefault();
    this.dragging = true;
  };

  #onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) this.dragging = false;
  };

  #onDrop = (e: DragEvent) => {
    this.dragging = false;
    if (e.defaultPrevented || !e.dataTransfer?.files.length) return;
    e.preventDefault();
    void this.#take([...e.dataTransfer.files]);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-app": App;
  }
}
