/** Human-readable text for results: aligned tables of services, pods and nodes, SLO verdicts, cost and warnings. */
import type { Results } from "../sim/index.js";

/** A latency in seconds with three significant digits: "850µs", "12.3ms", "1.24s". */
export function formatLatency(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "-";
  if (seconds < 1e-3) return `${sig(seconds * 1e6)}µs`;
  if (seconds < 1) return `${sig(seconds * 1e3)}ms`;
  return `${sig(seconds)}s`;
}

const sig = (x: number): string => String(Number(x.toPrecision(3)));

/** A duration of seconds or more: "0s", "850ms", "4.1s", "70s", "3m20s", "2h5m". */
export function formatSeconds(seconds: number): string {
  if (seconds === 0) return "0s";
  if (seconds < 1) return formatLatency(seconds);
  if (seconds < 100) return `${sig(seconds)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ""}`;
  return `${Math.floor(s / 3600)}h${Math.round((s % 3600) / 60)}m`;
}
const pct = (x: number | null): string => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Left-aligned first column, right-aligned numbers. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

const money = (x: number): string => `$${x.toFixed(2)}`;
/** A unit cost: cents from a dollar up, else three significant digits ("$0.0123"); "-" when there is none. */
const unitCost = (x: number | null): string => (x === null ? "-" : x >= 1 || x === 0 ? money(x) : `$${sig(x)}`);

/** The cost line (total, average and final hourly rates, pools), then a per-service table when the run cost anything. */
function costLines(r: Results): string {
  const c = r.cost;
  const rate = `${c.averagePerHour === null ? "" : `average ${money(c.averagePerHour)}/h, `}${money(c.perHour)}/h at the end`;
  const line = `cost ${money(c.total)} over the run (${rate}): ${c.pools.map((p) => `${p.pool} ${num(p.nodeHours)} node-h × $${p.pricePerHour}`).join(", ")}`;
  if (c.total === 0) return line;
  const tokens = c.services.some((x) => x.per1MTokens !== null);
  const header = ["service", "cost", "requested", "per 1k req", ...(tokens ? ["per 1M tokens", "per 1M out"] : [])];
  const rows = c.services.map((x) => [x.name, money(x.cost), money(x.allocated), unitCost(x.per1kRequests), ...(tokens ? [unitCost(x.per1MTokens), unitCost(x.per1MOutputTokens)] : [])]);
  return `${line}\n${table(header, rows)}`;
}

