/**
 * The scenario's YAML editor: CodeMirror 6, loaded on first display (a plain textarea stands in
 * meanwhile), with the scenario's issues inline at their line and column and listed below.
 */
import { css, html, LitElement, nothing } from "lit";
import type { PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { ScenarioIssue } from "../../../../workers/protocol.js";
import type { EditorHandle } from "./codemirror.js";
import { issueText } from "./issue-text.js";

export interface ScenarioChangeDetail {
  readonly text: string;
}

/** Milliseconds of quiet typing before the page hears of a change. */
const CHANGE_DELAY = 250;

/**
 * @fires ss-scenario-change - The text was edited (debounced); the detail carries it.
 * @fires ss-run-request - Ctrl/Cmd-Enter was pressed in the editor.
 * @cssprop --ss-error - Colour of issues.
 */
@customElement("ss-scenario-editor")
export class ScenarioEditor extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    .host { flex: 1 1 auto; min-height: 16rem; overflow: hidden; display: flex; }
    .host > * { flex: 1; min-width: 0; }
    textarea {
      box-sizing: border-box; width: 100%; height: 100%; resize: none; border: 1px solid var(--ss-rule); border-radius: 6px;
      font: 0.82rem/1.45 ui-monospace, monospace; background: var(--ss-surface); color: var(--ss-text); padding: 0.3rem 0.5rem;
    }
    .issues { margin: 0.4rem 0 0; padding: 0; list-style: none; max-height: 9rem; overflow: auto; }
    .issues button {
      all: unset; cursor: pointer; display: block; color: var(--ss-error); font: 0.8rem/1.35 ui-monospace, monospace;
      padding: 0.1rem 0.3rem; border-radius: 3px; white-space: pre-wrap; word-break: break-word;
    }
    .issues button:focus-visible { outline: 2px solid var(--ss-focus); }
    .ok { color: var(--ss-muted); font-size: 0.8rem; margin: 0.35rem 0 0; }
  `;

  /** The scenario text; setting it from outside replaces the editor's content. */
  @property() text = "";
  /** Issues of the last run and the text they refer to (trace errors, which the live check does not see). */
  @property({ attribute: false }) runIssues: { readonly text: string; readonly issues: readonly ScenarioIssue[] } = { text: "", issues: [] };
  /** Whether the editor is on screen; a text set while hidden is loaded when it shows. */
  @property({ type: Boolean }) visible = true;
  /** What the text is, in the editor's accessible name and its list of problems ("scenario", "plan"). */
  @property() subject = "scenario";
  /** Checks a text (the page's tools worker); without it, only run issues show. */
  @property({ attribute: false }) check: (text: string) => Promise<readonly ScenarioIssue[]> = () => Promise.resolve([]);

  @state() private issues: readonly ScenarioIssue[] = [];
  @state() private loaded = false;
  @query(".host") private hostEl!: HTMLDivElement;
  #editor: EditorHandle | null = null;
  #own = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending = false;

  override render() {
    return html`
      <div class="host">${this.loaded ? nothing : html`<textarea data-testid=${this.#testId("editor-loading")} aria-label=${`${this.#label()}, editor loading`} spellcheck="false" .value=${this.text} @input=${this.#onTextarea}></textarea>`}</div>
      ${this.issues.length > 0
        ? html`<ul class="issues" data-testid=${this.#testId("issues")} aria-label=${`problems in the ${this.subject}`}>${this.issues.map((i) => html`<li><button @click=${() => this.#reveal(i)}>${issueText(i)}</button></li>`)}</ul>`
        : html`<p class="ok" data-testid=${this.#testId("no-issues")}>${this.loaded ? "No problems found." : "Loading the editor…"}</p>`}
    `;
  }

  protected override async firstUpdated(): Promise<void> {
    const { createEditor } = await import("./codemirror.js");
    const start = (this.renderRoot.querySelector("textarea") as HTMLTextAreaElement | null)?.value ?? this.text;
    this.loaded = true;
    await this.updateComplete;
    this.#own = start;
    this.#editor = createEditor(this.hostEl, {
      text: start,
      label: this.#label(),
      testId: this.#testId("editor"),
      onChange: (text) => this.#changed(text),
      onRun: () => this.dispatchEvent(new CustomEvent("ss-run-request", { bubbles: true, composed: true })),
      onIssues: (issues) => (this.issues = issues),
      check: (text) => this.check(text),
    });
    this.#editor.setRunIssues(this.runIssues.text, this.runIssues.issues);
    if (start !== this.text) this.#changed(start);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("text") && this.text !== this.#own) {
      this.#own = this.text;
      this.#pending = true;
    }
    // Replacing the document re-parses and re-highlights it: done when the editor shows, in a task of its own.
    if (this.#pending && this.visible) {
      this.#pending = false;
      setTimeout(() => this.#editor?.setText(this.#own), 0);
    }
    if (changed.has("runIssues")) {
      this.#editor?.setRunIssues(this.runIssues.text, this.runIssues.issues);
      if (!this.#editor) this.issues = this.runIssues.text === this.text ? this.runIssues.issues : [];
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#editor?.destroy();
    this.#editor = null;
    this.loaded = false;
  }

  /** Test ids of the scenario's editor are plain (`editor`); others' carry their subject (`plan-editor`). */
  #testId(id: string): string {
    return this.subject === "scenario" ? id : `${this.subject}-${id}`;
  }

  #label(): string {
    return `${this.subject.charAt(0).toUpperCase()}${this.subject.slice(1)} (YAML)`;
  }

  /** Moves the cursor to an issue and focuses the editor. */
  #reveal(i: ScenarioIssue): void {
    this.#editor?.reveal(i.line, i.column);
  }

  #onTextarea = (e: Event) => this.#changed((e.target as HTMLTextAreaElement).value);

  #changed(text: string): void {
    this.#own = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const detail: ScenarioChangeDetail = { text };
      this.dispatchEvent(new CustomEvent("ss-scenario-change", { detail, bubbles: true, composed: true }));
    }, CHANGE_DELAY);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-scenario-editor": ScenarioEditor;
  }
  interface GlobalEventHandlersEventMap {
    "ss-scenario-change": CustomEvent<ScenarioChangeDetail>;
    "ss-run-request": CustomEvent<undefined>;
  }
}
