/**
 * Bad input through the real binary: every case ends with exit 1 and a located message (or the
 * documented exit code), never a stack trace, and never hangs (each call has a generous timeout
 * that only a hang reaches). Wall times are printed by `npm run bench`, not asserted here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const tmp = mkdtempSync(join(tmpdir(), "servesim-edges-"));
/** Far above the 2 s any of these takes alone: only a hang reaches it. */
const HANG = 60_000;
const servesim = (args: string[], node: string[] = []) => spawnSync(process.execPath, [...node, bin, ...args], { cwd: repo, encoding: "utf8", timeout: HANG });
const quickstart = readFileSync(join(repo, "scenarios/quickstart.yaml"), "utf8");
const write = (name: string, text: string) => {
  writeFileSync(join(tmp, name), text);
  return join(tmp, name);
};
const noStack = (r: { stdout: string; stderr: string }) => expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at |Error:|TypeError/);

describe("files that never end are refused before they are read", () => {
  const fifo = join(tmp, "fifo.csv");
  execFileSync("mkfifo", [fifo]);

  test("trace stats of a FIFO, with or without --format", () => {
    for (const args of [["trace", "stats", fifo], ["trace", "stats", fifo, "--format", "azure"]]) {
      const r = servesim(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`${fifo}: not a regular file (a FIFO): traces and rate files are read from regular files only\n`);
    }
    const dev = servesim(["trace", "stats", "/dev/zero", "--format", "azure"]);
    expect(dev.status).toBe(1);
    expect(dev.stderr).toBe("/dev/zero: not a regular file (a device or socket): traces and rate files are read from regular files only\n");
  });

  test("run with a piecewise rate file or a trace that is a FIFO", () => {
    const piecewise = write("piecewise.yaml", quickstart.replace("- poisson: { rate: 240/s }", "- piecewise: { file: fifo.csv }"));
    const r = servesim(["run", piecewise]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("fifo.csv: not a regular file (a FIFO): traces and rate files are read from regular files only\n");
    const trace = write("trace.yaml", quickstart.replace("- poisson: { rate: 240/s }", "- trace: { file: fifo.csv, format: azure }"));
    expect(servesim(["run", trace]).stderr).toMatch(/^fifo\.csv: not a regular file \(a FIFO\)/);
  });
});

describe("command-line flags pass the file's checks", () => {
  test.each([
    [["--seed", "-1"], "--seed: expected an integer ≥ 0 and at most 9007199254740991, got -1\n"],
    [["--seed", "1e20"], "--seed: expected an integer ≥ 0 and at most 9007199254740991, got 1e20\n"],
    [["--explain", "x".repeat(257)], "--explain: expected at most 256 characters, got 257\n"],
  ])("run %j", (flags, message) => {
    const r = servesim(["run", "scenarios/quickstart.yaml", ...flags]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(message);
  });
});

describe("run exits 3 when the run finished but an SLO failed; its digest is the results file's sha256", () => {
  test("a quickstart whose p99 target is 1 ms", () => {
    const strict = write("strict.yaml", quickstart.replace("latency: { p50: 60ms, p99: 250ms }", "latency: { p50: 1ms, p99: 1ms }"));
    const out = join(tmp, "strict.json");
    const r = servesim(["run", strict, "--duration", "6m", "--out", out]);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("SLOs not met: classifier latency.p50 (fail), classifier latency.p99 (fail)\n");
    const digest = createHash("sha256").update(readFileSync(out)).digest("hex");
    expect(r.stdout).toMatch(new RegExp(`digest sha256:${digest}\n$`));
    expect(execFileSync("sha256sum", [out], { encoding: "utf8" }).split(" ")[0]).toBe(digest);
    expect(servesim(["run", "scenarios/quickstart.yaml", "--duration", "6m"]).status).toBe(0);
  });
});

describe("scenarios Kubernetes would refuse are refused by validate, where they are written", () => {
  test.each([
    ["a service named 9lives", quickstart.replace("name: classifier", "name: 9lives"), /^.*:20:11 services\[0\]\.name: invalid service name "9lives": expected a DNS-1035 label/],
    ["a node selector key with a space", quickstart.replace("pod: { containerStartTime: 3s }", 'pod: { containerStartTime: 3s, nodeSelector: { "Bad Key!": x } }'), /services\[0\]\.pod\.nodeSelector\["Bad Key!"\]: invalid label key "Bad Key!"/],
    ["a PDB of 150%", quickstart.replace("replicas: 3", 'replicas: 3\n    disruptionBudget: { minAvailable: "150%" }'), /services\[0\]\.disruptionBudget\.minAvailable: expected a percentage of at most 100%/],
    ["a p99 below the p50", quickstart.replace("p50: 60ms, p99: 250ms", "p50: 300ms, p99: 250ms"), /services\[0\]\.slo\.latency\.p50: expected p50 at most p99 \(250ms\), got 300ms/],
    ["1e7 requests a second for 30 days", quickstart.replace("duration: 1h", "duration: 30d").replace("rate: 240/s", "rate: 1e7"), /services\[0\]\.traffic\[0\]\.poisson\.rate: expected at most 1\.00e9 arrivals in a run/],
    ["two YAML documents", `${quickstart}---\nkind: Scenario\n`, /:39:1 \(root\): expected one YAML document, found a second one here/],
    ["deep block nesting", `${"- ".repeat(100_000)}x\n`, /\(root\): expected nesting at most 32 levels deep/],
  ])("%s", (_, text, message) => {
    const file = write("bad.yaml", text);
    for (const command of ["validate", "export"]) {
      const r = servesim([command, file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      noStack(r);
    }
  });

  test("a Mooncake row of 65,536 hash ids is refused with its line", () => {
    const ids = Array.from({ length: 65_536 }, (_, i) => i).join(",");
    write("huge-ids.jsonl", `{"timestamp": 0, "input_length": 10, "output_length": 3, "hash_ids": [1]}\n{"timestamp": 5, "input_length": 10, "output_length": 3, "hash_ids": [${ids}]}\n`);
    const r = servesim(["trace", "stats", join(tmp, "huge-ids.jsonl")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${join(tmp, "huge-ids.jsonl")}:2: "hash_ids": expected at most 4096 hash ids per row, got 65536\n`);
  });
});

describe("lint: bounded work and memory whatever it is given", () => {
  test("16 MB of 4 million '---' separators fails at once on the document limit", () => {
    const file = write("sep.yaml", "---\n".repeat(4_000_000));
    const r = servesim(["lint", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${file} document: expected at most 10000 documents (List items included), got more ('---' separators) [document/limit]\n0 documents, 1 error\n`);
  });

  test("a folder of 10 × 15 MB files is linted one file at a time (a 100 MB heap suffices)", () => {
    const dir = join(tmp, "big");
    mkdirSync(dir);
    const body = `    ${"x".repeat(95)}\n`.repeat((15 * 1024 * 1024) / 100);
    for (let i = 0; i < 10; i++) writeFileSync(join(dir, `cm${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\ndata:\n  blob: |\n${body}`);
    const r = servesim(["lint", dir], ["--max-old-space-size=100"]);
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter((l) => l.includes("[semantic/data-size]"))).toHaveLength(10);
    expect(r.stdout).toMatch(/\n10 documents, 10 errors\n$/);
  });

  test("a zip entry that holds more than it declares, or whose CRC-32 does not match, is an error", () => {
    const z = zipSync({ "a.yaml": [strToU8("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n"), { level: 6 }] });
    const view = new DataView(z.buffer);
    let eocd = z.length - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    const cd = view.getUint32(eocd + 16, true);
    const short = Uint8Array.from(z);
    new DataView(short.buffer).setUint32(cd + 24, 10, true);
    writeFileSync(join(tmp, "short.zip"), short);
    const r = servesim(["lint", join(tmp, "short.zip")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${join(tmp, "short.zip")}: a.yaml: holds more than the 10 bytes it declares\n`);
    const crc = Uint8Array.from(z);
    new DataView(crc.buffer).setUint32(cd + 16, view.getUint32(cd + 16, true) ^ 0xff, true);
    writeFileSync(join(tmp, "crc.zip"), crc);
    expect(servesim(["lint", join(tmp, "crc.zip")]).stderr).toBe(`${join(tmp, "crc.zip")}: a.yaml: CRC-32 mismatch (the entry is damaged)\n`);
  });

  test("v1 Pods and extensions/v1beta1 are errors (exit 1), not skipped", () => {
    const file = write("kinds.yaml", "apiVersion: v1\nkind: Pods\nmetadata: { name: p }\n---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: { name: d }\n");
    const r = servesim(["lint", file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/#0 Pods\/p kind: unknown kind "Pods" in v1 \(did you mean "Pod"\?\) \[api\/unknown-kind\]\n.*#1 Deployment\/d apiVersion: apiVersion extensions\/v1beta1 is not served since Kubernetes 1\.16/);
  });
});
