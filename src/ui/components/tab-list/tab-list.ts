/**
 * A row of tabs (WAI-ARIA tabs pattern): one tab stop, arrow keys and Home/End move between
 * tabs, Enter or Space or a click selects. The page renders the panels (`id` = `<tab id>-panel`).
 */
import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";

export interface TabSelectDetail {
  readonly id: string;
}

export interface Tab {
  readonly id: string;
  readonly label: string;
  /** Shown after the label, e.g. a count. */
  readonly badge?: string;
}

/** @fires ss-tab-select - A tab was chosen. */
@customElement("ss-tab-list")
export class TabList extends LitElement {
  static override styles = css`
    :host { display: block; }
    [role="tablist"] { display: flex; flex-wrap: wrap; gap: 0.15rem; border-bottom: 1px solid var(--ss-rule); }
    button {
      font: inherit; font-size: 0.88rem; background: none; color: var(--ss-muted); border: 0; border-bottom: 2px solid transparent;
      padding: 0.35rem 0.75rem; cursor: pointer; margin-bottom: -1px;
    }
    button:hover { color: var(--ss-text); }
    button[aria-selected="true"] { color: var(--ss-text); border-bottom-color: var(--ss-accent); font-weight: 600; }
    button:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: -2px; border-radius: 3px; }
    .badge { font-size: 0.72rem; margin-left: 0.35em; padding: 0 0.45em; border-radius: 1em; background: var(--ss-chip); }
  `;

  @property({ attribute: false }) tabs: readonly Tab[] = [];
  @property() selected = "";
  /** Accessible name of the tab list. */
  @property() label = "";

  override render() {
    return html`<div role="tablist" aria-label=${this.label} @keydown=${this.#onKey}>
      ${this.tabs.map(
        (t) => html`<button role="tab" id=${`${t.id}-tab`} data-tab=${t.id} aria-selected=${t.id === this.selected ? "true" : "false"} aria-controls=${`${t.id}-panel`}
          tabindex=${t.id === this.selected ? 0 : -1} @click=${() => this.#select(t.id)}>${t.label}${t.badge ? html`<span class="badge">${t.badge}</span>` : ""}</button>`,
      )}
    </div>`;
  }

  #onKey = (e: KeyboardEvent) => {
    const i = this.tabs.findIndex((t) => t.id === this.selected);
    const n = this.tabs.length;
    const next = e.key === "ArrowRight" ? (i + 1) % n : e.key === "ArrowLeft" ? (i - 1 + n) % n : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : -1;
    if (next < 0 || n === 0) return;
    e.preventDefault();
    const id = this.tabs[next]!.id;
    this.#select(id);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-tab="${id}"]`)?.focus());
  };

  #select(id: string): void {
    const detail: TabSelectDetail = { id };
    this.dispatchEvent(new CustomEvent("ss-tab-select", { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-tab-list": TabList;
  }
  interface GlobalEventHandlersEventMap {
    "ss-tab-select": CustomEvent<TabSelectDetail>;
  }
}
