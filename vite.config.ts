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

// One config for the app build (index.html → dist/app) and for the test projects.
export default defineConfig({
  base: "./",
  plugins: [shipTraces()],
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
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
