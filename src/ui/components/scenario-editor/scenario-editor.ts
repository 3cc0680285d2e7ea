import { css, html, LitElement, nothing } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { formatPath } from "../../../scenario/index.js";
import type { ScenarioIssue } from "../../../../workers/protocol.js";

export interface ScenarioRunDetail {
  /** The scenario text in the editor when Run was pressed. */
  readonly text: string;
}

/**
 * A YAML editor for a scenario with a Run button; parse issues show inline as `line:col path: message`.
 *
 * @fires ss-scenario-run - Run was pressed; the detail carries the text.
 * @csspart editor - The textarea.
 * @cssprop --ss-error - Colour of issues.
 */
@customElement("ss-scenario-editor")
export class ScenarioEditor extends LitElement {
  static override styles = css`
    :host { display: block; }
    textarea {
      box-sizing: border-box; width: 100%; min-height: 24em; resize: vertical;
      font: 0.85rem/1.4 ui-monospace, monospace; tab-size: 2;
    }
    .bar { display: flex; gap: 0.5em; align-items: center; margin-block: 0.5em; }
    ul { margin: 0.5em 0; padding-left: 1.2em; color: var(--ss-error, #b00020); font-family: ui-monospace, monospace; }
  `;

  /** The text shown when the element first renders; later edits stay in the textarea. */
  @property() text = "";
  /** Issues of the last run's parse, if it failed. */
  @property({ attribute: false }) issues: readonly ScenarioIssue[] = [];
  /** A run is in progress: the button then reads "Restart" (a new run replaces the current one). */
  @property({ type: Boolean }) running = false;

  @query("textarea") private textarea!: HTMLTextAreaElement;

  override render() {
    return html`
      <textarea part="editor" data-testid="editor" spellcheck="false" aria-label="Scenario (YAML)" .value=${this.text}></textarea>
      <div class="bar">
        <button data-testid="run" @click=${this.onRun}>${this.running ? "Restart" : "Run"}</button>
      </div>
      ${this.issues.length === 0
        ? nothing
        : html`<ul data-testid="issues">
            ${this.issues.map((i) => html`<li>${i.line}:${i.column} ${formatPath(i.path)}: ${i.message}</li>`)}
          </ul>`}
    `;
  }

  private onRun(): void {
    const detail: ScenarioRunDetail = { text: this.textarea.value };
    this.dispatchEvent(new CustomEvent("ss-scenario-run", { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-scenario-editor": ScenarioEditor;
  }
  interface GlobalEventHandlersEventMap {
    "ss-scenario-run": CustomEvent<ScenarioRunDetail>;
  }
}
