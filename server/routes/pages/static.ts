/**
 * /static/…: GOV.UK Frontend's CSS (council-branded), Leaflet, our own CSS and the browser scripts.
 *
 * Nothing here needs a build step: the GOV.UK stylesheet is read from node_modules and rewritten once
 * in memory (no GDS Transport font — that typeface is only for GOV.UK — and no crown image), and the
 * browser TypeScript in web/client is bundled by Bun.build once and kept in memory.
 *
 * At start-up `prepareStaticAssets()` makes every file once and records a content-hashed URL for it
 * (web/pages/assets.ts); pages link to those, and they are cached for a year, immutable. The plain
 * URLs keep working with a short cache (and validators), for old pages and for apps built in tests.
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppEnv } from '../../context.ts';
import { brandStylesheet } from '../../domain/brand.ts';
import { publicContext } from '../../middleware/auth.ts';
import { councilBrandColour } from '../../services/schedule.ts';
import { hashedName, recordAsset } from '../../../web/pages/assets.ts';

const ROOT = resolve(import.meta.dir, '../../..');
const GOVUK = join(ROOT, 'node_modules/govuk-frontend/dist/govuk');
const LEAFLET = join(ROOT, 'node_modules/leaflet/dist');
const WEB_STATIC = join(ROOT, 'web/static');
const WEB_CLIENT = join(ROOT, 'web/client');

/** The browser scripts we ship: one small site script on every page, the map only where a map is shown. */
export const CLIENT_SCRIPTS = ['site', 'map'] as const;
type ClientScript = (typeof CLIENT_SCRIPTS)[number];

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  json: 'application/manifest+json',
};
const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** GOV.UK Frontend's stylesheet without the GOV.UK typeface and crest. */
export function brandGovukCss(css: string): string {
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/font-family:GDS Transport,/g, 'font-family:')
    .replace(/font-family:GDS Transport([;}])/g, 'font-family:arial,sans-serif$1')
    .replace(/url\(\/assets\/images\/govuk-crest\.svg\)/g, 'none')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

type Body = Uint8Array | string;
const memo = new Map<string, Promise<Body>>();
function once(key: string, make: () => Promise<Body>) {
  let hit = memo.get(key);
  if (!hit) {
    hit = make();
    hit.catch(() => memo.delete(key)); // a failed build is retried on the next request
    memo.set(key, hit);
  }
  return hit;
}

const LEAFLET_IMAGES = ['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png', 'layers.png', 'layers-2x.png'];
const LEAFLET_FILES = new Set(['leaflet.css', ...LEAFLET_IMAGES.map((f) => `images/${f}`)]);
const OWN_FILES = new Set(['kerbside.css', 'favicon.svg']);

const bytes = (path: string) => once(`file:${path}`, async () => new Uint8Array(await readFile(path)));

/** The hashed URL of a file under /static/ (made, and recorded for pages, on first use). */
const hashedUrls = new Map<string, { url: string; body: Body }>();
async function hashed(path: string, body: Promise<Body>): Promise<string> {
  const made = await body;
  const url = hashedName(path, made);
  hashedUrls.set(path, { url, body: made });
  return url;
}

const leafletImageUrl = (file: string) => hashed(`/static/leaflet/images/${file}`, bytes(join(LEAFLET, 'images', file)));

/** Leaflet's stylesheet pointing at the hashed images, so they are cached for good as well. */
const leafletCss = () =>
  once('leaflet.css', async () => {
    let css = await readFile(join(LEAFLET, 'leaflet.css'), 'utf8');
    for (const file of LEAFLET_IMAGES) css = css.replaceAll(`url(images/${file})`, `url(${await leafletImageUrl(file)})`);
    return css;
  });

async function bundle(name: ClientScript): Promise<string> {
  const images = Object.fromEntries(await Promise.all(['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png'].map(async (f) => [f, await leafletImageUrl(f)])));
  const result = await Bun.build({
    entrypoints: [join(WEB_CLIENT, `${name}.ts`)],
    target: 'browser',
    minify: true,
    format: 'esm',
    define: { __LEAFLET_IMAGES__: JSON.stringify(images) },
  });
  if (!result.success) throw new Error(`bundling ${name}.ts failed: ${result.logs.map(String).join('\n')}`);
  return result.outputs[0].text();
}