export function formatResults(r: Results): string {
  const out: string[] = [];
  const status = r.status === "completed" ? "completed" : `${r.status}${r.haltReason ? `: ${r.haltReason}` : ""}`;
  out.push(`scenario ${r.scenario.name}  seed ${r.scenario.seed}  simulated ${num(r.simulatedTime)}s (warm-up ${num(r.scenario.warmup)}s)  ${r.events} events  ${status}`);
  out.push("");
  // Failures and timeouts get columns only when a run has some: most runs have neither.
  const lost = r.services.some((s) => s.requests.failed + s.requests.timedOut > 0);
  out.push(
    table(
      ["service", "pods", "arrived", "completed", "rejected", ...(lost ? ["failed", "timed out"] : []), "errors", "in flight", "thru/s", "mean", "p50", "p90", "p99", "p99.9", "wait", "busy"],
      r.services.map((s) => [
        s.name,
        `${s.replicas.ready}/${s.replicas.desired}`,
        String(s.requests.arrived),
        String(s.requests.completed),
        String(s.requests.rejected),
        ...(lost ? [String(s.requests.failed), String(s.requests.timedOut)] : []),
        // Rejected, failed or timed out, over the measured arrivals (results' errorRate).
        pct(s.errorRate),
        String(s.requests.inFlight),
        num(s.throughput),
        formatLatency(s.latency.mean),
        formatLatency(s.latency.p50),
        formatLatency(s.latency.p90),
        formatLatency(s.latency.p99),
        formatLatency(s.latency.p999),
        formatLatency(s.wait.mean),
        pct(s.utilisation),
      ]),
    ),
  );
  const llm = r.services.filter((s) => s.ttft !== null);
  if (llm.length > 0) {
    out.push("");
    out.push(
      table(
        ["llm service", "timed by", "ttft p50", "ttft p99", "tpot p50", "tpot p99", "in tok", "out tok", "out tok/s", "batch", "kv use", "preempted"],
        llm.map((s) => {
          const pods = r.pods.filter((p) => p.service === s.name && p.llm !== null).map((p) => p.llm!);
          const mean = (xs: readonly (number | null)[]) => {
            const v = xs.filter((x): x is number => x !== null);
            return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
          };
          const batch = mean(pods.map((p) => p.meanBatch));
          // The performance model that timed the service's pods (roofline, profile, or both on mixed GPUs).
          const modes = [...new Set(pods.map((p) => p.mode))].sort().join("+");
          return [
            s.name,
            modes === "" ? "-" : modes,
            formatLatency(s.ttft!.p50),
            formatLatency(s.ttft!.p99),
            formatLatency(s.tpot?.p50 ?? null),
            formatLatency(s.tpot?.p99 ?? null),
            String(s.tokens?.input ?? 0),
            String(s.tokens?.output ?? 0),
            s.tokens ? num(s.tokens.outputPerSecond) : "-",
            batch === null ? "-" : batch.toFixed(1),
            pct(mean(pods.map((p) => p.meanKvUsage))),
            String(pods.reduce((n, p) => n + p.preemptions, 0)),
          ];
        }),
      ),
    );
  }
  const starts = r.services.filter((s) => s.coldStart !== null);
  if (starts.length > 0) {
    out.push("");
    const phases = ["scheduling", "imagePull", "init", "containerStart", "modelLoad", "readiness", "total"] as const;
    out.push(
      table(
        ["cold start p50/p99", "pods", "scheduling", "image pull", "init", "container", "model load", "readiness", "total"],
        starts.map((s) => [s.name, String(s.coldStart!.pods), ...phases.map((k) => `${formatSeconds(s.coldStart![k].p50)}/${formatSeconds(s.coldStart![k].p99)}`)]),
      ),
    );
  }
  out.push("");
  out.push(
    table(
      ["node", "pool", "gpu", "zone", "status", "ready at", "pods", "cpu req", "mem req", "gpu req", "busy"],
      r.nodes.map((n) => [
        n.name,
        n.pool,
        n.gpuType ?? "-",
        n.zone ?? "-",
        n.status,
        n.readyAt === null ? "-" : `${num(n.readyAt)}s`,
        String(n.pods),
        pct(n.allocated.cpu),
        pct(n.allocated.memory),
        pct(n.allocated.gpu),
        pct(n.utilisation),
      ]),
    ),
  );
  const waiting = r.pods.filter((p) => p.status === "Pending" || (!p.ready && p.status !== "Deleted" && p.status !== "Terminating"));
  if (waiting.length > 0) {
    out.push("");
    for (const p of waiting) {
      const crashed = p.lastTermination !== null ? `${p.lastTermination} on ${p.node}, ${p.restarts} restart${p.restarts === 1 ? "" : "s"}` : null;
      const why = p.pendingReason ?? crashed ?? (p.node !== null ? `starting on ${p.node}` : "");
      out.push(`pod ${p.name} ${p.status}${p.nominatedNode ? ` (nominated to ${p.nominatedNode})` : ""}: ${why}`);
      if (p.notTriggerScaleUp !== null) out.push(`  NotTriggerScaleUp: ${p.notTriggerScaleUp}`);
    }
  }
  if (r.slo.verdicts.length > 0) {
    out.push("");
    out.push(
      table(
        ["slo", "objective", "target", "actual", "verdict"],
        r.slo.verdicts.map((v) => {
          const isLatency = /^(latency|ttft|tpot)\./.test(v.objective);
          const show = (x: number | null) => (isLatency ? formatLatency(x) : pct(x));
          return [v.service, v.objective, show(v.target), show(v.actual), v.status.toUpperCase()];
        }),
      ),
    );
  }
  out.push("");
  out.push(costLines(r));
  out.push(`slo ${r.slo.verdicts.length === 0 ? "none set" : r.slo.pass ? "PASS" : "FAIL"}`);
  for (const w of r.warnings) out.push(`warning: ${w.message}${w.count > 1 ? ` (×${w.count})` : ""}`);
  return `${out.join("\n")}\n`;
}
