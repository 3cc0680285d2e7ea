/**
 * Indexes of bound, non-terminating pods per template: per node, per topology domain, and a log of
 * their changes (for incremental consumers such as PodTopologySpread).
 */
import { grown } from "./grow.js";
import { PodPhase } from "./phases.js";
import type { ClusterState, NodeIx, PodIx } from "./state.js";

/** Entries kept in the count log (a ring): a consumer further behind recomputes from scratch. */
export const COUNT_LOG_SIZE = 1 << 16;

/**
 * Calls `f` for every change to the per-template node counts since sequence number `since`;
 * returns the sequence to continue from, or -1 when entries were lost (the consumer must recount).
 */
export function readCountLog(s: ClusterState, since: number, f: (node: number, template: number, delta: number) => void): number {
  const log = s.countLog;
  if (log.seq - since > COUNT_LOG_SIZE || since > log.seq) return -1;
  for (let q = since; q < log.seq; q++) {
    const at = q & (COUNT_LOG_SIZE - 1);
    f(log.node[at]!, log.template[at]!, log.delta[at]!);
  }
  return log.seq;
}

export function countTemplate(s: ClusterState, pod: PodIx, node: NodeIx, delta: number): void {
  const t = s.pod.template[pod]!;
  const log = s.countLog;
  const at = log.seq & (COUNT_LOG_SIZE - 1);
  log.node[at] = node;
  log.template[at] = t;
  log.delta[at] = delta;
  log.seq++;
  const counts = s.templateCounts[t];
  if (counts) {
    const c = grown(counts, s.node.count);
    s.templateCounts[t] = c;
    c[node]! += delta;
  }
  const byKey = s.templateDomains[t];
  if (byKey) {
    const labels = s.node.labels[node]!;
    byKey.forEach((domains, key) => {
      const value = labels.get(key);
      if (value !== undefined) domains.set(value, (domains.get(value) ?? 0) + delta);
    });
  }
}

/** Non-terminating bound pods of a template on each node (indexed by node id), maintained from first use on. */
export function podsOfTemplate(s: ClusterState, template: number): Int32Array {
  let counts = s.templateCounts[template];
  if (!counts) {
    counts = new Int32Array(Math.max(8, s.node.count));
    for (let pod = 0; pod < s.pod.count; pod++) {
      if (s.pod.template[pod] === template && s.pod.phase[pod] === PodPhase.Bound) counts[s.pod.node[pod]!]! += 1;
    }
  } else counts = grown(counts, s.node.count);
  s.templateCounts[template] = counts;
  return counts;
}

/**
 * Non-terminating bound pods of a template per value of node label `key` (nodes without the label
 * count nowhere), maintained from first use on. Node labels never change after a node joins.
 */
export function podsOfTemplateByDomain(s: ClusterState, template: number, key: string): ReadonlyMap<string, number> {
  const byKey = (s.templateDomains[template] ??= new Map());
  let domains = byKey.get(key);
  if (!domains) {
    domains = new Map();
    for (let pod = 0; pod < s.pod.count; pod++) {
      if (s.pod.template[pod] !== template || s.pod.phase[pod] !== PodPhase.Bound) continue;
      const value = s.node.labels[s.pod.node[pod]!]!.get(key);
      if (value !== undefined) domains.set(value, (domains.get(value) ?? 0) + 1);
    }
    byKey.set(key, domains);
  }
  return domains;
}
