/**
 * The browser's tools worker: checks scenarios as you type and runs the manifest tools, so that
 * parsing (zod) and the OpenAPI validators never run on the page's main thread. The manifest
 * tools load on their first use. Serves ToolsApi over Comlink.
 */
import "./zod-jitless.js";
import { expose } from "comlink";
import { parseScenario } from "../src/scenario/index.js";
import type { ToolsApi } from "./protocol.js";

const tools = () => import("./manifest-tools.js");

const api: ToolsApi = {
  check: (text) => {
    const parsed = parseScenario(text, { file: "<editor>" });
    return Promise.resolve(parsed.ok ? [] : parsed.issues);
  },
  exportManifests: async (text, figures, options) => (await tools()).exportScenario(text, figures, options),
  readManifests: async (files) => (await tools()).readManifests(files),
  lint: async (files) => (await tools()).lint(files),
  importManifests: async (files) => (await tools()).importInto(files),
};

expose(api);
