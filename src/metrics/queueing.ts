/**
 * Closed forms of queueing theory that the simulator is tested (and the planner bounded)
 * against: Erlang C for M/M/c, Pollaczek–Khinchine for M/G/1, Little's law.
 */

/** Probability that an arrival waits in an M/M/c queue (Erlang C), for offered load a = λ/μ < c. */
export function erlangC(c: number, offeredLoad: number): number {
  const a = offeredLoad;
  if (!(c >= 1 && Number.isInteger(c))) throw new RangeError(`invalid server count: ${c} (expected an integer ≥ 1)`);
  if (!(a >= 0 && a < c)) throw new RangeError(`invalid offered load: ${a} (expected 0 ≤ λ/μ < c = ${c})`);
  // Σ_{k<c} a^k/k! and a^c/c!, by the recurrence term_k = term_{k-1}·a/k (no factorial overflow).
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term = (term * a) / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

/** Mean wait in queue of M/M/c: Wq = C(c, λ/μ) / (cμ − λ). */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/**
 * Mean wait in queue of M/G/1 by Pollaczek–Khinchine: Wq = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S].
 * For deterministic service (M/D/1), E[S²] = E[S]².
 */
export function mg1MeanWait(lambda: number, meanService: number, secondMoment: number): number {
  const rho = lambda * meanService;
  if (!(rho >= 0 && rho < 1)) throw new RangeError(`invalid utilisation: ${rho} (expected 0 ≤ λ·E[S] < 1)`);
  return (lambda * secondMoment) / (2 * (1 - rho));
}
