/** The JSON Lines decoder: one object per line; mapped fields are numbers (or numeric strings), hash ids an integer array. */
import { parseDateTime } from "./datetime.js";
import { createClassIds, passes } from "./fields.js";
import { TraceLimits } from "./limits.js";
import { toSeconds } from "./mapping.js";
import type { TraceMapping } from "./mapping.js";
import type { LineDecoder, RawRow } from "./row.js";

const describe = (v: unknown): string => (v === undefined ? "nothing" : JSON.stringify(v).slice(0, 40));

const asText = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined);

function count(v: unknown): number {
  const x = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isInteger(x) && x >= 0 && x <= 2 ** 31 - 1 ? x : -1;
}

function hashIds(v: unknown): Int32Array | string {
  if (!Array.isArray(v)) return `expected a list of integers, got ${describe(v)}`;
  if (v.length > TraceLimits.hashIds) return `expected at most ${TraceLimits.hashIds} hash ids per row, got ${v.length}`;
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== "number" || !Number.isInteger(x) || x < -(2 ** 31) || x > 2 ** 31 - 1) return `expected 32-bit integer hash ids, got ${describe(x)} at index ${i}`;
    out[i] = x;
  }
  return out;
}

export function createJsonlDecoder(m: TraceMapping): LineDecoder {
  const classId = createClassIds();
  const timeUnit = m.time && "unit" in m.time ? m.time.unit : "s";
  const isDateTime = m.time !== undefined && "format" in m.time;
  const serviceUnit = m.serviceTime?.unit ?? "s";

  return (line: string, _lineNo: number, row: RawRow): boolean | string => {
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      return `invalid JSON (${e instanceof Error ? e.message : String(e)})`;
    }
    if (o === null || typeof o !== "object" || Array.isArray(o)) return `expected a JSON object, got ${describe(o)}`;
    const obj = o as Record<string, unknown>;
    for (const rule of m.filter) if (!passes(rule, asText(obj[rule.column]))) return false;
    if (m.time) {
      const v = obj[m.time.column];
      if (isDateTime) {
        if (typeof v !== "string" || !parseDateTime(v.trim(), row)) return `expected a date and time in "${m.time.column}", got ${describe(v)}`;
      } else {
        const x = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
        if (!Number.isFinite(x)) return `expected a number in "${m.time.column}", got ${describe(v)}`;
        row.day = 0;
        row.seconds = toSeconds(x, timeUnit);
      }
    }
    if (m.inputTokens !== undefined) {
      row.inputTokens = count(obj[m.inputTokens]);
      if (row.inputTokens < 0) return `expected a token count in "${m.inputTokens}", got ${describe(obj[m.inputTokens])}`;
    }
    if (m.outputTokens !== undefined) {
      row.outputTokens = count(obj[m.outputTokens]);
      if (row.outputTokens < 0) return `expected a token count in "${m.outputTokens}", got ${describe(obj[m.outputTokens])}`;
    }
    if (m.serviceTime) {
      const v = obj[m.serviceTime.column];
      const x = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      if (!(x >= 0) || !Number.isFinite(x)) return `expected a duration ≥ 0 in "${m.serviceTime.column}", got ${describe(v)}`;
      row.serviceTime = toSeconds(x, serviceUnit);
    }
    if (m.requestClass !== undefined) {
      const label = asText(obj[m.requestClass]);
      if (label === undefined) return `expected a request class in "${m.requestClass}", got ${describe(obj[m.requestClass])}`;
      const id = classId(label);
      if (typeof id === "string") return id;
      row.requestClass = id;
    }
    if (m.hashIds !== undefined) {
      const ids = hashIds(obj[m.hashIds]);
      if (typeof ids === "string") return `"${m.hashIds}": ${ids}`;
      row.hashIds = ids;
    }
    return true;
  };
}
