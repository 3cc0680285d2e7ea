/** Text for what the autoscalers and faults did: replicas and nodes, scale events with reasons, SLO windows. */
import type { Results } from "../sim/index.js";
import { formatLatency, formatSeconds, table } from "./table.js";

/** Scale events listed at most; the rest are in the JSON results. */
const MAX_EVENTS = 40;

const at = (t: number) => formatSeconds(t);
/** A latency that failed its target, with enough digits to differ from it ("2.00413s > 2s", not "2s > 2s"). */
const above = (actual: number | null, target: number) => {
  const shown = formatLatency(actual);
  return actual !== null && shown === formatLatency(target) ? `${Number(actual.toPrecision(6))}s` : shown;
};

/** An HPA's conditions at the end, as kubectl describe lists them, and the times ScalingActive went False. */
function hpaLines(service: string, hpa: NonNullable<Results["autoscaling"]["services"][number]["hpa"]>): string {
  const lines = hpa.conditions.map((c) => `  ${c.type}=${c.status} ${c.reason} (since ${at(c.lastTransitionTime)}): ${c.message}`);
  const inactive = hpa.transitions.filter((t) => t.type === "ScalingActive" && t.status === "False");
  if (inactive.length > 0) lines.push(`  ScalingActive went False ${inactive.length} time(s), first at ${at(inactive[0]!.at)}: ${inactive[0]!.reason}: ${inactive[0]!.message}`);
  return [`hpa ${service} conditions:`, ...lines].join("\n");
}

export function formatAutoscaling(r: Results): string {
  const a = r.autoscaling;
  // Scenarios without autoscaling or faults keep their plain output.
  if (a.events.length === 0) return "";
  const out: string[] = [];
  {
    out.push(
      table(
        ["service", "peak replicas", "scale-ups", "scale-downs", "retried", "held by activator"],
        a.services.map((s) => [s.name, String(s.peakReplicas), String(s.scaleUps), String(s.scaleDowns), String(s.retried), String(s.activatorHeld)]),
      ),
    );
    out.push(table(["pool", "peak nodes", "added", "removed"], a.pools.map((p) => [p.name, String(p.peakNodes), String(p.added), String(p.removed)])));
    const hpas = a.services.filter((s) => s.hpa !== null && s.hpa.conditions.length > 0);
    if (hpas.length > 0) out.push(hpas.map((s) => hpaLines(s.name, s.hpa!)).join("\n"));
    const rows = a.events.slice(0, MAX_EVENTS).map((e) => {
      if (e.kind === "workload") {
        const metrics = e.metrics.map((m) => `${m.metric}=${m.current === null ? "?" : Number(m.current.toPrecision(3))}/${m.target}`).join(" ");
        const limited = e.limit && e.limit !== "DesiredWithinRange" ? ` [${e.limit}]` : e.stabilization ? ` [${e.stabilization}]` : "";
        return [at(e.at), `${e.controller} ${e.service}`, `${e.from} → ${e.to}`, `${e.reason}${metrics ? `; ${metrics}` : ""}${limited}`];
      }
      if (e.kind === "node") return [at(e.at), `nodes ${e.pool}`, `${e.from} → ${e.to}`, `${e.reason}${e.expander.length ? ` (${e.expander.join(", ")})` : ""}`];
      return [at(e.at), `fault ${e.fault}`, e.target, e.detail];
    });
    const more = a.events.length + a.eventsDropped - rows.length;
    // The reasons are prose: left-aligned after the aligned columns.
    const aligned = table(["at", "what", "change"], rows.map((r) => r.slice(0, 3))).split("\n");
    const lines = aligned.map((l, i) => `${l.padEnd(Math.max(...aligned.map((x) => x.length)))}  ${i === 0 ? "why" : rows[i - 1]![3]}`);
    out.push(`${lines.join("\n")}${more > 0 ? `\n… ${more} more events in the JSON results` : ""}`);
  }
  const windows = r.sloWindows.windows;
  if (windows.length > 1) {
    const failing = windows.filter((w) => !w.pass);
    const worst = (w: (typeof windows)[number]) =>
      w.verdicts
        .filter((v) => v.status === "fail")
        // Rates (rejectRate, errorRate) are fractions; the other objectives are latencies.
        .map((v) => `${v.service} ${v.objective} ${v.objective.endsWith("Rate") ? v.actual?.toFixed(4) : above(v.actual, v.target)} > ${v.objective.endsWith("Rate") ? v.target : formatLatency(v.target)}`)
        .join("; ");
    out.push(
      `SLO windows of ${formatSeconds(r.sloWindows.window)}: ${windows.length - failing.length}/${windows.length} pass` +
        failing
          .slice(0, 10)
          .map((w) => `\n  ${at(w.start)}–${at(w.end)}: ${worst(w)}`)
          .join(""),
    );
  }
  return `${out.join("\n\n")}\n\n`;
}
