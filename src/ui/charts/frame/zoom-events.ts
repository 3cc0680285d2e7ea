/** The shared time window of all charts: a chart asks for a new one by firing `ss-time-zoom`. */

/** [start, end] in simulated seconds, or null for the whole run. */
export type TimeDomain = readonly [number, number] | null;

export interface TimeZoomDetail {
  readonly domain: TimeDomain;
}

export const timeZoomEvent = (domain: TimeDomain): CustomEvent<TimeZoomDetail> =>
  new CustomEvent("ss-time-zoom", { detail: { domain }, bubbles: true, composed: true });

/** The smallest window a zoom may give (seconds), so that a click is never read as a zoom. */
export const MIN_ZOOM_SECONDS = 5;

declare global {
  interface GlobalEventHandlersEventMap {
    "ss-time-zoom": CustomEvent<TimeZoomDetail>;
  }
}
