// Turfbook field page service worker (scope /c/): keeps the page, its script and the organizer's
// directory for use without a connection. Network first, the cached copy when offline. Entries are
// never cached here: the page keeps them in IndexedDB until the server has them. A link the server no
// longer accepts (403: replaced, expired) loses everything kept for it, so it never opens offline again.
const CACHE = "turfbook-field-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(["/static/field.js"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function linkBase(url) {
  const m = /^\/c\/[^/]+/.exec(url.pathname);
  return m && m[0] !== "/c/sw.js" ? m[0] : null;
}

async function forget(base) {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path === base || path.startsWith(base + "/")) await cache.delete(request);
    }
  }
}

self.addEventListener("message", (event) => {
  if (event.data && typeof event.data.forget === "string" && /^\/c\/[^/]+$/.test(event.data.forget)) {
    event.waitUntil(forget(event.data.forget));
  }
});

function cacheable(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname === "/static/field.js" || url.pathname === "/static/field-icon.svg") return true;
  return /^\/c\/[^/]+(\/directory\.json|\/manifest\.webmanifest)?$/.test(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!cacheable(url)) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((c) => c.put(request, copy));
      } else if (response.status === 403 && linkBase(url)) {
        return forget(linkBase(url)).then(() => response, () => response);
      }
      return response;
    }).catch(() => caches.match(request, { ignoreSearch: url.pathname.endsWith(".json") }).then((hit) => hit ||
      caches.match(request, { ignoreSearch: true })).then((hit) => hit || Response.error()))
  );
});
