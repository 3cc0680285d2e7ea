/** Where exported manifests go: stdout, one YAML file, a folder (one file per object) or a zip. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { outputFiles, toYaml } from "../manifests/index.js";
import type { ExportedObject } from "../manifests/index.js";
import type { CliIo } from "./io.js";
import { UserError } from "./io.js";

export type OutputKind = "stdout" | "yaml" | "zip" | "dir";

export const outputKind = (out: string | undefined): OutputKind =>
  out === undefined || out === "-" ? "stdout" : /\.ya?ml$/i.test(out) ? "yaml" : /\.zip$/i.test(out) ? "zip" : "dir";

export { outputFiles };

/** A zip whose bytes depend only on the files (fixed timestamps), so exports diff and hash cleanly. */
export function zipOf(files: Readonly<Record<string, string>>): Uint8Array {
  const mtime = new Date(1980, 0, 1); // local time, as zip stores it: the same bytes in every time zone
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 6 });
}

async function write(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (e) {
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

export async function writeManifests(objects: readonly ExportedObject[], extra: Readonly<Record<string, string>>, out: string | undefined, io: CliIo): Promise<string> {
  const kind = outputKind(out);
  if (kind !== "dir" && kind !== "zip" && Object.keys(extra).length > 0) throw new UserError("--dockerfile needs --out <folder> or --out <file.zip>");
  switch (kind) {
    case "stdout":
      io.stdout(toYaml(objects));
      return "stdout";
    case "yaml":
      await write(out!, toYaml(objects));
      return out!;
    case "zip":
      await write(out!, zipOf(outputFiles(objects, extra)));
      return out!;
    case "dir": {
      try {
        await mkdir(out!, { recursive: true });
      } catch (e) {
        throw new UserError(`${out}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      const files = outputFiles(objects, extra);
      for (const [name, text] of Object.entries(files)) {
        if (name.includes("/")) await mkdir(join(out!, name, ".."), { recursive: true });
        await write(join(out!, name), text);
      }
      return out!;
    }
  }
}
