/** The gallery of bundled scenarios: name, one-line description and tags; picking one loads and runs it. */
import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { ScenarioCard } from "./tags.js";

export interface ScenarioPickDetail {
  readonly file: string;
  readonly text: string;
}

/**
 * @fires ss-scenario-pick - A scenario was chosen; the detail carries its file and text.
 * @cssprop --ss-accent - Border of the current scenario's card.
 */
@customElement("ss-scenario-gallery")
export class ScenarioGallery extends LitElement {
  static override styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
    button {
      all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer;
      padding: 0.55rem 0.7rem; border: 1px solid var(--ss-rule); border-radius: 6px; background: var(--ss-surface);
    }
    button:hover { border-color: var(--ss-accent); }
    button:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 2px; }
    button[aria-current="true"] { border-color: var(--ss-accent); box-shadow: inset 3px 0 0 var(--ss-accent); }
    .name { font-weight: 600; font-family: ui-monospace, monospace; font-size: 0.88rem; }
    .desc { display: block; margin: 0.15em 0 0.35em; color: var(--ss-text); font-size: 0.85rem; }
    .tags { display: flex; flex-wrap: wrap; gap: 0.25em; }
    .tag { font-size: 0.72rem; padding: 0.05em 0.5em; border-radius: 1em; background: var(--ss-chip); color: var(--ss-text); }
  `;

  @property({ attribute: false }) scenarios: readonly ScenarioCard[] = [];
  /** File of the scenario in the editor, if it is a bundled one. */
  @property() current = "";

  override render() {
    return html`<ul aria-label="bundled scenarios">
      ${this.scenarios.map(
        (s) => html`<li>
          <button data-scenario=${s.file} aria-current=${s.file === this.current ? "true" : "false"} @click=${() => this.#pick(s)}>
            <span class="name">${s.name}</span>
            <span class="desc">${s.description}</span>
            <span class="tags">${s.tags.map((t) => html`<span class="tag">${t}</span>`)}</span>
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #pick(s: ScenarioCard): void {
    const detail: ScenarioPickDetail = { file: s.file, text: s.text };
    this.dispatchEvent(new CustomEvent("ss-scenario-pick", { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-scenario-gallery": ScenarioGallery;
  }
  interface GlobalEventHandlersEventMap {
    "ss-scenario-pick": CustomEvent<ScenarioPickDetail>;
  }
}
