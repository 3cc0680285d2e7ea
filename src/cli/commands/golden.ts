import { runGoldenFile } from "../../sim/index.js";
import type { CliIo } from "../io.js";
import { Exit, readTextFile, UserError } from "../io.js";

/** Golden tables are upstream test tables: a few hundred kilobytes at most. */
const MAX_GOLDEN_BYTES = 16 * 1024 * 1024;

/**
 * `servesim golden <fixture.json>...`: evaluates every case of each golden table and prints one
 * JSON object per case (`id`, `pass`, `expected`, `actual`, and `error` when the case could not
 * run); a summary per file goes to stderr. Exits 1 if any case does not pass.
 */
export async function goldenCommand(files: readonly string[], io: CliIo): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const text = await readTextFile(file, MAX_GOLDEN_BYTES);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UserError(`${file}: invalid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const r = runGoldenFile(data);
    if (!r.ok) throw new UserError(`${file}: ${r.error}`);
    for (const o of r.outcomes) io.stdout(`${JSON.stringify(o.error === undefined ? { id: o.id, pass: o.pass, expected: o.expected, actual: o.actual } : o)}\n`);
    const passed = r.outcomes.filter((o) => o.pass).length;
    failed += r.outcomes.length - passed;
    io.stderr(`${file}: ${passed}/${r.outcomes.length} cases pass (${r.kind})\n`);
  }
  return failed === 0 ? Exit.Ok : Exit.BadInput;
}
