import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import type { RequestRow } from "./request-log.js";
import { resultsToJson } from "./results.js";
import { runScenario } from "./run.js";

function bundled(name: string, edit: (t: string) => string = (t) => t): Scenario {
  const path = fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
  const r = parseScenario(edit(readFileSync(path, "utf8")), { file: path });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

describe("per-request records", () => {
  test("every request that ended is recorded once with its outcome, matching the run's counters, and the results are unchanged by recording", () => {
    // A node fails at the peak: completions, failures (cut requests not retried), retries and rejections.
    const sc = bundled("node-failure-at-peak.yaml", (t) => t.replace("duration: 40m", "duration: 14m"));
    const rows: RequestRow[] = [];
    const r = runScenario(sc, { onRequest: (row) => rows.push(row) });
    for (const [s, svc] of r.services.entries()) {
      const mine = rows.filter((x) => x.service === svc.name);
      const count = (o: RequestRow["outcome"]) => mine.filter((x) => x.outcome === o).length;
      expect([count("completed"), count("rejected"), count("failed"), count("timedOut")], svc.name).toEqual([svc.total.completed, svc.total.rejected, svc.total.failed, svc.total.timedOut]);
      expect(mine.length + svc.total.inFlight).toBe(r.services[s]!.total.arrived);
    }
    expect(rows.some((x) => x.outcome !== "completed")).toBe(true);
    expect(resultsToJson(runScenario(sc))).toBe(resultsToJson(r));
  });

  test("a completed request's times add up: queueing delay ≤ TTFT ≤ end-to-end, TPOT from its output tokens; rejected ones have no pod or start", () => {
    const rows: RequestRow[] = [];
    runScenario(bundled("flash-crowd-llm.yaml", (t) => t.replace("duration: 90m", "duration: 12m")), { onRequest: (row) => rows.push(row) });
    const done = rows.filter((x) => x.outcome === "completed");
    expect(done.length).toBeGreaterThan(1000);
    for (const x of done) {
      expect(x.pod).toMatch(/^chat-/);
      expect(x.queueingDelay).toBeGreaterThanOrEqual(0);
      expect(x.ttft).toBeGreaterThanOrEqual(x.queueingDelay);
      expect(x.endToEnd).toBeGreaterThanOrEqual(x.ttft);
      if (x.outputTokens > 1) expect(x.tpot).toBeCloseTo((x.endToEnd - x.ttft) / (x.outputTokens - 1), 9);
      expect(x.inputTokens).toBeGreaterThan(0);
    }
    for (const x of rows.filter((y) => y.outcome === "rejected")) expect([x.pod === null || x.reason !== "noEndpoint", Number.isNaN(x.queueingDelay), x.reason !== null]).toEqual([true, true, true]);
  });
});
