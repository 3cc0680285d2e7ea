/** The scale events of a run (workload and node scaling, faults), as results list them: plain data, capped in number. */
import type { NodeScaleEvent, WorkloadScaleEvent } from "../autoscaling/index.js";

export type { NodeScaleEvent, WorkloadScaleEvent };
import type { FaultRecord } from "../faults/index.js";

/** A fault striking. */
export type FaultEvent = FaultRecord;

export type ScaleEventRecord = WorkloadScaleEvent | NodeScaleEvent | FaultEvent;

export interface EventLog {
  readonly events: ScaleEventRecord[];
  dropped: number;
  add(e: ScaleEventRecord): void;
}

export function createEventLog(limit: number): EventLog {
  const log: EventLog = {
    events: [],
    dropped: 0,
    add(e) {
      if (log.events.length < limit) log.events.push(e);
      else log.dropped++;
    },
  };
  return log;
}
