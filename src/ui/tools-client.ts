/**
 * The page's door to the tools worker (scenario checks, manifest tools): started on first use,
 * released and terminated on dispose. The app shell owns one and hands its methods to the
 * components that need them.
 */
import { releaseProxy, wrap } from "comlink";
import type { Remote } from "comlink";
import type { ToolsApi } from "../../workers/protocol.js";

export interface ToolsClient {
  readonly api: ToolsApi;
  dispose(): void;
}

export function createToolsClient(): ToolsClient {
  let current: { worker: Worker; remote: Remote<ToolsApi> } | undefined;
  const remote = (): Remote<ToolsApi> => {
    if (!current) {
      const worker = new Worker(new URL("../../workers/tools.worker.ts", import.meta.url), { type: "module", name: "servesim-tools" });
      current = { worker, remote: wrap<ToolsApi>(worker) };
    }
    return current.remote;
  };
  const api: ToolsApi = {
    check: (text) => remote().check(text),
    exportManifests: (text, figures, options) => remote().exportManifests(text, figures, options),
    readManifests: (files) => remote().readManifests(files),
    lint: (files) => remote().lint(files),
    importManifests: (files) => remote().importManifests(files),
  };
  return {
    api,
    dispose() {
      current?.remote[releaseProxy]();
      current?.worker.terminate();
      current = undefined;
    },
  };
}
