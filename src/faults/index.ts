export { faultGap, pickDistinct } from "./arrivals.js";
export { CRASH_BACKOFF, crashBackoff } from "./backoff.js";
