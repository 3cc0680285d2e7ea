/** The browser entry: defines the elements (index.html places <ss-app>) and, in the built app, registers the service worker that keeps it working offline. */
import "./zod-jitless.js";
import "./app/app.js";

if (import.meta.env.PROD && "serviceWorker" in navigator) {
  navigator.serviceWorker.register(new URL("sw.js", document.baseURI)).catch(() => undefined);
}
