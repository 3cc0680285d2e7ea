/** Field-level parsing shared by the CSV and JSONL decoders: counts, numbers, filters, class labels. */
import type { RowFilter } from "./mapping.js";
import { TraceLimits } from "./limits.js";

const INT32_MAX = 2 ** 31 - 1;

/** A non-negative integer that fits an Int32 from `s[from, to)` (surrounding blanks allowed), or −1. */
export function parseCount(s: string, from: number, to: number): number {
  while (from < to && s.charCodeAt(from) === 32) from++;
  while (to > from && s.charCodeAt(to - 1) === 32) to--;
  if (from === to) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) {
      // Not plain digits: accept what a number parser reads as an integer ("12.0", "1e3").
      const x = Number(s.slice(from, to));
      return Number.isInteger(x) && x >= 0 && x <= INT32_MAX ? x : -1;
    }
    v = v * 10 + c;
    if (v > INT32_MAX) return -1;
  }
  return v;
}

/** A finite number from `s[from, to)`, or NaN. */
export function parseNumber(s: string, from: number, to: number): number {
  const text = s.slice(from, to).trim();
  if (text === "") return NaN;
  const x = Number(text);
  return Number.isFinite(x) ? x : NaN;
}

/** Whether a raw value passes one filter rule (values compare as trimmed text, bounds as numbers). */
export function passes(rule: RowFilter, value: string | undefined): boolean {
  if (value === undefined) return false;
  value = value.trim();
  if (rule.in !== undefined && !rule.in.includes(value)) return false;
  if (rule.min !== undefined || rule.max !== undefined) {
    const x = Number(value);
    if (value === "" || !Number.isFinite(x)) return false;
    if (rule.min !== undefined && x < rule.min) return false;
    if (rule.max !== undefined && x > rule.max) return false;
  }
  return true;
}

/** Numbers request-class labels by first appearance in the file (at most TraceLimits.classes). */
export function createClassIds(): (label: string) => number | string {
  const ids = new Map<string, number>();
  return (label) => {
    const known = ids.get(label);
    if (known !== undefined) return known;
    if (ids.size >= TraceLimits.classes) return `more than ${TraceLimits.classes} distinct request classes`;
    ids.set(label, ids.size);
    return ids.size - 1;
  };
}
