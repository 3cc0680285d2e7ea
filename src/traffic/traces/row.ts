import type { DayTime } from "./datetime.js";

/** One decoded trace line. Time is split in whole days and seconds (see datetime.ts); numeric times have day 0. */
export interface RawRow extends DayTime {
  inputTokens: number;
  outputTokens: number;
  /** Seconds, or NaN when the trace gives none. */
  serviceTime: number;
  /** −1 when the trace gives none. */
  requestClass: number;
  hashIds: Int32Array | null;
}

export const createRawRow = (): RawRow => ({ day: 0, seconds: 0, inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null });

/**
 * Decodes one non-blank line into a row: `true` when a row is ready, `false` when the line holds
 * none (a header, or a row the filter drops), or a string saying what is wrong with the line.
 */
export type LineDecoder = (line: string, lineNo: number, row: RawRow) => boolean | string;
