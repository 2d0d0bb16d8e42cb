/**
 * The crew app's service worker (scope /crew/). It keeps the app shell so the app opens with no
 * signal: shell files are served from the cache first and refreshed by a new worker version (the
 * version is a hash of the shell's bytes, set when the server bundles this file). Round sheets are
 * cached by the page itself in `kerbside-crew-data`; this worker only answers from that cache when
 * the network fails, so a sheet requested before the worker took control still opens offline.
 */
declare const __SHELL_VERSION__: string;
declare const __SHELL_URLS__: string[];

// The few service-worker types used here (the webworker lib cannot share a program with the DOM lib).
interface SwEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface SwFetchEvent extends SwEvent {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface SwScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: SwEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: SwFetchEvent) => void): void;
}
const sw = self as unknown as SwScope;

const SHELL_CACHE = `kerbside-crew-shell-${__SHELL_VERSION__}`;
const DATA_CACHE = 'kerbside-crew-data';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(__SHELL_URLS__.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('kerbside-crew-shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;

  // Any page under /crew/ is the one shell (the round is in the #fragment). A `?lang=` switch asks
  // the network for the shell in that language and keeps it as the shell (the cookie now says the
  // same), falling back to the kept one with no signal.
  if (request.mode === 'navigate' && url.pathname.startsWith('/crew/')) {
    if (url.searchParams.has('lang')) {
      event.respondWith(
        fetch(request)
          .then(async (res) => {
            if (res.ok) await caches.open(SHELL_CACHE).then((cache) => cache.put('/crew/', res.clone()));
            return res;
          })
          .catch(async () => (await caches.match('/crew/', { cacheName: SHELL_CACHE })) ?? Response.error()),
      );
      return;
    }
    event.respondWith(caches.match('/crew/', { cacheName: SHELL_CACHE }).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (__SHELL_URLS__.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: SHELL_CACHE }).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (url.pathname.startsWith('/api/v1/crew/rounds')) {
    event.respondWith(
      fetch(request).catch(async () => {
        const hit = await caches.match(request.url, { cacheName: DATA_CACHE });
        if (hit) {
          // Tell the page this is a saved copy, so it knows there is no signal.
          const headers = new Headers(hit.headers);
          headers.set('X-Kerbside-Saved', '1');
          return new Response(hit.body, { status: hit.status, headers });
        }
        throw new TypeError('offline and not saved');
      }),
    );
  }
});
