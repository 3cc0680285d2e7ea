/**
 * Image pulls on each node: the node's pull bandwidth is shared equally among its concurrent pulls
 * (processor sharing), at most `maxParallel` at once (kubelet maxParallelImagePulls; 1 is
 * serializeImagePulls), the rest waiting in FIFO order. Two pods wanting the same image share one
 * pull. A finished pull stores the image in the node's cache, then wakes its waiters.
 */
import { Priority } from "../engine/index.js";
import type { Engine, HandlerTable } from "../engine/index.js";
import type { ImageStore } from "./images.js";

/** A pull finished on a node (its target). */
export const PullEvent = { Pulled: "image.pulled" } as const;
export type PullEvent = (typeof PullEvent)[keyof typeof PullEvent];

/** Bytes below which a pull counts as done (float residue of the sharing arithmetic). */
const EPSILON_BYTES = 1e-3;

/** A node's pull bandwidth, concurrency and image disk. */
export interface NodePullSettings {
  /** Bytes per second shared by the node's concurrent pulls. */
  readonly bandwidth: number;
  readonly maxParallel: number;
  /** Image disk size: the cache evicts unused images beyond it. */
  readonly diskBytes: number;
}

interface Pull {
  readonly image: number;
  remaining: number;
  readonly waiters: ((now: number) => void)[];
}

interface NodePulls {
  readonly active: Pull[];
  readonly waiting: Pull[];
  last: number;
  /** Time of the pending completion event (events at other times are stale). */
  due: number;
}

/** Image pulls of every node. */
export interface ImagePulls {
  /** Gets `image` onto `node`, then calls `done(now)`: at once when the node holds it, else when the pull finishes. */
  ensure(node: number, image: number, now: number, done: (now: number) => void): void;
  /** Pulls in progress or waiting on the node. */
  pending(node: number): number;
}

/** `settings(node)` gives the node's pool settings. */
export function createImagePulls(engine: Engine, images: ImageStore, settings: (node: number) => NodePullSettings): ImagePulls {
  const nodes: NodePulls[] = [];
  const of = (node: number) => (nodes[node] ??= { active: [], waiting: [], last: 0, due: NaN });

  /** Moves the active pulls' progress up to `now`. */
  const advance = (node: number, n: NodePulls, now: number) => {
    if (n.active.length > 0) {
      const rate = settings(node).bandwidth / n.active.length;
      for (const p of n.active) p.remaining -= rate * (now - n.last);
    }
    n.last = now;
  };

  const reschedule = (node: number, n: NodePulls, now: number) => {
    const max = settings(node).maxParallel;
    while (n.active.length < max && n.waiting.length > 0) n.active.push(n.waiting.shift()!);
    if (n.active.length === 0) {
      n.due = NaN;
      return;
    }
    let least = Infinity;
    for (const p of n.active) least = Math.min(least, p.remaining);
    n.due = now + (Math.max(0, least) * n.active.length) / settings(node).bandwidth;
    engine.schedule(n.due, codes[PullEvent.Pulled], node);
  };

  const handlers = {
    [PullEvent.Pulled]: (node: number, now: number) => {
      const n = of(node);
      if (now !== n.due) return;
      advance(node, n, now);
      const done = n.active.filter((p) => p.remaining <= EPSILON_BYTES);
      for (let i = n.active.length - 1; i >= 0; i--) if (n.active[i]!.remaining <= EPSILON_BYTES) n.active.splice(i, 1);
      for (const p of done) images.store(node, p.image, now, settings(node).diskBytes);
      reschedule(node, n, now);
      for (const p of done) for (const w of p.waiters) w(now);
    },
  } satisfies HandlerTable<PullEvent>;
  const codes = engine.on(handlers, { [PullEvent.Pulled]: Priority.Normal });

  return {
    ensure(node, image, now, done) {
      if (images.has(node, image)) return done(now);
      const n = of(node);
      const existing = n.active.find((p) => p.image === image) ?? n.waiting.find((p) => p.image === image);
      if (existing) {
        existing.waiters.push(done);
        return;
      }
      if (images.size(image) <= 0) {
        images.store(node, image, now, settings(node).diskBytes);
        return done(now);
      }
      advance(node, n, now);
      n.waiting.push({ image, remaining: images.size(image), waiters: [done] });
      reschedule(node, n, now);
    },
    pending: (node) => (nodes[node] ? nodes[node].active.length + nodes[node].waiting.length : 0),
  };
}
