/**
 * /crew: the crew PWA. The shell page lives at /crew/ (inside the service worker's scope /crew/;
 * /crew redirects there), with its manifest, service worker and assets beside it. None of these
 * need a session: the app asks the API, which does.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { resolveAssetName, serviceWorker, staticAsset } from './assets.ts';
import { renderShell } from './shell.tsx';

const shellHtml = new WeakMap<object, string>();
function shellFor(config: AppEnv['Variables']['deps']['config']): string {
  let html = shellHtml.get(config);
  if (!html) shellHtml.set(config, (html = renderShell(config)));
  return html;
}

const manifest = {
  name: 'Kerbside crew',
  short_name: 'Crew',
  description: "Today's round, stop by stop, also with no signal.",
  id: '/crew/',
  start_url: '/crew/',
  scope: '/crew/',
  display: 'standalone',
  orientation: 'portrait',
  background_color: '#ffffff',
  theme_color: '#00703c',
  icons: [
    { src: '/crew/assets/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/crew/assets/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/crew/assets/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
};

// The shell and worker must be re-checked on every visit so a deploy reaches phones; assets are
// fetched through the worker's cache anyway.
const REVALIDATE = 'no-cache';

export const crewRoutes = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/crew/', 301))
  .get('/manifest.webmanifest', (c) =>
    c.body(JSON.stringify(manifest), 200, { 'Content-Type': 'application/manifest+json', 'Cache-Control': REVALIDATE }),
  )
  .get('/sw.js', async (c) => {
    const sw = await serviceWorker(shellFor(c.var.deps.config));
    return c.body(sw.body as string, 200, {
      'Content-Type': sw.type,
      'Cache-Control': REVALIDATE,
      'Service-Worker-Allowed': '/crew/',
    });
  })
  .get('/assets/*', async (c) => {
    const { name, hashed } = resolveAssetName(c.req.path.replace(/^\/crew\/assets\//, ''));
    const asset = staticAsset(name);
    if (!asset) return c.notFound();
    const { body, type } = await asset;
    // A content-hashed name never changes meaning: cached for a year (the worker keeps its own copy).
    return c.body(body as string, 200, { 'Content-Type': type, 'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : REVALIDATE });
  })
  // The shell at /crew/ (mounted under /crew, '/' is /crew itself; '/*' is the only pattern that
  // reaches the trailing slash). Anything else under /crew is not found.
  .get('/*', (c) => {
    if (c.req.path !== '/crew/') return c.notFound();
    return c.html(shellFor(c.var.deps.config), 200, { 'Cache-Control': REVALIDATE });
  });
