/** The browser's planner worker: PlannerWorkerApi over Comlink; trace files come by fetch, resolved against each scenario's URL. */
import { expose } from "comlink";
import { fetchTraceIo } from "./fetch-traces.js";
import { createPlannerApi } from "./planner-handler.js";

expose(createPlannerApi((base) => fetchTraceIo(base), { exit: () => self.close() }));
