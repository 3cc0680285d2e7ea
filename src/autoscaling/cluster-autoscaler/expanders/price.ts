/**
 * price: the options whose new nodes cost least per pending pod they take (node price per hour ×
 * nodes ÷ pods). Upstream's price expander (expander/price) also weighs a preferred node size and
 * needs a cloud pricing model; servesim keeps its core, cheapest capacity for the pods.
 */
import type { Expander, ScaleOption } from "../types.js";
import { ExpanderName } from "../types.js";

export const costPerPod = (o: ScaleOption): number => (o.group.pricePerHour * o.nodeCount) / Math.max(1, o.pods.length);

export const price: Expander = {
  name: ExpanderName.Price,
  narrow(options) {
    const least = options.reduce((m, o) => Math.min(m, costPerPod(o)), Infinity);
    return options.filter((o) => costPerPod(o) === least);
  },
};
