/** The browser's simulation worker: serves SimWorkerApi over Comlink (the only `expose` in the browser). */
import { expose } from "comlink";
import { simWorkerApi } from "./handle-run.js";

expose(simWorkerApi);
