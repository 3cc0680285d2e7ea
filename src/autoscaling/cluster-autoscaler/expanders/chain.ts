/**
 * The expander chain (expander/factory/chain.go): each expander narrows the options the previous
 * left; when more than one remains, the random fallback picks one.
 */
import type { PolicyCx } from "../../policy.js";
import type { Expander, ExpanderName, ScaleOption } from "../types.js";
import { leastWaste } from "./least-waste.js";
import { mostPods } from "./most-pods.js";
import { price } from "./price.js";
import type { Priorities } from "./priority.js";
import { priorityExpander } from "./priority.js";
import { random } from "./random.js";

export function createExpander(name: ExpanderName, priorities: Priorities): Expander {
  switch (name) {
    case "random":
      return random;
    case "most-pods":
      return mostPods;
    case "least-waste":
      return leastWaste;
    case "price":
      return price;
    case "priority":
      return priorityExpander(priorities);
  }
}

/** The best option by the chain, or null when there is none; `narrowed` lists what each step kept (for explanations). */
export function bestOption(chain: readonly Expander[], options: readonly ScaleOption[], cx: PolicyCx): { best: ScaleOption | null; narrowed: { expander: string; kept: number }[] } {
  let left = options;
  const narrowed: { expander: string; kept: number }[] = [];
  for (const e of chain) {
    if (left.length <= 1) break;
    left = e.narrow(left, cx);
    narrowed.push({ expander: e.name, kept: left.length });
  }
  if (left.length > 1) {
    left = random.narrow(left, cx);
    narrowed.push({ expander: "random", kept: left.length });
  }
  return { best: left[0] ?? null, narrowed };
}
