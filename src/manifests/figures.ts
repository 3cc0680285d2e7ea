/** Simulation results → the figures an export is based on (rounded to milliseconds, so they read well and stay stable). */
import type { Figures, ServiceFigures } from "./types.js";

/** The parts of a run's results the figures come from (structurally the sim's Results; manifests do not depend on sim). */
export interface FiguresSource {
  readonly scenario: { readonly name: string; readonly seed: string | number; readonly duration: number };
  readonly nodes: readonly { readonly name: string; readonly pool: string }[];
  readonly pods: readonly { readonly service: string; readonly node: string | null }[];
  readonly services: readonly {
    readonly name: string;
    readonly coldStart: Readonly<Record<"scheduling" | "imagePull" | "containerStart" | "modelLoad" | "readiness" | "total", { readonly p50: number; readonly p99: number }>> & { readonly pods: number } | null;
    readonly latency: { readonly p99: number | null; readonly max: number | null };
    readonly throughput: number;
    readonly total: { readonly failed: number };
  }[];
}

const ms = (s: number): number => Math.round(s * 1000) / 1000;
const phase = (p: { p50: number; p99: number }) => ({ p50: ms(p.p50), p99: ms(p.p99) });

export function figuresOf(r: FiguresSource): Figures {
  const poolOf = new Map(r.nodes.map((n) => [n.name, n.pool]));
  const services = r.services.map((s): ServiceFigures => {
    const cs = s.coldStart;
    const pools = [...new Set(r.pods.filter((p) => p.service === s.name && p.node !== null).map((p) => poolOf.get(p.node!) ?? ""))].filter((p) => p !== "").sort();
    return {
      name: s.name,
      coldStart: cs
        ? { pods: cs.pods, scheduling: phase(cs.scheduling), imagePull: phase(cs.imagePull), containerStart: phase(cs.containerStart), modelLoad: phase(cs.modelLoad), readiness: phase(cs.readiness), total: phase(cs.total) }
        : null,
      latencyP99: s.latency.p99 === null ? null : ms(s.latency.p99),
      latencyMax: s.latency.max === null ? null : ms(s.latency.max),
      throughput: Math.round(s.throughput * 100) / 100,
      cutByGrace: s.total.failed,
      pools,
    };
  });
  return { source: `servesim run of ${r.scenario.name}, seed ${r.scenario.seed}, ${r.scenario.duration}s simulated`, services };
}
