/**
 * The expander chain (expander/factory/chain.go): each expander narrows the options the previous
 * left; when more than one remains, the random fallback picks one.
 */
import type { PolicyCx } from "../../policy.js";
import type { Expander, ScaleOption } from "../types.js";
import { random } from "./random.js";

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
