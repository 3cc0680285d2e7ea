/**
 * The CSV line decoder: a header row (or the mapping's `columns`) names the fields; only mapped
 * and filtered columns are read. Fields may be quoted ("a, b" with "" for a quote) but a quoted
 * field cannot span lines — traces hold one request per line, which keeps line numbers exact.
 */
import { parseDateTime } from "./datetime.js";
import { TraceError } from "./errors.js";
import { createClassIds, parseCount, parseNumber, passes } from "./fields.js";
import { TraceLimits } from "./limits.js";
import { toSeconds } from "./mapping.js";
import type { TraceMapping } from "./mapping.js";
import type { LineDecoder, RawRow } from "./row.js";

/** Splits a line into fields (unquoting where needed); null when a quote is unbalanced. */
export function splitCsvLine(line: string, delimiter: string): string[] | null {
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null;
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      if (j === line.length) return out;
      if (!line.startsWith(delimiter, j)) return null;
      i = j + delimiter.length;
    } else {
      const d = line.indexOf(delimiter, i);
      const end = d < 0 ? line.length : d;
      const field = line.slice(i, end);
      if (field.includes('"')) return null;
      out.push(field);
      if (d < 0) return out;
      i = d + delimiter.length;
    }
  }
}

interface Columns {
  readonly time: number;
  readonly input: number;
  readonly output: number;
  readonly serviceTime: number;
  readonly cls: number;
  readonly filters: readonly number[];
  readonly count: number;
}

export function createCsvDecoder(file: string, m: TraceMapping): LineDecoder {
  let cols: Columns | undefined;
  const classId = createClassIds();
  const timeUnit = m.time && "unit" in m.time ? m.time.unit : "s";
  const isDateTime = m.time !== undefined && "format" in m.time;
  const serviceUnit = m.serviceTime?.unit ?? "s";

  const bind = (names: readonly string[], lineNo: number): Columns => {
    if (names.length > TraceLimits.columns) throw new TraceError(file, lineNo, `expected at most ${TraceLimits.columns} columns, got ${names.length}`);
    const at = (name: string | undefined): number => {
      if (name === undefined) return -1;
      const i = names.indexOf(name);
      if (i < 0) throw new TraceError(file, lineNo, `missing column "${name}" (the header has ${names.map((n) => JSON.stringify(n)).join(", ")})`);
      return i;
    };
    return {
      time: at(m.time?.column),
      input: at(m.inputTokens),
      output: at(m.outputTokens),
      serviceTime: at(m.serviceTime?.column),
      cls: at(m.requestClass),
      filters: m.filter.map((f) => at(f.column)),
      count: names.length,
    };
  };
  if (m.columns) cols = bind(m.columns, 0);
  if (m.hashIds !== undefined) throw new TraceError(file, 0, "hash ids are read from JSONL traces only");

  return (line: string, lineNo: number, row: RawRow): boolean | string => {
    const fields = splitCsvLine(line, m.delimiter);
    if (fields === null && cols === undefined) throw new TraceError(file, lineNo, `expected a CSV header row of column names, got ${JSON.stringify(line.slice(0, 60))}`);
    if (fields === null) return "unbalanced quotes";
    if (cols === undefined) {
      cols = bind(
        fields.map((f) => f.trim()),
        lineNo,
      );
      return false;
    }
    if (fields.length !== cols.count) return `expected ${cols.count} fields, got ${fields.length}`;
    for (let k = 0; k < m.filter.length; k++) if (!passes(m.filter[k]!, fields[cols.filters[k]!])) return false;
    if (cols.time >= 0) {
      const text = fields[cols.time]!;
      if (isDateTime) {
        if (!parseDateTime(text.trim(), row)) return `expected a date and time (YYYY-MM-DD HH:MM:SS) in column "${m.time!.column}", got ${JSON.stringify(text)}`;
      } else {
        const x = parseNumber(text, 0, text.length);
        if (Number.isNaN(x)) return `expected a number in column "${m.time!.column}", got ${JSON.stringify(text)}`;
        row.day = 0;
        row.seconds = toSeconds(x, timeUnit);
      }
    }
    if (cols.input >= 0) {
      const f = fields[cols.input]!;
      row.inputTokens = parseCount(f, 0, f.length);
      if (row.inputTokens < 0) return `expected a token count in column "${m.inputTokens}", got ${JSON.stringify(f)}`;
    }
    if (cols.output >= 0) {
      const f = fields[cols.output]!;
      row.outputTokens = parseCount(f, 0, f.length);
      if (row.outputTokens < 0) return `expected a token count in column "${m.outputTokens}", got ${JSON.stringify(f)}`;
    }
    if (cols.serviceTime >= 0) {
      const f = fields[cols.serviceTime]!;
      const x = parseNumber(f, 0, f.length);
      if (!(x >= 0)) return `expected a duration ≥ 0 in column "${m.serviceTime!.column}", got ${JSON.stringify(f)}`;
      row.serviceTime = toSeconds(x, serviceUnit);
    }
    if (cols.cls >= 0) {
      const id = classId(fields[cols.cls]!.trim());
      if (typeof id === "string") return id;
      row.requestClass = id;
    }
    return true;
  };
}