const script = (name: ClientScript) => once(`js:${name}`, () => bundle(name));
const govukCss = () => once('govuk', async () => brandGovukCss(await readFile(join(GOVUK, 'govuk-frontend.min.css'), 'utf8')));
const ownFile = (file: string) => bytes(join(WEB_STATIC, file));

/** Every file under a plain path: what `prepareStaticAssets` hashes. */
const FILES: Array<[string, () => Promise<Body>]> = [
  ['/static/govuk-frontend.css', govukCss],
  ['/static/leaflet/leaflet.css', leafletCss],
  ...LEAFLET_IMAGES.map((f): [string, () => Promise<Body>] => [`/static/leaflet/images/${f}`, () => bytes(join(LEAFLET, 'images', f))]),
  ...CLIENT_SCRIPTS.map((n): [string, () => Promise<Body>] => [`/static/js/${n}.js`, () => script(n)]),
  ...[...OWN_FILES].map((f): [string, () => Promise<Body>] => [`/static/${f}`, () => ownFile(f)]),
];

/** hashed URL → body, for the immutable route. */
const byHashedUrl = new Map<string, Body>();

/**
 * Builds and hashes every file once (the server calls this before it listens, so no visitor waits
 * and no request hashes anything) and tells the pages the hashed URLs.
 */
export async function prepareStaticAssets(): Promise<void> {
  for (const [path, make] of FILES) {
    const url = await hashed(path, make());
    byHashedUrl.set(url, hashedUrls.get(path)!.body);
    recordAsset(path, url);
  }
}

/** Kept for callers that only want the scripts built ahead. */
export const warmClientScripts = prepareStaticAssets;

// Plain URLs: short-lived, so a deploy's files are picked up soon by pages that still use them.
const CACHE = 'public, max-age=300';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export const staticRoutes = new Hono<AppEnv>()
  // A content-hashed URL never changes meaning: cache it for a year.
  .use(async (c, next) => {
    const body = byHashedUrl.get(c.req.path);
    if (body === undefined) return next();
    return c.body(body as string, 200, { 'Content-Type': typeOf(c.req.path), 'Cache-Control': IMMUTABLE });
  })
  // Validators so a revisit of a plain URL costs a 304.
  .use(etag())
  .get('/govuk-frontend.css', async (c) => c.body((await govukCss()) as string, 200, { 'Content-Type': TYPES.css, 'Cache-Control': CACHE }))
  .get('/js/:name{[a-z]+\\.js}', async (c) => {
    const name = c.req.param('name').replace(/\.js$/, '') as ClientScript;
    if (!CLIENT_SCRIPTS.includes(name)) return c.notFound();
    return c.body((await script(name)) as string, 200, { 'Content-Type': TYPES.js, 'Cache-Control': CACHE });
  })
  .get('/leaflet/*', async (c) => {
    const file = c.req.path.replace(/^.*\/static\/leaflet\//, '');
    if (!LEAFLET_FILES.has(file)) return c.notFound();
    const body = file === 'leaflet.css' ? await leafletCss() : await bytes(join(LEAFLET, file));
    return c.body(body as string, 200, { 'Content-Type': typeOf(file), 'Cache-Control': CACHE });
  })
  // A council's brand colour; short-lived so a change shows within minutes.
  .get('/brand/:file{[a-z0-9-]+\\.css}', async (c) => {
    const slug = c.req.param('file').replace(/\.css$/, '');
    const css = brandStylesheet(await councilBrandColour(publicContext(c), slug));
    return c.body(css, 200, { 'Content-Type': TYPES.css, 'Cache-Control': 'public, max-age=300' });
  })
  .get('/:file{[a-z.-]+}', async (c) => {
    const file = c.req.param('file');
    if (!OWN_FILES.has(file)) return c.notFound();
    return c.body((await ownFile(file)) as string, 200, { 'Content-Type': typeOf(file), 'Cache-Control': CACHE });
  });
