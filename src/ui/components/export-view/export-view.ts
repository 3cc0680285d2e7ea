/**
 * The export view: the current scenario's Kubernetes manifests, previewed with the simulated
 * figures in comments, the four validation layers' verdicts, downloads as YAML or zip; linting
 * of pasted or dropped manifests; importing manifests into a scenario. The work runs in the
 * page's tools worker, where the OpenAPI validators load when this view first asks for them.
 */
import { css, html, LitElement, nothing } from "lit";
import type { PropertyValues } from "lit";
import { controlStyles } from "../../app/controls.styles.js";
import { customElement, property, state } from "lit/decorators.js";
import { strToU8, zipSync } from "fflate";
import { figuresOf } from "../../../manifests/index.js";
import type { ExportedView, ImportView, LintView, ManifestFile, Results, ToolsApi } from "../../../../workers/protocol.js";

/** A zip whose bytes depend only on the files (fixed timestamps), like `servesim export --out x.zip`. */
export function zipOf(files: Readonly<Record<string, string>>): Uint8Array<ArrayBuffer> {
  const mtime = new Date(1980, 0, 1);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 6 }) as Uint8Array<ArrayBuffer>;
}

/**
 * @fires ss-scenario-change - An import produced a scenario; the detail carries its text.
 */
@customElement("ss-export-view")
export class ExportView extends LitElement {
  static override styles = [
    controlStyles,
    css`
    :host { display: block; font-size: 0.86rem; }
    section { margin-bottom: 1.4rem; }
    h3 { font-size: 0.98rem; margin: 0.2rem 0 0.5rem; }
    .bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-bottom: 0.5rem; }
    ul.layers { list-style: none; padding: 0; margin: 0.4rem 0; }
    ul.layers li { margin: 0.2rem 0; }
    .pass { color: var(--ss-pass); font-weight: 600; }
    .fail { color: var(--ss-fail); font-weight: 600; }
    .muted { color: var(--ss-muted); }
    pre { font: 0.78rem/1.4 ui-monospace, monospace; background: var(--ss-surface); border: 1px solid var(--ss-rule); border-radius: 4px; padding: 0.4rem 0.6rem; overflow: auto; max-height: 26rem; margin: 0.3rem 0 0.6rem; }
    details { margin: 0.15rem 0; }
    summary { cursor: pointer; font-family: ui-monospace, monospace; font-size: 0.82rem; }
    summary:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 2px solid var(--ss-focus); outline-offset: 1px; }
    textarea { box-sizing: border-box; width: 100%; min-height: 8rem; font: 0.8rem/1.4 ui-monospace, monospace; background: var(--ss-surface); color: var(--ss-text); border: 1px solid var(--ss-rule); border-radius: 4px; }
    textarea.dragging { outline: 2px dashed var(--ss-accent); }
    .issues { color: var(--ss-fail); font-family: ui-monospace, monospace; font-size: 0.78rem; white-space: pre-wrap; }
  `,
  ];

  /** The scenario in the editor. */
  @property() text = "";
  /** Results of a run of exactly this text (null: not run since the last edit). */
  @property({ attribute: false }) results: Results | null = null;

