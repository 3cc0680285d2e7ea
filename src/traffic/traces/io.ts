/**
 * The hand-over between trace I/O and the pure readers. The edges (Node file streams, the
 * browser's fetch streams, tests) implement TraceIo; everything here only awaits its chunks.
 */
import { TraceError } from "./errors.js";

/** Opens a trace named as in the scenario and yields its text in chunks (any sizes). */
export interface TraceIo {
  open(file: string): AsyncIterable<string>;
}

/** Why a file could not be read, for the user: an errno code, an HTTP status, or the message. */
function reason(e: unknown): string {
  if (e instanceof TraceError) return e.problem;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return `cannot read (${code})`;
  return `cannot read (${e instanceof Error ? e.message : String(e)})`;
}

/** Why a chunk that is not text cannot be read. */
export function notText(chunk: unknown): string {
  const what = chunk === null ? "null" : typeof chunk === "object" ? (chunk.constructor?.name ?? "an object") : typeof chunk;
  return `expected text chunks (strings), got ${what}: open the file with an encoding (e.g. createReadStream(path, "utf8"))`;
}

/** An open trace stream whose I/O failures become TraceErrors naming the file. */
export interface TraceStream {
  /** The next chunk, or null at the end of the text. */
  next(): Promise<string | null>;
  close(): Promise<void>;
}

export function openTrace(io: TraceIo, file: string): TraceStream {
  let it: AsyncIterator<string> | undefined;
  return {
    async next() {
      try {
        it ??= io.open(file)[Symbol.asyncIterator]();
        const r = await it.next();
        if (r.done) return null;
        // A TraceIo written in JavaScript may yield bytes (a stream opened without an encoding).
        if (typeof r.value !== "string") throw new TraceError(file, 0, notText(r.value));
        return r.value;
      } catch (e) {
        if (e instanceof TraceError) throw e;
        throw new TraceError(file, 0, reason(e));
      }
    },
    async close() {
      const open = it;
      it = undefined;
      try {
        await open?.return?.();
      } catch {
        // closing a stream that already failed or ended has nothing left to report
      }
    },
  };
}

/** Feeds a whole trace through `push` until it ends or `push` returns false. */
export async function pumpTrace(io: TraceIo, file: string, push: (chunk: string) => boolean, end: () => void): Promise<void> {
  const stream = openTrace(io, file);
  try {
    for (let chunk = await stream.next(); ; chunk = await stream.next()) {
      if (chunk === null) {
        end();
        return;
      }
      if (!push(chunk)) return;
    }
  } finally {
    await stream.close();
  }
}
