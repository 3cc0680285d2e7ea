/** The browser's planner worker: PlannerWorkerApi over Comlink; trace files come by fetch, resolved against each scenario's URL. */
import "./zod-jitless.js";
import { expose } from "comlink";
import { browserTraceIo } from "./fetch-traces.js";
import { createPlannerApi } from "./planner-handler.js";

expose(createPlannerApi((base) => browserTraceIo(base), { exit: () => self.close() }));