  /** Where the scenario comes from, when not the editor's own (e.g. a plan's winner), for the heading. */
  @property() origin = "";
  /** The tools worker's API (the app shell's). */
  @property({ attribute: false }) tools: ToolsApi | null = null;
  @state() private loading = false;
  @state() private exported: ExportedView | null = null;
  @state() private exportError = "";
  @state() private keda = false;
  @state() private karpenter = false;
  @state() private manifests = "";
  @state() private lint: LintView | null = null;
  @state() private imported: ImportView | null = null;
  @state() private dragging = false;
  #files: File[] = [];
  #generation = 0;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has("text") || changed.has("results") || changed.has("tools") || changed.has("keda") || changed.has("karpenter")) void this.#export();
  }

  async #export(): Promise<void> {
    const generation = ++this.#generation;
    this.exported = null;
    this.exportError = "";
    if (!this.tools || !this.results) return;
    this.loading = true;
    try {
      const r = await this.tools.exportManifests(this.text, figuresOf(this.results), { keda: this.keda, karpenter: this.karpenter });
      if (generation !== this.#generation) return;
      if (r.ok) this.exported = r.view;
      else this.exportError = r.message;
    } catch (e) {
      if (generation === this.#generation) this.exportError = `the export failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  override render() {
    return html`${this.#exportSection()}${this.#lintSection()}`;
  }

  #exportSection() {
    const v = this.exported;
    return html`<section aria-labelledby="export-title">
      <h3 id="export-title">Manifests of ${this.origin || "the current scenario"}</h3>
      <div class="bar">
        <label><input type="checkbox" .checked=${this.keda} @change=${(e: Event) => (this.keda = (e.target as HTMLInputElement).checked)} /> KEDA ScaledObjects instead of HPAs</label>
        <label><input type="checkbox" .checked=${this.karpenter} @change=${(e: Event) => (this.karpenter = (e.target as HTMLInputElement).checked)} /> Karpenter NodePools</label>
      </div>
      ${this.loading ? html`<p class="muted" data-testid="export-loading">Building and validating the manifests…</p>` : nothing}
      ${!this.results ? html`<p class="muted" data-testid="export-needs-run">Run the scenario first: the manifests carry its simulated figures (cold starts, drain times) in comments.</p>` : nothing}
      ${this.exportError ? html`<p class="fail" role="alert">${this.exportError}</p>` : nothing}
      ${v
        ? html`<ul class="layers" data-testid="layers" aria-label="validation layers">
              ${v.layers.map(
                (l) => html`<li data-layer=${l.key}><span class=${l.issues.length === 0 ? "pass" : "fail"}>${l.issues.length === 0 ? "✓ pass" : `✗ ${l.issues.length} problems`}</span>
                  <strong>${l.label}</strong> <span class="muted">— ${l.about}</span>
                  ${l.issues.length > 0 ? html`<div class="issues">${l.issues.join("\n")}</div>` : nothing}</li>`,
              )}
            </ul>
            ${v.warnings.map((w) => html`<p class="muted">note: ${w}</p>`)}
            <div class="bar">
              <button data-testid="download-yaml" @click=${() => this.#download("manifests.yaml", new Blob([v.yaml], { type: "application/yaml" }))}>Download YAML</button>
              <button data-testid="download-zip" @click=${() => this.#download("manifests.zip", new Blob([zipOf(v.files)], { type: "application/zip" }))}>Download zip</button>
              <span class="muted">${v.objects.length} objects, in apply order</span>
            </div>
            ${v.objects.map((o, i) => html`<details ?open=${i < 2} data-object=${o.label}><summary>${o.label}</summary><pre>${o.yaml}</pre></details>`)}`
        : nothing}
    </section>`;
  }

  #lintSection() {
    const l = this.lint;
    const imp = this.imported;
    return html`<section aria-labelledby="lint-title">
      <h3 id="lint-title">Lint or import manifests</h3>
      <p class="muted">Paste manifests below, or drop YAML, JSON or zip files on the box; lint runs the same four layers as <code>servesim lint</code>, import turns them into a scenario.</p>
      <textarea data-testid="manifests-input" aria-label="manifests to lint or import" class=${this.dragging ? "dragging" : ""} .value=${this.manifests}
        @input=${(e: Event) => ((this.manifests = (e.target as HTMLTextAreaElement).value), (this.#files = []))}
        @dragover=${this.#onDragOver} @dragleave=${() => (this.dragging = false)} @drop=${this.#onDrop}></textarea>
      <div class="bar">
        <label>or choose files <input type="file" multiple accept=".yaml,.yml,.json,.zip" data-testid="manifests-file" @change=${this.#onChoose} /></label>
        <button data-testid="lint" ?disabled=${!this.tools} @click=${this.#lint}>Lint</button>
        <button data-testid="import" ?disabled=${!this.tools} @click=${this.#import}>Import into a scenario</button>
      </div>
      ${l
        ? html`<p data-testid="lint-result" class=${l.issues.length === 0 ? "pass" : "fail"}>${l.documents} documents, ${l.issues.length} ${l.issues.length === 1 ? "error" : "errors"}</p>
            ${l.issues.length > 0 ? html`<div class="issues">${l.issues.join("\n")}</div>` : nothing}
            ${l.skipped.map((s) => html`<p class="muted">${s}: no schema here, not checked</p>`)}`
        : nothing}
      ${imp && !imp.ok ? html`<div class="issues" data-testid="import-issues">${imp.issues.join("\n")}</div>` : nothing}
      ${imp && imp.ok ? html`<p class="pass" data-testid="import-result">Imported into the editor.</p>${imp.notes.map((n) => html`<p class="muted">note: ${n}</p>`)}` : nothing}
    </section>`;
  }

  /** What to lint or import: the dropped or chosen files, else the text in the box. */
  #sources(): ManifestFile[] {
    return this.#files.length > 0 ? this.#files : [{ name: "<pasted>", text: this.manifests }];
  }

  #lint = async () => {
    try {
      this.lint = await this.tools!.lint(this.#sources());
    } catch (e) {
      this.lint = { documents: 0, issues: [e instanceof Error ? e.message : String(e)], skipped: [] };
    }
  };

  #import = async () => {
    let r: ImportView;
    try {
      r = await this.tools!.importManifests(this.#sources());
    } catch (e) {
      r = { ok: false, issues: [e instanceof Error ? e.message : String(e)] };
    }
    this.imported = r;
    if (r.ok) this.dispatchEvent(new CustomEvent("ss-scenario-change", { detail: { text: r.text }, bubbles: true, composed: true }));
  };

  async #take(files: File[]): Promise<void> {
    this.#files = files;
    this.lint = null;
    this.imported = null;
    try {
      this.manifests = (await this.tools?.readManifests(files)) ?? "";
    } catch (e) {
      this.manifests = `# ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  #onChoose = (e: Event) => void this.#take([...((e.target as HTMLInputElement).files ?? [])]);

  #onDragOver = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    this.dragging = true;
  };

  #onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    this.dragging = false;
    void this.#take([...(e.dataTransfer?.files ?? [])]);
  };

  #download(name: string, blob: Blob): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ss-export-view": ExportView;
  }
}
