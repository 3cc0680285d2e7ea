/**
 * The contract between the simulation workers (the browser's Web Worker, Node's worker thread)
 * and their callers. Types only: scenario text goes in, plain results plus transferred
 * typed-array columns come out, and progress flows back through a Comlink-proxied callback.
 */
import type { Figures } from "../src/manifests/index.js";
import type { ScenarioIssue } from "../src/scenario/index.js";
import type { Progress, Results } from "../src/sim/index.js";

export type { Progress, Results, ScenarioIssue };
export type { ExplainJson, LatencySummary, NodeSummary, PodSummary, ScaleEventRecord, ServiceSummary, SloWindowJson, Warning } from "../src/sim/index.js";

/** One simulation to run: the scenario as text, parsed (and validated) inside the worker. */
export interface RunRequest {
  /** Scenario source, YAML 1.2 or JSON. */
  readonly text: string;
  /** Name shown in issues (a path, or "<editor>"). */
  readonly file: string;
  /** Replaces the scenario's own seed; validated like it. */
  readonly seed?: string | number;
  /**
   * Where the scenario's trace files are found: in a browser, the URL their names resolve
   * against (the page's `scenarios/` folder); in Node, a directory (default: that of `file`).
   */
  readonly traceBase?: string;
  /**
   * Trace files the user dropped on the page (browser only): a scenario's trace whose base name
   * matches one of these is streamed from it instead of fetched.
   */
  readonly files?: readonly File[];
  /** Also explain every scheduling decision about pods whose name matches this glob (as `run --explain`). */
  readonly explainPods?: string;
}

/**
 * What a run gives back. Bad input is data (`ok: false` with located issues), never a thrown
 * error; a thrown error means a bug (a broken invariant) and crosses the boundary as such.
 */
export type RunReply =
  | {
      readonly ok: true;
      /** The series columns arrive as transferred Float64Arrays; the worker keeps no reference to them. */
      readonly results: Results;
      /** Lowercase hex SHA-256 of `resultsToJson(results)`: equal digests mean identical runs. */
      readonly digest: string;
    }
  /** Bad input: scenario issues, or a trace file's problem (its file and line, column 1). */
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** The API both worker entries expose over Comlink. */
export interface SimWorkerApi {
  /**
   * Parses and runs one scenario to its end. `onProgress` must be wrapped in Comlink's `proxy()`;
   * it is called at most about ten times a second. Runs are synchronous inside the worker: to
   * cancel one, terminate the worker.
   */
  run(request: RunRequest, onProgress?: (p: Progress) => void): Promise<RunReply>;
}

/** A manifest file for the tools: text given directly (pasted), or a File (chosen or dropped; a zip is opened). */
export type ManifestFile = { readonly name: string; readonly text: string } | File;

/** The verdict of one validation layer of an export. */
export interface LayerVerdict {
  readonly key: string;
  readonly label: string;
  readonly about: string;
  readonly issues: readonly string[];
}

export interface ExportedView {
  readonly objects: readonly { readonly label: string; readonly yaml: string }[];
  readonly yaml: string;
  readonly layers: readonly LayerVerdict[];
  readonly warnings: readonly string[];
  /** Files of a folder or zip export (one per object, numbered in apply order). */
  readonly files: Readonly<Record<string, string>>;
}

export type ExportOutcome = { readonly ok: true; readonly view: ExportedView } | { readonly ok: false; readonly message: string };

export interface LintView {
  readonly documents: number;
  readonly issues: readonly string[];
  readonly skipped: readonly string[];
}

export type ImportView = { readonly ok: true; readonly text: string; readonly notes: readonly string[] } | { readonly ok: false; readonly issues: readonly string[] };

/** The browser's tools worker: what the page would otherwise do on its main thread. */
export interface ToolsApi {
  /** The issues of a scenario text, as a run would report them (none when it parses). */
  check(text: string): Promise<readonly ScenarioIssue[]>;
  /** Manifests of a scenario with the figures of its run, and the four validation layers' verdicts. */
  exportManifests(text: string, figures: Figures, options: { readonly keda: boolean; readonly karpenter: boolean }): Promise<ExportOutcome>;
  /** The manifest texts of files (zips opened), to show them. */
  readManifests(files: readonly ManifestFile[]): Promise<string>;
  lint(files: readonly ManifestFile[]): Promise<LintView>;
  /** A scenario from manifests (with a servesim export's provenance, the scenario it came from). */
  importManifests(files: readonly ManifestFile[]): Promise<ImportView>;
}
