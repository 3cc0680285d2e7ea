/** The browser's simulation worker: serves SimWorkerApi over Comlink (the only `expose` in the browser); traces come by fetch. */
import { expose } from "comlink";
import { fetchTraceIo } from "./fetch-traces.js";
import { createSimWorkerApi } from "./handle-run.js";

expose(createSimWorkerApi((request) => fetchTraceIo(request.traceBase ?? self.location.href)));
