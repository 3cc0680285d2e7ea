/** The workload autoscalers of a run: each service's loops, from its kind's module, on the engine. */
import type { Engine, HandlerTable } from "../../engine/index.js";
import { Priority } from "../../engine/index.js";
import type { ScalerLoop, WorkloadHandle } from "./contract.js";
import { workloadAutoscalers } from "./registry.js";
import type { WorkloadAutoscalerRegistry } from "./registry.js";

const LoopEvent = { Due: "workload-autoscaler.due" } as const;
type LoopEvent = (typeof LoopEvent)[keyof typeof LoopEvent];

/** Starts the loops of every service's autoscaler (`specs[service]`, undefined: none), service by service. */
export function createWorkloadAutoscalers(
  engine: Engine,
  endTime: number,
  specs: readonly ({ readonly kind: string } | undefined)[],
  h: WorkloadHandle,
  registry: WorkloadAutoscalerRegistry = workloadAutoscalers,
): void {
  const loops: ScalerLoop[] = [];
  specs.forEach((spec, si) => {
    if (spec === undefined) return;
    const m = registry[spec.kind];
    if (m === undefined) throw new Error(`service ${h.services[si]!.name}: unknown autoscaler kind "${spec.kind}" (expected ${Object.keys(registry).join(" | ")})`);
    loops.push(...m.loops(si, spec, h));
  });
  const handlers = {
    [LoopEvent.Due]: (i: number, now: number) => {
      const loop = loops[i]!;
      loop.tick(now);
      const next = now + loop.period;
      if (next < endTime) engine.schedule(next, codes[LoopEvent.Due], i);
    },
  } satisfies HandlerTable<LoopEvent>;
  // After the scrape of the same instant, before the scheduler.
  const codes = engine.on(handlers, { [LoopEvent.Due]: Priority.Control - 1 });
  loops.forEach((loop, i) => engine.schedule(loop.first, codes[LoopEvent.Due], i));
}
