/** Splits streamed text into lines with their 1-based numbers, whatever the chunk boundaries. */
import { TraceLimits } from "./limits.js";

/** Receives one line (without its end-of-line) and its number; returns false to stop reading. */
export type LineSink = (line: string, lineNo: number) => boolean;

export interface LineSplitter {
  /** Feeds the next chunk; returns false when the sink stopped. Throws (via `tooLong`) on an overlong line. */
  push(chunk: string, sink: LineSink): boolean;
  /** The text ended: the last line, if it had no line break, goes to the sink. */
  end(sink: LineSink): boolean;
}

/** `tooLong(lineNo)` is called (and must throw) when a line exceeds TraceLimits.lineLength. */
export function createLineSplitter(tooLong: (lineNo: number) => never): LineSplitter {
  let carry = "";
  let lineNo = 0;
  let started = false;
  const emit = (line: string, sink: LineSink): boolean => {
    lineNo++;
    if (line.length > TraceLimits.lineLength) tooLong(lineNo);
    return sink(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, lineNo);
  };
  return {
    push(chunk, sink) {
      let text = chunk;
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      let from = 0;
      let nl = text.indexOf("\n");
      if (nl >= 0 && carry.length > 0) {
        const line = carry + text.slice(0, nl);
        carry = "";
        if (!emit(line, sink)) return false;
        from = nl + 1;
        nl = text.indexOf("\n", from);
      }
      while (nl >= 0) {
        if (!emit(text.slice(from, nl), sink)) return false;
        from = nl + 1;
        nl = text.indexOf("\n", from);
      }
      if (from < text.length) {
        carry = carry.length > 0 ? carry + text.slice(from) : text.slice(from);
        if (carry.length > TraceLimits.lineLength) tooLong(lineNo + 1);
      }
      return true;
    },
    end(sink) {
      if (carry.length === 0) return true;
      const line = carry;
      carry = "";
      return emit(line, sink);
    },
  };
}
