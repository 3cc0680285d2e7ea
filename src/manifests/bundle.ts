/** The files of an export as a folder or zip holds them: one per object, numbered in apply order, plus extra files (Dockerfiles). */
import { documentYaml } from "./to-yaml.js";
import type { ExportedObject } from "./types.js";

export function outputFiles(objects: readonly ExportedObject[], extra: Readonly<Record<string, string>>): Record<string, string> {
  const width = String(objects.length).length;
  const files: Record<string, string> = {};
  objects.forEach((o, i) => (files[`${String(i + 1).padStart(width, "0")}-${o.file}`] = documentYaml(o.object, o.comment)));
  return { ...files, ...extra };
}
