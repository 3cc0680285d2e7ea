/** The CLI's contact with the outside world, injectable so that commands run in tests as they do in a terminal. */
import { readFile, stat } from "node:fs/promises";
import { Limits } from "../scenario/index.js";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly isTTY: boolean;
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
};

/** Exit codes: 0 ok, 1 bad input (or a scenario that cannot run), 2 internal error, 3 the run finished but an SLO failed. */
export const Exit = { Ok: 0, BadInput: 1, Internal: 2, SloFailed: 3 } as const;

/** A problem the user can fix: printed as is, without a stack trace, with exit code 1. */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** Reads a text file no larger than `maxBytes` (checked before reading, so a huge file is never loaded). */
export async function readTextFile(path: string, maxBytes: number = Limits.fileBytes): Promise<string> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UserError(`${path}: not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (size > maxBytes) throw new UserError(`${path}:1:1 (root): expected a file of at most ${maxBytes} bytes, got ${size}`);
  return readFile(path, "utf8");
}
