/// <reference lib="webworker" />
/**
 * The player's service worker: the page shell and every media file of the plan come from the
 * Cache API, so a reload with no network starts and keeps playing. The page fills the media
 * cache ahead (verified by sha256); this worker only answers from it.
 */
declare const self: ServiceWorkerGlobalScope;

const SHELL = 'loa-shell-v1';
const MEDIA = 'loa-media';
const SHELL_FILES = ['./', './index.html', './player.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/media/')) {
    // files are named by their hash: a cached one is always right
    event.respondWith(
      caches.match(request, { cacheName: MEDIA, ignoreVary: true }).then((hit) => hit ?? fetch(request)),
    );
    return;
  }
  if (url.pathname.startsWith('/player/')) {
    // the shell: fresh when the server answers, cached when it does not
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(SHELL).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() =>
          caches
            .match(request, { cacheName: SHELL })
            .then((hit) => hit ?? caches.match('./index.html', { cacheName: SHELL })),
        )
        .then((response) => response ?? new Response('offline', { status: 503 })),
    );
  }
});
