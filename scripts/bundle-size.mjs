#!/usr/bin/env node
// The initial JavaScript of the built app (dist/app): the entry script of index.html and every
// chunk it preloads, gzip-compressed, against the budget. Lazy chunks (editor, validators,
// planner) and workers are listed apart. `npm run size` builds first; exits 1 over the budget.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Initial JavaScript budget, gzip bytes. */
export const BUDGET_BYTES = 300 * 1024;

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Sizes of the app in `dir`: the initial scripts (entry + modulepreload), and the other chunks. */
export function bundleSizes(dir) {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const initial = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const all = readdirSync(join(dir, "assets")).filter((f) => f.endsWith(".js")).map((f) => `assets/${f}`);
  const row = (f) => ({ file: f, gzip: gz(join(dir, f)) });
  const first = initial.map(row);
  return { initial: first, initialGzip: first.reduce((a, r) => a + r.gzip, 0), lazy: all.filter((f) => !initial.includes(f)).map(row) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? "dist/app";
  const s = bundleSizes(dir);
  const kb = (b) => `${(b / 1024).toFixed(1)} kB`;
  for (const r of s.initial) console.log(`initial  ${r.file}  ${kb(r.gzip)} gzip`);
  for (const r of s.lazy) console.log(`lazy     ${r.file}  ${kb(r.gzip)} gzip`);
  console.log(`initial JavaScript ${kb(s.initialGzip)} gzip (budget ${kb(BUDGET_BYTES)})`);
  if (s.initialGzip > BUDGET_BYTES) {
    console.error(`over budget by ${kb(s.initialGzip - BUDGET_BYTES)}`);
    process.exit(1);
  }
}
