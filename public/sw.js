// Avow's service worker: keeps the app's files so that, after the first load, Avow opens with
// no network at all. The build (.ci/service_worker.py) writes this file to the site's root with
// BUILD set to a hash of the built files and FILES to their list, so every deployment is a new
// worker. A new worker waits until the page asks it to take over (the user's "Reload"): the app
// never reloads by itself.
const BUILD = '__AVOW_BUILD__';
const FILES = ['./'];
const CACHE = `avow-${BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('avow-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// The app's own files from this version's cache (the page and its files always agree); anything
// else, or a file missing from the cache, from the network.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = request.mode === 'navigate' ? './' : request;
    const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    return fetch(request);
  })());
});
