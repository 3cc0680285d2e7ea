/**
 * least-waste (expander/waste/waste.go): the options leaving the smallest idle share of the new
 * nodes' CPU plus idle share of their memory, (capacity − requested) ÷ capacity for each.
 */
import { Res } from "../../../cluster/index.js";
import type { Expander, ScaleOption } from "../types.js";
import { ExpanderName } from "../types.js";

export function wasteOf(o: ScaleOption): number {
  const cpu = o.group.template.allocatable[Res.cpu]! * o.nodeCount;
  const memory = o.group.template.allocatable[Res.memory]! * o.nodeCount;
  return (cpu - o.requested.cpu) / cpu + (memory - o.requested.memory) / memory;
}

export const leastWaste: Expander = {
  name: ExpanderName.LeastWaste,
  narrow(options) {
    let best = Infinity;
    let out: ScaleOption[] = [];
    for (const o of options) {
      const w = wasteOf(o);
      if (w < best) {
        best = w;
        out = [o];
      } else if (w === best) out.push(o);
    }
    return out;
  },
};
