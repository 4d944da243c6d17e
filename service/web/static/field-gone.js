// Turfbook: the page a field link answers once it no longer works (replaced, expired), opened online with
// no field.js running. It removes what the phone kept for THAT link -- the saved directory (names and
// phones), the service worker's copies -- and the organizer's entries already in the sheet. Entries not
// yet sent stay in the organizer's outbox (IndexedDB) and are sent when the new link opens here.
(function () {
  "use strict";
  const m = /^\/c\/([^/]+)$/.exec(location.pathname);
  if (!m) return;
  const base = m[0];
  const token = decodeURIComponent(m[1]);
  try { localStorage.removeItem("turfbook-dir-" + token.slice(-24)); } catch (e) { /* none */ }
  if (self.caches) {
    caches.keys().then((names) => Promise.all(names.map((name) => caches.open(name).then((cache) =>
      cache.keys().then((requests) => Promise.all(requests.filter((r) => {
        const path = new URL(r.url).pathname;
        return path === base || path.startsWith(base + "/");
      }).map((r) => cache.delete(r)))))))).catch(() => {});
  }
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ forget: base });
  }
  const here = document.getElementById("gone-link");
  const organizer = here && here.dataset.organizer;
  if (!organizer || !self.indexedDB || !indexedDB.databases) return;
  const name = "turfbook-field-org-" + organizer;
  indexedDB.databases().then((all) => {
    if (!all.some((d) => d.name === name)) return;       // never create an outbox here
    const open = indexedDB.open(name, 1);
    open.onsuccess = () => {
      const d = open.result;
      const t = d.transaction("outbox", "readwrite");
      const store = t.objectStore("outbox");
      const r = store.getAll();
      r.onsuccess = () => { for (const item of r.result) if (item.state === "landed") store.delete(item.key); };
      t.oncomplete = () => d.close();
    };
  }).catch(() => {});
})();
