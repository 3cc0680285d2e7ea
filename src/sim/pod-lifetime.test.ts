import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { runScenario } from "./run.js";

const path = fileURLToPath(new URL("../../scenarios/flash-crowd-llm.yaml", import.meta.url));
function flashCrowd(edit: (t: string) => string = (t) => t): Scenario {
  const r = parseScenario(edit(readFileSync(path, "utf8")), { file: path });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

describe("pods over their own lifetime", () => {
  test("a pod deleted mid-run reports its averages over its life: the same whether the run ends just after its deletion or an hour later", () => {
    const full = runScenario(flashCrowd());
    const gone = full.pods.filter((p) => p.status === "Deleted" && p.llm !== null && p.timeline.deleted !== null);
    expect(gone.length).toBeGreaterThan(0);
    const first = gone.reduce((a, p) => (p.timeline.deleted! < a.timeline.deleted! ? p : a));
    const end = Math.ceil(first.timeline.deleted!) + 1;
    expect(full.simulatedTime - end).toBeGreaterThan(1800);
    const short = runScenario(flashCrowd((t) => t.replace("duration: 90m", `duration: ${end}s`)));
    const same = short.pods.find((p) => p.name === first.name)!;
    expect(same.status).toBe("Deleted");
    expect(first.llm).toEqual(same.llm);
    expect(first.llm!.meanBatch!).toBeGreaterThan(0);
  });

  test("prewarmed: the pods placed at time 0 are Ready at 0 with their image on the node; pods added later cold-start", () => {
    const r = runScenario(flashCrowd((t) => t.replace(/^ {4}replicas: (\d+)$/m, "    replicas: $1\n    prewarmed: true")));
    const pods = r.pods.filter((p) => p.service === "chat");
    const initial = pods.filter((p) => p.timeline.created === 0);
    expect(initial.length).toBeGreaterThan(0);
    for (const p of initial) expect([p.timeline.ready, p.coldStart?.total]).toEqual([0, 0]);
    const later = pods.filter((p) => p.timeline.created > 0 && p.timeline.ready !== null);
    expect(later.length).toBeGreaterThan(0);
    for (const p of later) expect(p.timeline.ready! - p.timeline.created).toBeGreaterThan(30);
    // Without the flag the first pod cold-starts too.
    const cold = runScenario(flashCrowd()).pods.find((p) => p.timeline.created === 0)!;
    expect(cold.timeline.ready!).toBeGreaterThan(30);
  });
});
