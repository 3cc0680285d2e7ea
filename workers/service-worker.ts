/**
 * The app's service worker: once the page has loaded, it works offline. The build lists every
 * file of the app (scripts, styles, workers, lazy chunks) in PRECACHE; they are cached on
 * install. Other same-origin files (the shipped traces) are cached when first fetched. A file
 * missing on the server stays missing: only navigations to the page itself fall back to it.
 */
/// <reference lib="webworker" />

declare const self: ServiceWorkerGlobalScope;

/** Replaced at build time by the JSON list of the app's files (relative to this script). */
const PRECACHE: readonly string[] = JSON.parse("__SERVESIM_PRECACHE__") as string[];
/** Changes whenever the list does, so a new build replaces the old cache. */
const VERSION = "__SERVESIM_VERSION__";
const APP_CACHE = `servesim-app-${VERSION}`;
const RUNTIME_CACHE = "servesim-runtime";

self.addEventListener("install", (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(APP_CACHE);
      await cache.addAll(PRECACHE.map((f) => new URL(f, self.registration.scope).href));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (e) => {
  e.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith("servesim-app-") && key !== APP_CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** The page itself, for navigations to the app's own address (with or without index.html, any query or hash). */
const isAppPage = (url: URL): boolean => {
  const scope = new URL(self.registration.scope);
  return url.origin === scope.origin && (url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html`);
};

async function respond(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const key = request.mode === "navigate" && isAppPage(url) ? new URL("index.html", self.registration.scope).href : request;
  const cached = await caches.match(key, { ignoreSearch: request.mode === "navigate", ignoreVary: true });
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && url.origin === self.location.origin) {
      const copy = response.clone();
      void caches.open(RUNTIME_CACHE).then((c) => c.put(request, copy));
    }
    return response;
  } catch (e) {
    const fallback = await caches.match(request, { cacheName: RUNTIME_CACHE });
    if (fallback) return fallback;
    throw e;
  }
}

self.addEventListener("fetch", (e) => {
  if (e.request.method !== "GET" || new URL(e.request.url).origin !== self.location.origin) return;
  e.respondWith(respond(e.request));
});

export {};
