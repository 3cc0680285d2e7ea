/**
 * priority (expander/priority/priority.go): each option gets the highest priority whose patterns
 * match its node group's name; the options at the top priority win. Groups matching no pattern are
 * not used; if no option matches any, all are kept.
 */
import type { Expander } from "../types.js";
import { ExpanderName } from "../types.js";

/** Priority → node-group name patterns (regular expressions, matched against the whole name). */
export type Priorities = ReadonlyMap<number, readonly string[]>;

export function priorityExpander(priorities: Priorities): Expander {
  const compiled = [...priorities].map(([p, patterns]) => ({ p, res: patterns.map((x) => new RegExp(`^(?:${x})$`)) }));
  const priorityOf = (name: string): number | null => {
    let best: number | null = null;
    for (const { p, res } of compiled) if (res.some((r) => r.test(name)) && (best === null || p > best)) best = p;
    return best;
  };
  return {
    name: ExpanderName.Priority,
    narrow(options) {
      let top = -Infinity;
      const scored = options.map((o) => ({ o, p: priorityOf(o.group.name) }));
      for (const { p } of scored) if (p !== null && p > top) top = p;
      if (top === -Infinity) return options;
      return scored.filter(({ p }) => p === top).map(({ o }) => o);
    },
  };
}
