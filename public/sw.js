// The service worker: keeps a copy of the site as the reader sees it, so the
// leaderboard opens offline after one visit, and says when it shows that copy.
//
// - Files with a content hash in their name (the app's JS, wasm modules and
//   stylesheet) never change: the copy answers first.
// - Everything else (the page itself, results/, the plain scripts) comes from
//   the network whenever it can, so a reader online always sees the published
//   results; the copy answers only when the network cannot, and the page is
//   told (offline.js shows the notice).
// - What the page loaded before this worker took control, offline.js names
//   once it is in control (`keep`); the worker copies those from the HTTP
//   cache. Everything fetched after goes through the worker and is kept.
//
// Plain JavaScript, outside the app's wasm: it needs nothing of the app.
const CACHE = "cvalues-site-v1";
const STAMP = "x-cvalues-saved-at";
const scope = new URL(self.registration.scope);
// When each page (by client id) was last answered from the copy, and the
// date of that copy.
const fromCopy = new Map();

const hashed = (path) => /-[0-9a-f]{12,16}\.(js|wasm|css)$/.test(path);
// The stem of a hashed name: a newer build's file of the same stem replaces it.
const stem = (path) => path.replace(/-[0-9a-f]{12,16}(\.[a-z]+)$/, "$1");
// Every view is the page with a query: one copy of the page answers them all.
const keyOf = (request) => (request.mode === "navigate" ? scope.href : request.url);

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope.href)) return;
  const path = new URL(request.url).pathname;
  event.respondWith(hashed(path) ? copyFirst(request) : networkFirst(event, request));
});

self.addEventListener("message", (event) => {
  const { data, source } = event;
  if (data === "cvalues-from-copy?") {
    source.postMessage({ type: "cvalues-from-copy", savedAt: fromCopy.get(source.id) || null });
  } else if (data && data.type === "cvalues-keep") {
    event.waitUntil(keep(data.urls));
  }
});

// The copy if there is one, else the network (and keep what it gives).
async function copyFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await put(cache, request.url, response.clone());
  return response;
}

// The network (and keep what it gives), else the copy, telling the page.
async function networkFirst(event, request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request);
  try {
    // Past the HTTP cache too (revalidated: cheap when unchanged).
    const response = await fetch(request, { cache: "no-cache" });
    if (response.ok) event.waitUntil(put(cache, key, response.clone()));
    return response;
  } catch (offline) {
    const hit = await cache.match(key);
    if (!hit) throw offline;
    const savedAt = hit.headers.get(STAMP);
    const id = event.resultingClientId || event.clientId;
    fromCopy.set(id, savedAt);
    // Not awaited: a page being navigated to exists only once it has its
    // response (and asks on its own; see offline.js).
    if (event.clientId) {
      event.waitUntil(self.clients.get(id).then((page) => page && page.postMessage({ type: "cvalues-from-copy", savedAt })));
    }
    return hit;
  }
}

// Keeps `response` under `key`, stamped with the date; a hashed file
// replaces the copies of its stem from other builds.
async function put(cache, key, response) {
  const path = new URL(key).pathname;
  if (hashed(path)) {
    for (const old of await cache.keys()) {
      const oldPath = new URL(old.url).pathname;
      if (oldPath !== path && hashed(oldPath) && stem(oldPath) === stem(path)) await cache.delete(old);
    }
  }
  const headers = new Headers(response.headers);
  headers.delete("content-encoding"); // the body is already decoded
  headers.delete("content-length");
  headers.set(STAMP, new Date().toISOString());
  const body = await response.arrayBuffer();
  await cache.put(key, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

// Copies the files the page loaded before this worker was in control
// (`urls`, and the page itself): the HTTP cache has them.
async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const url of [scope.href, ...urls]) {
    if (!url.startsWith(scope.href) || (await cache.match(url))) continue;
    try {
      const response = await fetch(url);
      if (response.ok) await put(cache, url, response);
    } catch {}
  }
}
