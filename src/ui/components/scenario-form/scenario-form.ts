/**
 * A form for the common knobs of the scenario in the editor: seed, duration, each pool's GPU
 * type, GPUs per node and node count (or autoscaling bounds), replicas per service, and a load
 * multiplier. Every change rewrites the YAML text (comments kept) and hands it to the page.
 */
import { css, html, LitElement, nothing } from "lit";
import { controlStyles } from "../../app/controls.styles.js";
import { customElement, property, state } from "lit/decorators.js";
import { findGpu, gpuIds } from "../../../catalog/index.js";
import { applyKnob, readKnobs } from "./knobs.js";
import type { KnobEdit, PoolKnobs } from "./knobs.js";

/** @fires ss-scenario-change - A knob changed the text; the detail carries the new text. */
@customElement("ss-scenario-form")
export class ScenarioForm extends LitElement {
  static override styles = [
    controlStyles,
    css`
    :host { display: block; font-size: 0.88rem; }
    fieldset { border: 1px solid var(--ss-rule); border-radius: 6px; margin: 0 0 0.7rem; padding: 0.4rem 0.7rem 0.6rem; }
    legend { font-weight: 600; padding: 0 0.3em; }
    .row { display: grid; grid-template-columns: 9.5rem 1fr; align-items: center; gap: 0.3rem 0.6rem; margin: 0.3rem 0; }
    input, select { font: inherit; padding: 0.15rem 0.35rem; border: 1px solid var(--ss-rule); border-radius: 4px; background: var(--ss-surface); color: var(--ss-text); min-width: 0; }
    input[type="number"] { width: 6.5rem; }
    input:focus-visible, select:focus-visible, button:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 1px; }
    .inline { display: flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; }
    .hint { color: var(--ss-muted); font-size: 0.8rem; margin: 0.2rem 0 0; }
    .error { color: var(--ss-error); }
  `,
  ];

  /** The scenario text the knobs are read from. */
  @property() text = "";
  @state() private factor = 1.5;
  @state() private notes: readonly string[] = [];

  override render() {
    const k = readKnobs(this.text);
    if (!k.ok) return html`<p class="error" role="alert">${k.message}</p>`;
    const { seed, duration, pools, services } = k.value;
    return html`
      <p class="hint">Each change rewrites the YAML in the editor (comments are kept); press Run to simulate it.</p>
      <fieldset>
        <legend>Run</legend>
        <label class="row">seed <input data-knob="seed" .value=${String(seed ?? "")} @change=${(e: Event) => this.#edit({ kind: "seed", value: seedValue(inputOf(e).value) })} /></label>
        <label class="row">duration <input data-knob="duration" .value=${String(duration ?? "")} placeholder="e.g. 1h, 30m" @change=${(e: Event) => this.#edit({ kind: "duration", value: inputOf(e).value.trim() })} /></label>
      </fieldset>
      ${pools.map((p, i) => this.#pool(p, i))}
      ${services.length > 0
        ? html`<fieldset>
            <legend>Replicas</legend>
            ${services.map(
              (s, i) => html`<label class="row">${s.name} <input type="number" min="0" max="1000" step="1" data-knob=${`replicas-${i}`} .value=${String(s.replicas ?? 1)}
                @change=${(e: Event) => this.#number(e, (value) => ({ kind: "replicas", service: i, value }))} /></label>`,
            )}
          </fieldset>`
        : nothing}
      <fieldset>
        <legend>Load</legend>
        <div class="row"><label for="factor">multiply every rate by</label>
          <span class="inline"><input id="factor" type="number" min="0.01" max="100" step="0.05" data-knob="load-factor" .value=${String(this.factor)} @input=${(e: Event) => (this.factor = Number(inputOf(e).value))} />
          <button data-knob="load-apply" @click=${() => this.#edit({ kind: "scaleLoad", factor: this.factor })}>Apply</button></span></div>
        <p class="hint">Generators' rates are multiplied; a trace's rateScale too (more copies, thinned to the fraction).</p>
        ${this.notes.map((n) => html`<p class="hint">not scaled: ${n}</p>`)}
      </fieldset>
    `;
  }

  #pool(p: PoolKnobs, i: number) {
    const sized = p.count === null && (p.sizeMin !== null || p.sizeMax !== null);
    return html`<fieldset>
      <legend>Node pool ${p.name}</legend>
      ${p.gpuType !== null
        ? html`<label class="row">GPU type
              <select data-knob=${`gpu-type-${i}`} @change=${(e: Event) => this.#edit({ kind: "pool", pool: i, field: "gpu.type", value: (e.target as HTMLSelectElement).value })}>
                ${gpuIds.map((id) => html`<option value=${id} ?selected=${id === p.gpuType}>${id} — ${findGpu(id)?.name ?? id}</option>`)}
              </select></label>
            <label class="row">GPUs per node <input type="number" min="1" max="16" step="1" data-knob=${`gpu-count-${i}`} .value=${String(p.gpuCount ?? 1)}
              @change=${(e: Event) => this.#number(e, (value) => ({ kind: "pool", pool: i, field: "gpu.count", value }))} /></label>`
        : html`<p class="hint">no GPUs</p>`}
      ${sized
        ? html`<label class="row">nodes, at least <input type="number" min="0" max="1000" step="1" data-knob=${`size-min-${i}`} .value=${String(p.sizeMin ?? 0)}
              @change=${(e: Event) => this.#number(e, (value) => ({ kind: "pool", pool: i, field: "size.min", value }))} /></label>
            <label class="row">nodes, at most <input type="number" min="1" max="1000" step="1" data-knob=${`size-max-${i}`} .value=${String(p.sizeMax ?? 1)}
              @change=${(e: Event) => this.#number(e, (value) => ({ kind: "pool", pool: i, field: "size.max", value }))} /></label>`
        : html`<label class="row">nodes <input type="number" min="0" max="1000" step="1" data-knob=${`count-${i}`} .value=${String(p.count ?? 1)}
              @change=${(e: Event) => this.#number(e, (value) => ({ kind: "pool", pool: i, field: "count", value }))} /></label>`}
    </fieldset>`;
  }

  #number(e: Event, edit: (value: number) => KnobEdit): void {
    const v = Number(inputOf(e).value);
    // The schema gives the precise message for a bad value; here only non-numbers are held back.
    if (Number.isFinite(v)) this.#edit(edit(v));
  }

  #edit(edit: KnobEdit): void {
    const r = applyKnob(this.text, edit);
    if (!r.ok) {
      this.notes = [r.message];
      return;
    }
    this.notes = r.value.notes;
    this.dispatchEvent(new CustomEvent("ss-scenario-change", { detail: { text: r.value.text }, bubbles: true, composed: true }));
  }
}

const inputOf = (e: Event): HTMLInputElement => e.target as HTMLInputElement;
const seedValue = (v: string): string | number => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());

declare global {
  interface HTMLElementTagNameMap {
    "ss-scenario-form": ScenarioForm;
  }
}
