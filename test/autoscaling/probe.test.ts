import { readFileSync } from "node:fs";
import { test } from "vitest";
import { parseScenario } from "../../src/scenario/index.js";
import { runScenario } from "../../src/sim/index.js";
test("probe", () => {
  const file = process.env["PROBE"] ?? "scenarios/flash-crowd-llm.yaml";
  const r0 = parseScenario(readFileSync(file, "utf8"), { file });
  if (!r0.ok) throw new Error(JSON.stringify(r0.issues));
  const r = runScenario(r0.scenario);
  const svc = r.services[0]!;
  console.log(r.status, r.haltReason, "events", r.events, "cost", r.cost.total.toFixed(2));
  console.log("total", JSON.stringify(svc.total), "ttft", JSON.stringify(svc.ttft), "lat", JSON.stringify(svc.latency));
  console.log(r.sloWindows.windows.map((w) => `${w.start}-${w.end}:${w.verdicts.map((v) => `${v.objective}=${v.actual?.toFixed?.(2)}`).join(",")}`).join("\n"));
  for (const e of r.autoscaling.events) console.log(e.at, e.kind, "from" in e ? `${e.from}->${e.to}` : "", e.reason, "limit" in e ? e.limit : "");
  console.log(JSON.stringify(r.autoscaling.services), JSON.stringify(r.autoscaling.pools), JSON.stringify(r.autoscaling.faults));
  console.log(r.warnings, JSON.stringify(svc.requests.rejectedBy), JSON.stringify(r.autoscaling.series.services["chat"]?.ready.slice(0, 40)));
});
