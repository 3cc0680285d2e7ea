/** Node time used by one node pool over a run, with the pool's price. */
export interface PoolUsage {
  /** Pool name, unique within one call. */
  readonly pool: string;
  /** Sum over the pool's nodes of the seconds each was billed for (≥ 0). */
  readonly nodeSeconds: number;
  /** Price of one node for one hour, in the scenario's currency (≥ 0). */
  readonly pricePerHour: number;
}

/** The cost of one pool. */
export interface PoolCost {
  readonly pool: string;
  /** nodeSeconds / 3600. */
  readonly nodeHours: number;
  readonly pricePerHour: number;
  /** nodeHours × pricePerHour, in the scenario's currency. */
  readonly cost: number;
}

/** Total cost and per-pool breakdown; `total` is the sum of the pools' costs in input order. */
export interface CostReport {
  readonly total: number;
  readonly pools: readonly PoolCost[];
}

const SECONDS_PER_HOUR = 3600;

function checkAmount(pool: string, field: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) {
    throw new RangeError(`invalid ${field} for pool ${JSON.stringify(pool)}: ${value} (expected a finite number ≥ 0)`);
  }
}

/**
 * Prices node usage: cost = node-hours × price per hour, pools kept in input order.
 * Throws a RangeError on a negative or non-finite usage or price, or a repeated pool name.
 */
export function costOf(pools: readonly PoolUsage[]): CostReport {
  const seen = new Set<string>();
  const costs: PoolCost[] = [];
  let total = 0;
  for (const { pool, nodeSeconds, pricePerHour } of pools) {
    if (seen.has(pool)) throw new RangeError(`duplicate pool: ${JSON.stringify(pool)}`);
    seen.add(pool);
    checkAmount(pool, "nodeSeconds", nodeSeconds);
    checkAmount(pool, "pricePerHour", pricePerHour);
    const nodeHours = nodeSeconds / SECONDS_PER_HOUR;
    const cost = nodeHours * pricePerHour;
    costs.push({ pool, nodeHours, pricePerHour, cost });
    total += cost;
  }
  return { total, pools: costs };
}
