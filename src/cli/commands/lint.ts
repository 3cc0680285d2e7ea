import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { formatManifestIssue, lintManifests } from "../../manifests/index.js";
import type { ManifestIssue } from "../../manifests/index.js";
import { Limits } from "../../scenario/index.js";
import type { CliIo } from "../io.js";
import { Exit, readTextFile, UserError } from "../io.js";

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** A manifest file or zip may be larger than a scenario file (a whole cluster's objects). */
const MAX_MANIFEST_BYTES = 16 * Limits.fileBytes;

/** Manifest texts named by the arguments: files, the manifest files of folders, and the manifest files inside zips. */
export async function manifestTexts(paths: readonly string[]): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      throw new UserError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (isDir) {
      const names = (await readdir(p)).filter((n) => MANIFEST_FILE.test(n)).sort();
      for (const n of names) out.push({ file: join(p, n), text: await readTextFile(join(p, n), MAX_MANIFEST_BYTES) });
    } else if (/\.zip$/i.test(p)) {
      if ((await stat(p)).size > MAX_MANIFEST_BYTES) throw new UserError(`${p}: expected a zip of at most ${MAX_MANIFEST_BYTES} bytes`);
      let entries: Record<string, Uint8Array>;
      try {
        let total = 0;
        entries = unzipSync(readFileSync(p), {
          filter: (f) => {
            total += f.originalSize;
            if (total > MAX_MANIFEST_BYTES) throw new UserError(`${p}: expands beyond ${MAX_MANIFEST_BYTES} bytes`);
            return MANIFEST_FILE.test(f.name);
          },
        });
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(`${p}: not a readable zip (${e instanceof Error ? e.message : String(e)})`);
      }
      for (const name of Object.keys(entries).sort()) out.push({ file: `${p}:${name}`, text: strFromU8(entries[name]!) });
    } else out.push({ file: p, text: await readTextFile(p, MAX_MANIFEST_BYTES) });
  }
  return out;
}

/** `servesim lint <manifests...>`: every document through every validation layer; exit 1 on any error. */
export async function lintCommand(paths: readonly string[], io: CliIo): Promise<number> {
  const issues: ManifestIssue[] = [];
  let documents = 0;
  for (const { file, text } of await manifestTexts(paths)) {
    const r = lintManifests(text, file);
    documents += r.documents;
    issues.push(...r.issues);
    for (const s of r.skipped) io.stderr(`${s}: no schema here, not checked\n`);
  }
  if (issues.length > 0) io.stdout(`${issues.map(formatManifestIssue).join("\n")}\n`);
  io.stdout(`${documents} documents, ${issues.length} ${issues.length === 1 ? "error" : "errors"}\n`);
  return issues.length > 0 ? Exit.BadInput : Exit.Ok;
}
