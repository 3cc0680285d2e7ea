import { createRequestAttrs } from "../attrs.js";
import type { ArrivalSource } from "../source.js";
import type { TraceFeed } from "./feed.js";

/** The arrival source of a trace feed: arrivals come out of the feed in time order, with their attributes. */
export function feedSource(feed: TraceFeed): ArrivalSource {
  const attrs = createRequestAttrs();
  return { attrs, advance: () => feed.shift(attrs) };
}
