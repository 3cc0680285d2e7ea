/**
 * The manifest texts named on a command line — files, the manifest files of folders, the manifest
 * files inside zips — read one at a time, so that only one is held in memory: each is a regular
 * file (or zip entry) of at most MANIFEST_FILE_MAX_BYTES, and all of them at most a total bound.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { strFromU8 } from "fflate";
import { Limits } from "../scenario/index.js";
import { readTextFile, UserError } from "./io.js";
import { ZipError, zipEntries } from "./zip-entries.js";

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** A manifest file, zip or zip entry may be larger than a scenario file (a whole cluster's objects). */
export const MANIFEST_FILE_MAX_BYTES = 16 * Limits.fileBytes;
/** Manifest bytes one command reads in all (`lint` of folders and zips). */
export const MANIFEST_TOTAL_MAX_BYTES = 1024 * Limits.fileBytes;
/** Manifest files one command reads. */
export const MANIFEST_FILES_MAX = 10_000;

export interface ManifestText {
  readonly file: string;
  readonly text: string;
}

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** The manifest texts of `paths`, one at a time; throws UserError on what cannot be read or passes a bound. */
export async function* manifestTexts(paths: readonly string[], totalBytes: number = MANIFEST_TOTAL_MAX_BYTES): AsyncGenerator<ManifestText> {
  let total = 0;
  let files = 0;
  const take = (file: string, bytes: number) => {
    total += bytes;
    files++;
    if (total > totalBytes) throw new UserError(`${file}: the manifests given hold more than ${totalBytes} bytes in all: lint them in smaller groups`);
    if (files > MANIFEST_FILES_MAX) throw new UserError(`${file}: expected at most ${MANIFEST_FILES_MAX} manifest files in all`);
  };
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch (e) {
      throw new UserError(`${p}: cannot read (${code(e)})`);
    }
    if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => MANIFEST_FILE.test(n)).sort();
      for (const n of names) {
        const text = await readTextFile(join(p, n), MANIFEST_FILE_MAX_BYTES);
        take(join(p, n), text.length);
        yield { file: join(p, n), text };
      }
    } else if (/\.zip$/i.test(p)) {
      if (!s.isFile()) throw new UserError(`${p}: not a file`);
      if (s.size > MANIFEST_FILE_MAX_BYTES) throw new UserError(`${p}: expected a zip of at most ${MANIFEST_FILE_MAX_BYTES} bytes, got ${s.size}`);
      let entries;
      try {
        entries = zipEntries(await readFile(p));
      } catch (e) {
        throw new UserError(`${p}: not a readable zip (${e instanceof ZipError ? e.message : code(e)})`);
      }
      for (const entry of entries.filter((x) => MANIFEST_FILE.test(x.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const file = `${p}:${entry.name}`;
        if (entry.size > MANIFEST_FILE_MAX_BYTES) throw new UserError(`${file}: expected an entry of at most ${MANIFEST_FILE_MAX_BYTES} bytes, it declares ${entry.size}`);
        take(file, entry.size);
        let bytes: Uint8Array;
        try {
          bytes = entry.read();
        } catch (e) {
          throw new UserError(`${p}: ${e instanceof Error ? e.message : String(e)}`);
        }
        yield { file, text: strFromU8(bytes) };
      }
    } else {
      const text = await readTextFile(p, MANIFEST_FILE_MAX_BYTES);
      take(p, text.length);
      yield { file: p, text };
    }
  }
}
