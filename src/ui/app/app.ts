/**
 * The servesim page: the scenario editor, the run status with progress, and the summary of the
 * last run. On open it runs the bundled quickstart scenario. Simulations run in a Web Worker
 * through SimController; this element only renders its state.
 */
import { css, html, LitElement, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import quickstart from "../../../scenarios/quickstart.yaml?raw";
import "../components/run-summary/run-summary.js";
import "../components/scenario-editor/scenario-editor.js";
import type { ScenarioRunDetail } from "../components/scenario-editor/scenario-editor.js";
import { RunStatus, SimController } from "./sim-controller.js";
import type { RunState } from "./sim-controller.js";

const DEFAULT_FILE = "scenarios/quickstart.yaml";
const EDITOR_FILE = "<editor>";
/** Trace files named in a scenario resolve against the bundled scenarios' folder (so `../traces/…` finds the shipped traces). */
const traceBase = (): string => new URL("scenarios/", document.baseURI).href;

/**
 * @cssprop --ss-accent - Colour of the progress bar and status badge.
 * @cssprop --ss-error - Colour of the status badge and message when a run fails.
 */
@customElement("ss-app")
export class App extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 72rem; margin: 0 auto; padding: 1rem; font: 0.95rem/1.45 system-ui, sans-serif; }
    header { display: flex; align-items: baseline; gap: 1em; }
    h1 { font-size: 1.3rem; margin: 0 0 0.5em; }
    .status { display: flex; align-items: center; gap: 0.8em; margin-block: 0.5em; }
    [data-testid="status"] { padding: 0.1em 0.6em; border-radius: 1em; background: var(--ss-accent, #2f5fb3); color: white; }
    [data-status="error"] [data-testid="status"] { background: var(--ss-error, #b00020); }
    progress { accent-color: var(--ss-accent, #2f5fb3); width: 16em; }
    .error { color: var(--ss-error, #b00020); }
  `;

  @state() private text = quickstart;
  private readonly sim = new SimController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.sim.state.status === RunStatus.Idle) void this.sim.run({ text: this.text, file: DEFAULT_FILE, traceBase: traceBase() });
  }

  override render() {
    const s = this.sim.state;
    return html`
      <header><h1>servesim</h1><span>simulated AI serving on Kubernetes GPU clusters</span></header>
      <ss-scenario-editor
        .text=${this.text}
        .issues=${s.status === RunStatus.Error ? s.issues : []}
        ?running=${s.status === RunStatus.Running}
        @ss-scenario-run=${this.onRun}
      ></ss-scenario-editor>
      <div class="status" data-status=${s.status}>
        <span data-testid="status">${s.status}</span>
        ${renderProgress(s)}
      </div>
      ${s.status === RunStatus.Error && s.message !== null ? html`<p class="error" data-testid="error">${s.message}</p>` : nothing}
      ${s.status === RunStatus.Done
        ? html`<ss-run-summary data-testid="summary" .results=${s.results} digest=${s.digest}></ss-run-summary>`
        : nothing}
    `;
  }

  private onRun(e: CustomEvent<ScenarioRunDetail>): void {
    this.text = e.detail.text;
    void this.sim.run({ text: this.text, file: this.text === quickstart ? DEFAULT_FILE : EDITOR_FILE, traceBase: traceBase() });
  }
}

function renderProgress(s: RunState) {
  if (s.status !== RunStatus.Running) return nothing;
  const p = s.progress;
  if (!p) return html`<span>starting…</span>`;
  return html`<progress data-testid="progress" max=${p.endTime} .value=${p.simulatedTime}></progress>
    <span>${Math.round(p.simulatedTime)} s of ${Math.round(p.endTime)} s simulated, ${p.events.toLocaleString("en-US")} events</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-app": App;
  }
}
