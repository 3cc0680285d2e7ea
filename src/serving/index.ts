export { ClassicEvent, createClassicServers } from "./classic.js";
export type { ClassicObserver, ClassicPodSpec, ClassicServers } from "./classic.js";
export { createRequestTable } from "./requests.js";
export type { RequestTable } from "./requests.js";
export { createRandomRouter } from "./routing.js";
export type { Router } from "./routing.js";
