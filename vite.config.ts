import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/** Ships the traces/ folder (data, licences, attribution) with the app, so bundled scenarios can replay them by URL. */
function shipTraces(): Plugin {
  const root = new URL("./traces/", import.meta.url).pathname;
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
  return {
    name: "servesim:ship-traces",
    apply: "build",
    generateBundle() {
      for (const f of files(root)) this.emitFile({ type: "asset", fileName: `traces/${relative(root, f)}`, source: readFileSync(f) });
    },
  };
}

/** The built page's Content Security Policy: no inline script or style, no eval; everything from the page's own origin. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** Puts the CSP in the built page (not in the dev server's, whose client injects styles). */
function strictCsp(): Plugin {
  return {
    name: "servesim:csp",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }],
  };
}

/** Builds workers/service-worker.ts as dist/app/sw.js with the list of the app's files to cache (traces are cached on first use). */
function serviceWorker(): Plugin {
  return {
    name: "servesim:service-worker",
    apply: "build",
    buildStart() {
      this.emitFile({ type: "chunk", id: "workers/service-worker.ts", fileName: "sw.js" });
    },
    generateBundle(_options, bundle) {
      const sw = bundle["sw.js"];
      if (!sw || sw.type !== "chunk") return;
      const files = Object.keys(bundle).filter((f) => f !== "sw.js" && !f.endsWith(".map") && !f.startsWith("traces/")).sort();
      const precache = ["./", ...files];
      const version = createHash("sha256").update(precache.join("\n")).digest("hex").slice(0, 16);
      // The minifier may quote the placeholder with any of ' " `.
      const placeholder = /(["'`])__SERVESIM_PRECACHE__\1/;
      if (!placeholder.test(sw.code)) throw new Error("sw.js: the precache placeholder is missing");
      sw.code = sw.code.replace(placeholder, () => JSON.stringify(JSON.stringify(precache))).replace("__SERVESIM_VERSION__", version);
    },
  };
}

// One config for the app build (index.html → dist/app) and for the test projects.
export default defineConfig({
  base: "./",
  // No SPA fallback: a missing file is a 404, not the page (a trace reader would read HTML).
  appType: "mpa",
  plugins: [shipTraces(), strictCsp(), serviceWorker()],
  build: { outDir: "dist/app", emptyOutDir: true, target: "es2022", sourcemap: true },
  worker: { format: "es" },
  preview: { host: "127.0.0.1" },
  server: { host: "127.0.0.1" },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["test/browser/**", "test/e2e/**", "node_modules/**", "dist/**"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/build-node.ts"],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          // One build and one preview server for every file; files one at a time, so timing checks see a quiet machine.
          globalSetup: ["test/support/build-node.ts", "test/browser/support/app-server.ts"],
          fileParallelism: false,
          // After the unit and e2e projects, so that the browser runs on an otherwise idle machine.
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
