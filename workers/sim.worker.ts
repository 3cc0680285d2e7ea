/** The browser's simulation worker: serves SimWorkerApi over Comlink (the only `expose` in the browser); traces come from dropped files or by fetch. */
import { expose } from "comlink";
import { baseName, browserTraceIo } from "./fetch-traces.js";
import { createSimWorkerApi } from "./handle-run.js";

expose(createSimWorkerApi((request) => browserTraceIo(request.traceBase ?? self.location.href, new Map(request.files?.map((f) => [baseName(f.name), f])))));
