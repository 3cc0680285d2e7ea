/** The async side of the hand-over: refills hungry feeds from their streams, one pass per opening of the file. */
import type { TraceFeed } from "./feed.js";
import { openTrace } from "./io.js";
import type { TraceIo, TraceStream } from "./io.js";

export interface FeedDriver {
  /** Gives every hungry feed text until it holds its target or is finished. */
  refill(): Promise<void>;
  /** Arrivals the simulation may take before the next refill: the fewest any unfinished feed holds. */
  safeArrivals(): number;
  /** Closes every open stream. */
  close(): Promise<void>;
}

export function createFeedDriver(feeds: readonly TraceFeed[], io: TraceIo): FeedDriver {
  const streams: (TraceStream | null)[] = feeds.map(() => null);
  const closeAt = async (i: number) => {
    const s = streams[i];
    streams[i] = null;
    await s?.close();
  };
  return {
    async refill() {
      for (let i = 0; i < feeds.length; i++) {
        const feed = feeds[i]!;
        while (feed.hungry) {
          if (feed.needsOpen) {
            await closeAt(i);
            streams[i] = openTrace(io, feed.file);
            feed.opened();
          }
          const chunk = await streams[i]!.next();
          if (chunk === null) feed.endOfText();
          else feed.push(chunk);
        }
        if (feed.finished || feed.needsOpen) await closeAt(i);
      }
    },
    safeArrivals() {
      let n = Infinity;
      for (const f of feeds) if (!f.finished) n = Math.min(n, f.buffered);
      return n;
    },
    async close() {
      for (let i = 0; i < feeds.length; i++) await closeAt(i);
    },
  };
}
