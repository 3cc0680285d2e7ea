import { writeFile } from "node:fs/promises";
import { formatManifestIssue, importManifests, parseManifests } from "../../manifests/index.js";
import type { ManifestIssue, ParsedDocument } from "../../manifests/index.js";
import type { CliIo } from "../io.js";
import { Exit, UserError } from "../io.js";
import { manifestTexts } from "../manifest-input.js";

/** Manifest bytes an import reads in all (it keeps every document to build one scenario). */
const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export interface ImportCommandOptions {
  readonly out?: string;
  readonly name?: string;
}

/** `servesim import <manifests...>`: a scenario from manifests; notes (skipped kinds, assumptions) go to stderr. */
export async function importCommand(paths: readonly string[], opts: ImportCommandOptions, io: CliIo): Promise<number> {
  const docs: ParsedDocument[] = [];
  const issues: ManifestIssue[] = [];
  for await (const { file, text } of manifestTexts(paths, IMPORT_MAX_BYTES)) {
    const p = parseManifests(text, file);
    docs.push(...p.documents);
    issues.push(...p.issues);
  }
  const r = issues.length > 0 ? { ok: false as const, issues } : importManifests(docs, opts.name !== undefined ? { name: opts.name } : {});
  if (!r.ok) {
    io.stderr(`${r.issues.map(formatManifestIssue).join("\n")}\n`);
    return Exit.BadInput;
  }
  for (const n of r.notes) io.stderr(`note: ${n}\n`);
  if (opts.out === undefined) io.stdout(r.text);
  else {
    try {
      await writeFile(opts.out, r.text);
    } catch (e) {
      throw new UserError(`${opts.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  return Exit.Ok;
}
