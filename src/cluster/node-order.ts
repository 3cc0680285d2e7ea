/**
 * The order in which the scheduler walks nodes: zones interleaved round-robin, nodes of a zone in
 * the order they joined (pkg/scheduler/backend/cache/node_tree.go list()), so that a partial
 * search (percentageOfNodesToScore) samples every zone evenly. Zones appear in first-join order;
 * a zone whose last node leaves is forgotten.
 */

export interface NodeOrder {
  add(node: number, zoneKey: string): void;
  remove(node: number, zoneKey: string): void;
  /** The interleaved list (rebuilt only after a change). */
  list(): readonly number[];
}

/** An empty node tree. */
export function createNodeOrder(): NodeOrder {
  const zones: string[] = [];
  const tree = new Map<string, number[]>();
  let cached: number[] | null = [];
  return {
    add(node, zoneKey) {
      let na = tree.get(zoneKey);
      if (!na) {
        na = [];
        tree.set(zoneKey, na);
        zones.push(zoneKey);
      }
      na.push(node);
      cached = null;
    },
    remove(node, zoneKey) {
      const na = tree.get(zoneKey);
      const i = na?.indexOf(node) ?? -1;
      if (!na || i < 0) throw new Error(`node ${node} is not in zone "${zoneKey}"`);
      na.splice(i, 1);
      if (na.length === 0) {
        tree.delete(zoneKey);
        zones.splice(zones.indexOf(zoneKey), 1);
      }
      cached = null;
    },
    list() {
      if (cached) return cached;
      const out: number[] = [];
      const arrays = zones.map((z) => tree.get(z)!);
      const longest = Math.max(0, ...arrays.map((a) => a.length));
      for (let i = 0; i < longest; i++) for (const a of arrays) if (i < a.length) out.push(a[i]!);
      cached = out;
      return out;
    },
  };
}

/** Region and zone as one key (k8s.io/component-helpers/node/topology GetZoneKey); "" when the node has neither. */
export function zoneKey(region: string | undefined, zone: string | undefined): string {
  if (region === undefined && zone === undefined) return "";
  return `${region ?? ""}:\x00:${zone ?? ""}`;
}
