/**
 * Calendar timestamps without Date (the pure modules have no Date): `YYYY-MM-DD[T ]HH:MM[:SS[.f…]]`
 * with an optional `Z` or `±HH:MM`. The result is split in whole days since 1970-01-01 and
 * seconds of the day, so that differences keep sub-microsecond precision.
 */

export interface DayTime {
  day: number;
  seconds: number;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms", days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses into `out`; returns false when `s` is not such a timestamp. */
export function parseDateTime(s: string, out: DayTime): boolean {
  const n = s.length;
  if (n < 16 || s[4] !== "-" || s[7] !== "-" || (s[10] !== " " && s[10] !== "T") || s[13] !== ":") return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]! || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  let i = 16;
  let sec = 0;
  if (s[i] === ":") {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 60) return false;
    i += 3;
    if (s[i] === ".") {
      // Fraction digits are read as an integer and scaled once, so every engine rounds alike.
      let frac = 0;
      let scale = 1;
      let j = i + 1;
      for (; j < n; j++) {
        const c = s.charCodeAt(j) - 48;
        if (c < 0 || c > 9) break;
        if (scale < 1e15) {
          frac = frac * 10 + c;
          scale *= 10;
        }
      }
      if (j === i + 1) return false;
      sec += frac / scale;
      i = j;
    }
  }
  let offset = 0;
  if (i < n) {
    if (s[i] === "Z" && i === n - 1) offset = 0;
    else if ((s[i] === "+" || s[i] === "-") && n - i === 6 && s[i + 3] === ":") {
      const oh = digits(s, i + 1, 2);
      const om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return false;
      offset = (s[i] === "+" ? 1 : -1) * (oh * 3600 + om * 60);
    } else return false;
  }
  // Keep seconds within the day (an offset can push them out), so that (day, seconds) order is time order.
  let day = daysFromCivil(y, mo, d);
  let seconds = h * 3600 + mi * 60 + sec - offset;
  if (seconds < 0) {
    seconds += 86400;
    day--;
  } else if (seconds >= 86400) {
    seconds -= 86400;
    day++;
  }
  out.day = day;
  out.seconds = seconds;
  return true;
}
