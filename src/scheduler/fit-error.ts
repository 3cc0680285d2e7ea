/** The FailedScheduling message (pkg/scheduler/framework/types.go FitError.Error). */
import type { Status } from "./framework.js";

/**
 * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s).` — each reason
 * counted over the nodes' statuses, the "count reason" strings sorted, then the PostFilter message.
 */
export function fitErrorMessage(numAllNodes: number, statuses: Iterable<Status>, postFilterMessage = ""): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s?.reasons ?? []) counts.set(r, (counts.get(r) ?? 0) + 1);
  // Go's sort.Strings: byte order of the whole "count reason" string.
  const reasons = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const message = `0/${numAllNodes} nodes are available: ${reasons.join(", ")}.`;
  return postFilterMessage === "" ? message : `${message} ${postFilterMessage}`;
}
