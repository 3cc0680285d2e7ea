import { formatManifestIssue, lintManifests } from "../../manifests/index.js";
import type { ObjectRegistry } from "../../manifests/index.js";
import type { CliIo } from "../io.js";
import { Exit } from "../io.js";
import { manifestTexts } from "../manifest-input.js";

/**
 * `servesim lint <manifests...>`: every document through every validation layer, file by file
 * (issues are printed as each file is done); exit 1 on any error.
 */
export async function lintCommand(paths: readonly string[], io: CliIo): Promise<number> {
  let issues = 0;
  let documents = 0;
  const seen: ObjectRegistry = new Map();
  for await (const { file, text } of manifestTexts(paths)) {
    const r = lintManifests(text, file, seen);
    documents += r.documents;
    issues += r.issues.length;
    if (r.issues.length > 0) io.stdout(`${r.issues.map(formatManifestIssue).join("\n")}\n`);
    for (const s of r.skipped) io.stderr(`${s}\n`);
  }
  io.stdout(`${documents} documents, ${issues} ${issues === 1 ? "error" : "errors"}\n`);
  return issues > 0 ? Exit.BadInput : Exit.Ok;
}
