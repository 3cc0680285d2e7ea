/**
 * Container images: names interned to dense ids, and each node's image cache. A node keeps the
 * images it pulled until its image disk is full; then the least recently used images no running
 * container uses are evicted (kubelet image GC, pkg/kubelet/images/image_gc_manager.go, frees the
 * oldest unused images). ImageLocality reads which nodes hold an image and how many do.
 */

/** `name:tag`; a name without a tag gets `:latest` (imagelocality normalizedImageName). */
export function normalizeImageName(name: string): string {
  return name.lastIndexOf(":") <= name.lastIndexOf("/") ? `${name}:latest` : name;
}

/** Interned image names and every node's image cache (with LRU eviction past the disk size). */
export interface ImageStore {
  /** Bumped whenever a node gains or loses an image (caches of image-dependent scores check it). */
  readonly version: number;
  /** Dense id of an image name (normalised); the first size given for a name is kept. */
  intern(name: string, sizeBytes: number): number;
  name(image: number): string;
  size(image: number): number;
  has(node: number, image: number): boolean;
  /** Nodes holding the image. */
  nodesHaving(image: number): number;
  /** Bytes of images held by the node. */
  usedBytes(node: number): number;
  /** Images held by the node, least recently used first. */
  imagesOn(node: number): readonly number[];
  /** Records that the node holds the image (pulled or preloaded), evicting unused images past `diskBytes`; returns the evicted ids. */
  store(node: number, image: number, now: number, diskBytes: number): readonly number[];
  /** A container on the node starts or stops using the image (used images are never evicted). */
  pin(node: number, image: number, now: number): void;
  unpin(node: number, image: number): void;
  /** Forgets everything the node held (node removed). */
  clear(node: number): void;
}

/** `normalize` maps a name to its cache key (images: `:latest` added; other artifacts such as model weights: kept). */
export function createImageStore(normalize: (name: string) => string = normalizeImageName): ImageStore {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const sizes: number[] = [];
  const having: number[] = [];
  // Per node: image → last use time (insertion-ordered map, re-inserted on use), pins, bytes.
  const lastUse: Map<number, number>[] = [];
  const pins: Map<number, number>[] = [];
  const used: number[] = [];
  const cacheOf = (node: number) => (lastUse[node] ??= new Map());
  const pinsOf = (node: number) => (pins[node] ??= new Map());

  let version = 0;
  const drop = (node: number, image: number) => {
    version++;
    cacheOf(node).delete(image);
    used[node] = (used[node] ?? 0) - sizes[image]!;
    having[image]! -= 1;
  };

  return {
    get version() {
      return version;
    },
    intern(name, sizeBytes) {
      const key = normalize(name);
      let id = ids.get(key);
      if (id === undefined) {
        id = names.length;
        ids.set(key, id);
        names.push(key);
        sizes.push(sizeBytes);
        having.push(0);
      }
      return id;
    },
    name: (image) => names[image]!,
    size: (image) => sizes[image]!,
    has: (node, image) => lastUse[node]?.has(image) === true,
    nodesHaving: (image) => having[image] ?? 0,
    usedBytes: (node) => used[node] ?? 0,
    imagesOn: (node) => [...cacheOf(node).keys()],
    store(node, image, now, diskBytes) {
      const cache = cacheOf(node);
      if (cache.has(image)) {
        cache.delete(image);
        cache.set(image, now);
        return [];
      }
      cache.set(image, now);
      version++;
      used[node] = (used[node] ?? 0) + sizes[image]!;
      having[image]! += 1;
      const evicted: number[] = [];
      // Oldest first (map order is use order); pinned images and the new one stay.
      for (const old of cache.keys()) {
        if (used[node]! <= diskBytes) break;
        if (old === image || (pinsOf(node).get(old) ?? 0) > 0) continue;
        drop(node, old);
        evicted.push(old);
      }
      return evicted;
    },
    pin(node, image, now) {
      const p = pinsOf(node);
      p.set(image, (p.get(image) ?? 0) + 1);
      const cache = cacheOf(node);
      if (cache.has(image)) {
        cache.delete(image);
        cache.set(image, now);
      }
    },
    unpin(node, image) {
      const p = pinsOf(node);
      const n = (p.get(image) ?? 0) - 1;
      if (n < 0) throw new Error(`image ${names[image]} unpinned more than pinned on node ${node}`);
      if (n === 0) p.delete(image);
      else p.set(image, n);
    },
    clear(node) {
      for (const image of [...cacheOf(node).keys()]) drop(node, image);
      pins[node] = new Map();
    },
  };
}
