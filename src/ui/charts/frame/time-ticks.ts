/** Tick positions for a simulated-time axis at round durations (15 s, 5 m, 1 h, …), never more than the room allows. */

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

/** At most `count` (≥ 1) ticks inside [start, end], at multiples of the smallest round step that fits. */
export function timeTicks(start: number, end: number, count: number): number[] {
  const span = end - start;
  if (!(span > 0) || !Number.isFinite(span)) return [start];
  const room = Math.max(1, Math.floor(count));
  const step = STEPS.find((s) => span / s <= room) ?? Math.ceil(span / room / 604_800) * 604_800;
  const out: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end + 1e-9; t += step) out.push(t);
  return out;
}
