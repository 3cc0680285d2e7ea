/** most-pods (expander/mostpods): the options that schedule the most pending pods. */
import type { Expander, ScaleOption } from "../types.js";
import { ExpanderName } from "../types.js";

export const mostPods: Expander = {
  name: ExpanderName.MostPods,
  narrow(options) {
    const most = options.reduce((m, o) => Math.max(m, o.pods.length), 0);
    return options.filter((o: ScaleOption) => o.pods.length === most);
  },
};
