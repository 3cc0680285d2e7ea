/** Run and Cancel, the run's status, and its progress: simulated time, events, elapsed and estimated time left. */
import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { formatClock } from "../../charts/frame/units.js";
import type { LiveProgress, RunStatus } from "../../app/sim-controller.js";

const events = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });
const secs = (s: number): string => (s < 10 ? `${s.toFixed(1)} s` : formatClock(s));

/**
 * @fires ss-run-request - Run was pressed.
 * @fires ss-run-cancel - Cancel was pressed.
 */
@customElement("ss-run-bar")
export class RunBar extends LitElement {
  static override styles = css`
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; min-height: 2.2rem; }
    button { font: inherit; padding: 0.3rem 1rem; border-radius: 5px; border: 1px solid var(--ss-rule); background: var(--ss-surface); color: var(--ss-text); cursor: pointer; }
    button.primary { background: var(--ss-accent); border-color: var(--ss-accent); color: var(--ss-on-accent); font-weight: 600; }
    button:disabled { opacity: 0.5; cursor: default; }
    button:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 2px; }
    .status { padding: 0.1em 0.65em; border-radius: 1em; font-size: 0.8rem; background: var(--ss-chip); color: var(--ss-text); }
    .status.running { background: var(--ss-accent); color: var(--ss-on-accent); }
    .status.error { background: var(--ss-fail); color: var(--ss-on-accent); }
    .status.done { background: var(--ss-pass); color: var(--ss-on-accent); }
    progress { width: 12rem; accent-color: var(--ss-accent); }
    .figures { font-size: 0.82rem; color: var(--ss-muted); font-variant-numeric: tabular-nums; }
    kbd { font-size: 0.75rem; border: 1px solid var(--ss-rule); border-radius: 3px; padding: 0 0.25em; }
  `;

  @property() status: RunStatus = "idle";
  @property({ attribute: false }) progress: LiveProgress | null = null;
  /** Extra text after the status (e.g. what the run was). */
  @property() note = "";

  override render() {
    const running = this.status === "running";
    const p = this.progress;
    return html`
      <button class="primary" data-testid="run" @click=${() => this.#fire("ss-run-request")} title="Run the scenario in the editor (Ctrl+Enter in the editor)">${running ? "Restart" : "Run"}</button>
      <button data-testid="cancel" ?disabled=${!running} @click=${() => this.#fire("ss-run-cancel")}>Cancel</button>
      <span class="status ${this.status}" data-testid="status" role="status" aria-live="polite">${this.status}</span>
      ${running && p
        ? html`<progress data-testid="progress" max=${p.endTime} .value=${p.simulatedTime} aria-label="simulated time"></progress>
            <span class="figures" data-testid="progress-text">${formatClock(p.simulatedTime)} of ${formatClock(p.endTime)} simulated · ${events.format(p.events)} events · ${secs(p.elapsed)} elapsed${p.eta !== null ? ` · about ${secs(p.eta)} left` : ""}</span>`
        : running
          ? html`<span class="figures">starting…</span>`
          : nothing}
      ${this.note ? html`<span class="figures">${this.note}</span>` : nothing}
    `;
  }

  #fire(name: "ss-run-request" | "ss-run-cancel"): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-run-bar": RunBar;
  }
  interface GlobalEventHandlersEventMap {
    "ss-run-cancel": CustomEvent<undefined>;
  }
}
