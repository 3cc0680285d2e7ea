export { formatBytes, parseBytes } from "./bytes.js";
export type { FormatBytesOptions } from "./bytes.js";
export { formatCpu, parseCpu } from "./cpu.js";
export { formatDuration, parseDuration } from "./duration.js";
export { parseQuantity } from "./quantity.js";
export type { Quantity, QuantityFormat } from "./quantity.js";
export { formatRate, parseRate } from "./rate.js";
export type { ParseResult } from "./result.js";
