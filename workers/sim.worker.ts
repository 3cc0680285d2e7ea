/** The browser's simulation worker: serves SimWorkerApi over Comlink; traces come from dropped files or by fetch. */
import "./zod-jitless.js";
import { expose } from "comlink";
import { baseName, browserTraceIo } from "./fetch-traces.js";
import { createSimWorkerApi } from "./handle-run.js";

expose(createSimWorkerApi((request) => browserTraceIo(request.traceBase ?? self.location.href, new Map(request.files?.map((f) => [baseName(f.name), f])))));
