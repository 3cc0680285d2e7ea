/** random (expander/random): one option drawn uniformly from the CA's own seeded stream (upstream draws from the global math/rand). */
import type { Expander } from "../types.js";
import { ExpanderName } from "../types.js";

export const random: Expander = {
  name: ExpanderName.Random,
  narrow(options, cx) {
    if (options.length <= 1) return options;
    if (!cx.stream) throw new Error("the random expander needs a stream");
    return [options[cx.stream.int(options.length)]!];
  },
};
