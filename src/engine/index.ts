export { createEngine, Priority } from "./engine.js";
export type { Engine, EngineOptions, Handler, HandlerTable, KindCode, KindCodes, LoggedEvent, TimerId } from "./engine.js";
export { InvariantError } from "./errors.js";
export { exp, fromWords, hexBits, highWord, log } from "./math.js";
export { createSampler, createStreams } from "./rng.js";
export type { Distribution, Sampler, Stream, StreamName, StreamSnapshot } from "./rng.js";
export { seconds } from "./time.js";
export type { Seconds } from "./time.js";
