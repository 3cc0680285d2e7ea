/** Simulated time in seconds (float64). Branded so that a count or a byte size cannot pass for a time. */
export type Seconds = number & { readonly __unit: "s" };

/** Marks a number of seconds as {@link Seconds}. */
export const seconds = (value: number): Seconds => value as Seconds;
