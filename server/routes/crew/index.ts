/**
 * /crew: the crew PWA. The shell page lives at /crew/ (inside the service worker's scope /crew/;
 * /crew redirects there), with its manifest, service worker and assets beside it. None of these
 * need a session: the app asks the API, which does.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { resolveAssetName, serviceWorker, staticAsset } from './assets.ts';
import { renderShell, type ShellLanguage } from './shell.tsx';
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { LANG_COOKIE, languagesInUse, pickLanguage } from '../../middleware/language.ts';
import { isLang, LANGS } from '../../../web/i18n/index.ts';

/** One shell per configuration and language (a handful of strings: rendered once each). */
const shellHtml = new WeakMap<object, Map<string, string>>();
function shellFor(config: AppEnv['Variables']['deps']['config'], language: ShellLanguage): string {
  let byLang = shellHtml.get(config);
  if (!byLang) shellHtml.set(config, (byLang = new Map()));
  const key = `${language.lang}|${language.offered.join(',')}|${language.chosen}`;
  let html = byLang.get(key);
  if (!html) byLang.set(key, (html = renderShell(config, language)));
  return html;
}

/**
 * The shell's language, as for pages of no council in particular (the crew is not known before
 * sign-in): `?lang=`, the cookie, else the first language in use. Whether it was chosen travels in
 * the shell, so the app can follow the crew's own council once it knows it.
 */
async function shellLanguage(c: Context<AppEnv>): Promise<ShellLanguage> {
  const offered = await languagesInUse(c);
  const asked = c.req.query('lang');
  const remembered = getCookie(c, LANG_COOKIE);
  const lang = pickLanguage(c, offered);
  const chosen = (isLang(asked) && offered.includes(asked)) || (isLang(remembered) && offered.includes(remembered));
  return { lang, offered, chosen };
}

/** Every shell the worker's version must change with: each language's words are in its shell. */
const allShells = (config: AppEnv['Variables']['deps']['config']) =>
  LANGS.map((lang) => renderShell(config, { lang, offered: LANGS, chosen: false })).join('');

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
    const sw = await serviceWorker(allShells(c.var.deps.config));
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
  .get('/*', async (c) => {
    if (c.req.path !== '/crew/') return c.notFound();
    const language = await shellLanguage(c);
    return c.html(shellFor(c.var.deps.config, language), 200, {
      'Cache-Control': REVALIDATE,
      'Content-Language': language.lang,
      Vary: 'Cookie',
    });
  });
