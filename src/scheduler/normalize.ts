/** Score normalisation, the one place it is written (pkg/scheduler/framework/plugins/helper/normalize_score.go). */
import { MAX_NODE_SCORE } from "./framework.js";
import type { SchedulerPlugin } from "./framework.js";

/**
 * DefaultNormalizeScore: scales scores so the largest becomes `max` (integer division), and with
 * `reverse` flips them (`max − s`). All zero: every score becomes `max` when reversed, else stays 0.
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean, max: number = MAX_NODE_SCORE): void {
  let top = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > top) top = scores[i]!;
  if (top === 0) {
    if (reverse) scores.fill(max);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.floor((max * scores[i]!) / top);
    scores[i] = reverse ? max - s : s;
  }
}

/**
 * A plugin's NormalizeScore by DefaultNormalizeScore, with the mark that tells the framework so
 * (it may then normalise and weight in one pass, with the same results). Spread into the plugin.
 */
export function defaultNormalization(reverse: boolean): Pick<SchedulerPlugin, "normalizeScores" | "defaultNormalize"> {
  return { normalizeScores: (_cx, _pod, _nodes, scores) => defaultNormalizeScore(scores, reverse), defaultNormalize: { reverse } };
}

/** Go's int64 division of non-negative or mixed-sign integers: the quotient truncated toward zero. */
export const idiv = (a: number, b: number): number => Math.trunc(a / b);

/** Go's math.Round: half away from zero. */
export const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));
