/** Pareto fronts: the points that no other point beats on both cost and a tail (ties kept once, by id order). */

export interface ParetoPoint {
  /** Candidate index: breaks ties. */
  readonly index: number;
  readonly cost: number;
  readonly tail: number;
}

/** Non-dominated points, cheapest first: each has a strictly lower tail than every cheaper one. */
export function paretoFront(points: readonly ParetoPoint[]): ParetoPoint[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || a.tail - b.tail || a.index - b.index);
  const front: ParetoPoint[] = [];
  let best = Infinity;
  for (const p of sorted) {
    if (p.tail < best) {
      front.push(p);
      best = p.tail;
    }
  }
  return front;
}
