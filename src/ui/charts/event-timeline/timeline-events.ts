/** The events of a run on lanes: faults, workload scaling, node scaling, pod placements and pods left Pending. */
import type { Results } from "../../../../workers/protocol.js";

export const LANES = [
  { key: "fault", label: "faults" },
  { key: "workload", label: "replica scaling" },
  { key: "node", label: "node scaling" },
  { key: "placement", label: "pod placements" },
] as const;
export type Lane = (typeof LANES)[number]["key"];

export interface TimelineEvent {
  readonly at: number;
  readonly lane: Lane;
  /** Short: "hpa chat 1 → 2", "chat-3 → l40s-2". */
  readonly what: string;
  /** The reason or detail. */
  readonly why: string;
  readonly shape: "up" | "down" | "cross" | "dot";
}

/** All events in time order (ties in lane order). */
export function timelineEvents(r: Results): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const e of r.autoscaling.events) {
    if (e.kind === "workload") {
      const extra = [e.stabilization, e.limit].filter((x) => x).join(", ");
      out.push({ at: e.at, lane: "workload", what: `${e.controller} ${e.service} ${e.from} → ${e.to}`, why: `${e.reason}${extra ? ` [${extra}]` : ""}`, shape: e.to >= e.from ? "up" : "down" });
    } else if (e.kind === "node") {
      out.push({ at: e.at, lane: "node", what: `nodes ${e.pool} ${e.from} → ${e.to}`, why: e.reason, shape: e.to >= e.from ? "up" : "down" });
    } else {
      out.push({ at: e.at, lane: "fault", what: `${e.fault} ${e.target}`, why: e.detail, shape: "cross" });
    }
  }
  for (const p of r.pods) {
    if (p.timeline.scheduled !== null) out.push({ at: p.timeline.scheduled, lane: "placement", what: `${p.name} → ${p.node ?? "?"}`, why: `bound after ${Math.round((p.timeline.scheduled - p.timeline.created) * 10) / 10} s`, shape: "dot" });
    else if (p.pendingReason !== null) out.push({ at: p.timeline.created, lane: "placement", what: `${p.name} Pending`, why: p.pendingReason, shape: "cross" });
  }
  const laneOrder = new Map(LANES.map((l, i) => [l.key, i]));
  return out.sort((a, b) => a.at - b.at || laneOrder.get(a.lane)! - laneOrder.get(b.lane)!);
}
