import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "servesim-calibrate-"));
const servesim = (...args: string[]) => spawnSync(process.execPath, [join(repo, "bin", "servesim.js"), ...args], { cwd: repo, encoding: "utf8" });
const shared = join(repo, "reference", "data", "references.json");

describe("servesim calibrate", () => {
  test("prints predicted, measured and ratio per reference, then the median and largest error, and exits 0", () => {
    const r = servesim("calibrate", shared);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^trtllm\/llama-3\.1-8b\/h100-sxm\/tp1\/128-128 +roofline +28312\/s +\d+\/s +\d\.\d{3} +[+-]\d+\.\d% +ok$/m);
    expect(r.stdout).toMatch(/^nemo\/llama-2-7b\/h100-sxm\/batch1 +profile +0\.1538s/m);
    expect(r.stdout).toMatch(/\n40 references: median absolute error \d+\.\d%, maximum \d+\.\d%, 0 outside ±25%\n$/);
  });

  test("takes several files, and reads published classic measurements directly, naming how many it leaves out", () => {
    const r = servesim("calibrate", shared, join(repo, "reference", "project", "llm-references.json"), join(repo, "reference", "data", "classic-references.json"));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mlperf-v0\.7\/resnet-50\/t4\/int8\/singlestream +roofline +1\.09ms +\d\.\d+ms /m);
    expect(r.stdout).toMatch(/^trtllm\/llama-3\.1-405b\/h100-sxm\/tp8\/1000-2000 +roofline +2895\/s /m);
    expect(r.stdout).toMatch(/\n217 references: median absolute error \d+\.\d%, maximum \d+\.\d%, 0 outside ±25%; 225 measurements not compared \(the reasons: --format json, "excluded"\)\n$/);
    const json = JSON.parse(servesim("calibrate", join(repo, "reference", "data", "classic-references.json"), "--format", "json").stdout) as { excluded: { id: string; reason: string }[] };
    expect(json.excluded).toHaveLength(225);
  });

  test("exits 1 when an entry is outside the tolerance", () => {
    const r = servesim("calibrate", shared, "--tolerance", "0.01", "--format", "json");
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { outside: string[]; rows: unknown[] };
    expect(out.rows).toHaveLength(40);
    expect(out.outside.length).toBeGreaterThan(0);
  });

  test("a malformed references file names the file, line and path", () => {
    const text = readFileSync(shared, "utf8").replace('"outputTokensPerSecond": 28312', '"outputTokensPerSecond": "fast"');
    const bad = join(tmp, "refs.json");
    writeFileSync(bad, text);
    const r = servesim("calibrate", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad}:\\d+:\\d+ references\\[0\\]\\.measured\\.outputTokensPerSecond: expected a number, got "fast"\\n$`));
  });
});
