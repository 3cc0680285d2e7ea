/** Reading a rate profile from CSV text: `time,rate` rows (units allowed, e.g. `10m,5/s`), an optional header row. */
import { parseDuration, parseRate } from "../../units/index.js";
import { TraceError } from "../traces/errors.js";
import type { RateProfile } from "./rate-profile.js";

export function parseRateCsv(text: string, file: string, interpolation: RateProfile["interpolation"], maxPoints: number): RateProfile {
  const times: number[] = [];
  const rates: number[] = [];
  const lines = text.split("\n");
  let dataSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(",").map((f) => f.trim());
    const t = fields.length === 2 ? parseDuration(fields[0]!) : null;
    const r = fields.length === 2 ? parseRate(fields[1]!) : null;
    if (t?.ok !== true || r?.ok !== true) {
      if (!dataSeen && fields.length === 2 && !t!.ok && !r!.ok) {
        dataSeen = true;
        continue;
      }
      const why = fields.length !== 2 ? `expected 2 fields (time,rate), got ${fields.length}` : !t!.ok ? t!.error : !r!.ok ? r!.error : "";
      throw new TraceError(file, i + 1, why);
    }
    dataSeen = true;
    if (t.value < 0 || r.value < 0) throw new TraceError(file, i + 1, "expected a time and a rate ≥ 0");
    if (times.length > 0 && t.value < times[times.length - 1]!) throw new TraceError(file, i + 1, "expected times in increasing order");
    if (times.length >= maxPoints) throw new TraceError(file, i + 1, `expected at most ${maxPoints} points`);
    times.push(t.value);
    rates.push(r.value);
  }
  if (times.length === 0) throw new TraceError(file, 0, "expected at least one time,rate row");
  return { times, rates, interpolation };
}
