/**
 * vitest globalSetup of the browser project: builds the app as `npm run build:app` does (into
 * dist/app) and serves it with `vite preview` on a free port, once for every browser test file.
 */
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";
import type { PreviewServer } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The preview server's URL of the built app. */
    appUrl: string;
  }
}

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const configFile = `${root}vite.config.ts`;
  // vitest sets NODE_ENV=test, which would make Vite bundle Lit's development build; build what `npm run build:app` builds.
  const nodeEnv = process.env["NODE_ENV"];
  process.env["NODE_ENV"] = "production";
  try {
    await build({ root, configFile, logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env["NODE_ENV"];
    else process.env["NODE_ENV"] = nodeEnv;
  }
  server = await preview({ root, configFile, logLevel: "warn", preview: { host: "127.0.0.1", port: 0, strictPort: true } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("vite preview reported no local URL");
  project.provide("appUrl", url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
