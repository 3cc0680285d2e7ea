import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// A copy of the installed command (bin, package.json and the CLI bundle; the unbundled output and
// node_modules linked), so that its code cache can be removed, spoilt or blocked without touching
// the one the other tests use. The bundle and its cache are built by test/support/build-node.ts.
const repo = new URL("../../", import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), "servesim-startup-"));
const bundle = join(root, "dist", "cli", "bundle");
const cache = join(bundle, "cache");
const scenario = join(repo, "bench", "scenarios", "startup-small.yaml");
const servesim = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin", "servesim.js"), ...args], { cwd: root, encoding: "utf8" });

let reference: ReturnType<typeof servesim>;

beforeAll(() => {
  cpSync(join(repo, "bin"), join(root, "bin"), { recursive: true });
  cpSync(join(repo, "package.json"), join(root, "package.json"));
  mkdirSync(bundle, { recursive: true });
  for (const f of readdirSync(join(repo, "dist", "cli", "bundle"))) if (f.endsWith(".cjs")) cpSync(join(repo, "dist", "cli", "bundle", f), join(bundle, f));
  for (const d of ["src", "workers"]) symlinkSync(join(repo, "dist", d), join(root, "dist", d));
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));
  reference = spawnSync(process.execPath, [join(repo, "bin", "servesim.js"), "run", scenario], { cwd: root, encoding: "utf8" });
  expect(reference.status).toBe(0);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const cacheFiles = () => readdirSync(cache).sort();
const mtimes = () => cacheFiles().map((f) => statSync(join(cache, f)).mtimeMs);

describe("the servesim binary's start-up", () => {
  test("the first run writes the code cache, the next reads it without rewriting; both print what the installed binary prints", () => {
    rmSync(cache, { recursive: true, force: true });
    const first = servesim("run", scenario);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(reference.stdout);
    expect(cacheFiles().some((f) => f.startsWith("main.cjs."))).toBe(true);
    const before = mtimes();
    const second = servesim("run", scenario);
    expect(second.stdout).toBe(reference.stdout);
    expect(mtimes()).toEqual(before);
  });

  test("a spoilt cache is rejected and rewritten; the output does not change", () => {
    servesim("run", scenario);
    const files = cacheFiles();
    expect(files.length).toBeGreaterThan(5);
    for (const [i, f] of files.entries()) writeFileSync(join(cache, f), i % 2 ? Buffer.alloc(64, 7) : readFileSync(join(cache, f)).subarray(0, 200));
    const r = servesim("run", scenario);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(reference.stdout);
    for (const f of files) expect(statSync(join(cache, f)).size).toBeGreaterThan(200);
  });

  test("a cache that cannot be written (a file where its folder goes) leaves the command working", () => {
    rmSync(cache, { recursive: true, force: true });
    writeFileSync(cache, "not a folder");
    try {
      const r = servesim("run", scenario);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(reference.stdout);
      expect(r.stderr).toBe("");
    } finally {
      rmSync(cache, { force: true });
    }
  });

  test("a bundle older than the compiled output is left alone: the unbundled CLI prints the same", () => {
    const main = join(bundle, "main.cjs");
    const { atime, mtime } = statSync(main);
    utimesSync(main, new Date(0), new Date(0));
    try {
      rmSync(cache, { recursive: true, force: true });
      const r = servesim("run", scenario);
      expect(r.stdout).toBe(reference.stdout);
      expect(() => readdirSync(cache)).toThrow();
    } finally {
      utimesSync(main, atime, mtime);
    }
  });

  test("--version alone answers without the CLI, as the CLI does", () => {
    const alone = servesim("--version");
    const cli = servesim("--version", "run");
    expect(alone).toMatchObject({ status: 0, stderr: "" });
    expect(alone.stdout).toBe(cli.stdout);
    expect(alone.stdout).toBe(`${(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version}\n`);
    expect(servesim("-V").stdout).toBe(alone.stdout);
  });
});
