/**
 * A pod's life as consecutive segments for the waterfall: waiting to be scheduled, image pull,
 * init containers, container start, model load, readiness probe, then serving and terminating.
 * From the pod's measured cold start when it became Ready, else from its timeline so far.
 */
import type { PodSummary } from "../../../../workers/protocol.js";

export const PHASES = [
  { key: "scheduling", label: "waiting to be scheduled" },
  { key: "imagePull", label: "image pull" },
  { key: "init", label: "init containers" },
  { key: "containerStart", label: "container start" },
  { key: "modelLoad", label: "model load" },
  { key: "readiness", label: "readiness probe" },
] as const;
export type PhaseKey = (typeof PHASES)[number]["key"] | "serving" | "terminating";

export interface Segment {
  readonly phase: PhaseKey;
  readonly start: number;
  readonly end: number;
}

/** Segments of one pod up to `end` (the run's end); still-open phases run to `end`. */
export function podSegments(p: PodSummary, end: number): Segment[] {
  const out: Segment[] = [];
  const tl = p.timeline;
  const push = (phase: PhaseKey, start: number, stop: number | null) => {
    const e = Math.min(stop ?? end, end);
    if (e > start) out.push({ phase, start, end: e });
  };
  const finish = tl.terminating ?? tl.deleted;
  if (p.coldStart && tl.ready !== null) {
    let at = tl.created;
    for (const { key } of PHASES) {
      push(key, at, at + p.coldStart[key]);
      at += p.coldStart[key];
    }
  } else {
    // Not Ready (yet): pulls and init containers cannot be told apart from the timeline alone.
    const stop = (x: number | null) => x ?? finish;
    push("scheduling", tl.created, stop(tl.scheduled));
    if (tl.scheduled !== null) push("imagePull", tl.scheduled, stop(tl.imageReady));
    if (tl.imageReady !== null) push("containerStart", tl.imageReady, stop(tl.started));
    if (tl.started !== null) push("modelLoad", tl.started, stop(tl.modelLoaded));
    if (tl.modelLoaded !== null) push("readiness", tl.modelLoaded, stop(tl.ready));
  }
  if (tl.ready !== null) push("serving", tl.ready, finish);
  if (tl.terminating !== null) push("terminating", tl.terminating, tl.deleted);
  return out;
}
