/**
 * Reorders rows that are out of order by at most `window` rows: a bounded min-heap on
 * (day, seconds, line). A row that would come out after a later one already emitted is an error.
 */
import type { RawRow } from "./row.js";

export interface HeldRow extends RawRow {
  line: number;
}

export interface SortWindow {
  readonly size: number;
  /** Adds a row (copied); when the window is full, returns the earliest row held, else null. */
  push(row: RawRow, line: number): HeldRow | null;
  /** Removes and returns the earliest row held, or null when empty. */
  pop(): HeldRow | null;
}

const before = (a: HeldRow, b: HeldRow): boolean => a.day < b.day || (a.day === b.day && (a.seconds < b.seconds || (a.seconds === b.seconds && a.line < b.line)));

export function createSortWindow(window: number): SortWindow {
  const heap: HeldRow[] = [];
  // Rows popped are recycled for the next push, so a long trace allocates `window + 1` rows in all.
  let spare: HeldRow | null = null;

  const up = (i: number): void => {
    const x = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(x, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = x;
  };
  const down = (i: number): void => {
    const n = heap.length;
    const x = heap[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(heap[c + 1]!, heap[c]!)) c++;
      if (!before(heap[c]!, x)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = x;
  };
  const pop = (): HeldRow | null => {
    if (heap.length === 0) return null;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
    spare = top;
    return top;
  };

  return {
    get size() {
      return heap.length;
    },
    push(row, line) {
      const held: HeldRow = spare ?? { day: 0, seconds: 0, inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null, line: 0 };
      spare = null;
      held.day = row.day;
      held.seconds = row.seconds;
      held.inputTokens = row.inputTokens;
      held.outputTokens = row.outputTokens;
      held.serviceTime = row.serviceTime;
      held.requestClass = row.requestClass;
      held.hashIds = row.hashIds;
      held.line = line;
      heap.push(held);
      up(heap.length - 1);
      return heap.length > window ? pop() : null;
    },
    pop,
  };
}
