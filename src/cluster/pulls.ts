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
export const PullEvent = { Pulled: "image.pulled", RetryDue: "image.retry-due" } as const;
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
  /** First failed pull of the current outage (NaN: none), and whether pulls wait for a retry. */
  failedAt: number;
  blocked: boolean;
}

/** Image pulls of every node. */
export interface ImagePulls {
  /** Gets `image` onto `node`, then calls `done(now)`: at once when the node holds it, else when the pull finishes. */
  ensure(node: number, image: number, now: number, done: (now: number) => void): void;
  /** Pulls in progress or waiting on the node. */
  pending(node: number): number;
  /**
   * The registry serves at `factor` × each node's bandwidth from now on (0: an outage, pulls fail).
   * When an outage ends, each node that has pulls resumes at its next retry, the kubelet's image
   * pull back-off (10 s doubling to 5 m) counted from its first failed pull.
   */
  setRegistry(factor: number, now: number): void;
  /** Pull attempts that failed during outages. */
  failedPulls(): number;
}

/** The kubelet's image pull back-off (pkg/kubelet/images: backOffPeriod 10 s, MaxContainerBackOff 300 s). */
export const PULL_BACKOFF = { initial: 10, max: 300 } as const;

/** Times of the retries after a first failure at `from`, up to and including the first at or after `until`. */
export function pullRetries(from: number, until: number): number[] {
  const out: number[] = [];
  let t = from;
  let d: number = PULL_BACKOFF.initial;
  do {
    t += d;
    d = Math.min(PULL_BACKOFF.max, d * 2);
    out.push(t);
  } while (t < until);
  return out;
}

/** `settings(node)` gives the node's pool settings. */
export function createImagePulls(engine: Engine, images: ImageStore, settings: (node: number) => NodePullSettings): ImagePulls {
  const nodes: NodePulls[] = [];
  const of = (node: number) => (nodes[node] ??= { active: [], waiting: [], last: 0, due: NaN, failedAt: NaN, blocked: false });
  let factor = 1;
  let failed = 0;
  const bandwidth = (node: number, n: NodePulls) => (n.blocked ? 0 : factor * settings(node).bandwidth);

  /** Moves the active pulls' progress up to `now`. */
  const advance = (node: number, n: NodePulls, now: number) => {
    if (n.active.length > 0) {
      const rate = bandwidth(node, n) / n.active.length;
      for (const p of n.active) p.remaining -= rate * (now - n.last);
    }
    n.last = now;
  };

  const reschedule = (node: number, n: NodePulls, now: number) => {
    const max = settings(node).maxParallel;
    while (n.active.length < max && n.waiting.length > 0) n.active.push(n.waiting.shift()!);
    if (n.active.length === 0 || bandwidth(node, n) === 0) {
      n.due = NaN;
      if (n.active.length > 0 && factor === 0 && Number.isNaN(n.failedAt)) n.failedAt = now;
      return;
    }
    let least = Infinity;
    for (const p of n.active) least = Math.min(least, p.remaining);
    n.due = now + (Math.max(0, least) * n.active.length) / bandwidth(node, n);
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
    [PullEvent.RetryDue]: (node: number, now: number) => {
      const n = of(node);
      if (!n.blocked || factor === 0) return;
      advance(node, n, now);
      n.blocked = false;
      reschedule(node, n, now);
    },
  } satisfies HandlerTable<PullEvent>;
  const codes = engine.on(handlers, { [PullEvent.Pulled]: Priority.Normal, [PullEvent.RetryDue]: Priority.Normal });

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
    setRegistry(f, now) {
      nodes.forEach((n, node) => n && advance(node, n, now));
      const ending = factor === 0 && f > 0;
      factor = f;
      nodes.forEach((n, node) => {
        if (!n) return;
        if (ending && !Number.isNaN(n.failedAt)) {
          const retries = pullRetries(n.failedAt, now);
          failed += retries.length;
          n.failedAt = NaN;
          n.blocked = true;
          engine.schedule(retries[retries.length - 1]!, codes[PullEvent.RetryDue], node);
        }
        reschedule(node, n, now);
      });
    },
    failedPulls: () => failed,
  };
}
