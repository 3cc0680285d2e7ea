#!/usr/bin/env node
// Entry of the `servesim` command; the code lives in dist/ (built by `npm run build:node`, run by `npm ci`).
// CommonJS (bin/package.json), which Node starts a few milliseconds sooner than an ES module.
// The bundle (scripts/bundle-cli.mjs: a few CommonJS files) starts faster: each file is compiled
// from V8's code cache, kept beside it in dist/cli/bundle/cache and rewritten when V8 rejects it
// (another Node, other flags) or it is missing. The bundle is used only when no later tsc run left
// it stale, and not for `plan`, whose worker threads load the unbundled modules (one copy of each).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (bin/package.json) */
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
const { setFlagsFromString } = require("node:v8");
const { Script } = require("node:vm");

const root = join(__dirname, "..");
/** V8's interrupt budget for every command: 8 × its default (bench/plan.ts starts its runs with the same). */
const INTERRUPT_BUDGET = 540672;
const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

/** The version `servesim --version` prints, read as the CLI reads it; undefined when unsure (the CLI then answers). */
function packageVersion() {
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    return pkg.name === "servesim" && typeof pkg.version === "string" && pkg.version !== "" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the CommonJS bundle in `dir` from its entry `main.cjs`: its own files through vm.Script
 * with V8's cached data, anything else (Node's modules, externals) through Node's require. Caches
 * that were missing or rejected are written as the process exits, when they hold every function
 * the command compiled; a cache is named after its file's name, size and time, and V8's version.
 */
function loadBundle(dir) {
  const cacheDir = join(dir, "cache");
  const nodeRequire = createRequire(join(dir, "main.cjs"));
  const modules = new Map();
  const stale = [];
  const load = (name) => {
    const known = modules.get(name);
    if (known) return known.exports;
    const module = { exports: {} };
    modules.set(name, module);
    const filename = join(dir, name);
    const source = readFileSync(filename, "utf8");
    const stat = statSync(filename);
    const cacheFile = join(cacheDir, `${name}.${stat.size}-${Math.round(stat.mtimeMs)}.${process.arch}-v8-${process.versions.v8}`);
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // no cache yet: compile from source, and write it at exit
    }
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) stale.push({ script, cacheFile });
    const require = (id) => (id.startsWith("./") ? load(id.slice(2)) : nodeRequire(id));
    script.runInThisContext()(module.exports, require, module, filename, dir);
    return module.exports;
  };
  process.once("exit", () => {
    for (const { script, cacheFile } of stale) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only install: start without the cache
      }
    }
  });
  return load("main.cjs");
}

/** Runs the CLI on `args` (`command` is the first that is not an option) and returns its exit code. */
async function start(args, command) {
  const unbundled = join(root, "dist", "src", "cli", "main.js");
  const bundle = join(root, "dist", "cli", "bundle");
  const bundled = command !== "plan" && mtime(join(bundle, "main.cjs")) >= mtime(unbundled) && mtime(unbundled) >= 0;
  // A command is a short process: V8 would spend more compiling its hot functions with the
  // optimising compiler than it saves. Eight times V8's default budget delays that until a function
  // has run longer (a long run gets it milliseconds later). `plan`'s worker threads share the flag:
  // each compiles its own copy of the code, so there it saves more (bench plan: ~15% less CPU).
  // Only on the Node versions whose V8 knows the flag (an unknown one is reported on stdout).
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  if (nodeMajor >= 20 && nodeMajor <= 24) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  let main;
  if (bundled) {
    try {
      ({ main } = loadBundle(bundle));
    } catch (e) {
      if (process.env["SERVESIM_DEBUG"]) process.stderr.write(`the CLI bundle did not load; running unbundled: ${e instanceof Error ? e.stack : String(e)}\n`);
    }
  }
  try {
    main ??= (await import(pathToFileURL(unbundled).href)).main;
  } catch (e) {
    if (e && e.code === "ERR_MODULE_NOT_FOUND") {
      process.stderr.write("servesim is not built yet: run `npm run build:node` (npm ci does it)\n");
      return 2;
    }
    throw e;
  }
  return main(args);
}

const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith("-"));
// `servesim --version` alone prints what the CLI would print, without loading the CLI.
const version = args.length === 1 && (args[0] === "--version" || args[0] === "-V") ? packageVersion() : undefined;
if (version !== undefined) process.stdout.write(`${version}\n`);
else
  void start(args, command).then((code) => {
    // Once stdout and stderr are written out (always, on Linux), exit at once rather than wait for
    // Node to tear the heap down; a stream still writing (a pipe on macOS) gets the ordinary exit,
    // and so does `plan` (its worker threads end with it).
    if (command !== "plan" && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
    process.exitCode = code;
  });
