/**
 * /static/…: GOV.UK Frontend's CSS (council-branded), Leaflet, our own CSS and the browser scripts.
 *
 * Nothing here needs a build step: the GOV.UK stylesheet is read from node_modules and rewritten once
 * in memory (no GDS Transport font — that typeface is only for GOV.UK — and no crown image), and the
 * browser TypeScript in web/client is bundled by Bun.build on first request and kept in memory.
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppEnv } from '../../context.ts';
import { brandStylesheet } from '../../domain/brand.ts';
import { publicContext } from '../../middleware/auth.ts';
import { councilBrandColour } from '../../services/schedule.ts';

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

const memo = new Map<string, Promise<Uint8Array | string>>();
function once(key: string, make: () => Promise<Uint8Array | string>) {
  let hit = memo.get(key);
  if (!hit) {
    hit = make();
    hit.catch(() => memo.delete(key)); // a failed build is retried on the next request
    memo.set(key, hit);
  }
  return hit;
}

async function bundle(name: ClientScript): Promise<string> {
  const result = await Bun.build({
    entrypoints: [join(WEB_CLIENT, `${name}.ts`)],
    target: 'browser',
    minify: true,
    format: 'esm',
  });
  if (!result.success) throw new Error(`bundling ${name}.ts failed: ${result.logs.map(String).join('\n')}`);
  return result.outputs[0].text();
}

/** Builds every client script now (the server calls this at start-up so the first visitor does not wait). */
export async function warmClientScripts(): Promise<void> {
  await Promise.all(CLIENT_SCRIPTS.map((name) => once(`js:${name}`, () => bundle(name))));
}

const LEAFLET_FILES = new Set(['leaflet.css', 'images/marker-icon.png', 'images/marker-icon-2x.png', 'images/marker-shadow.png', 'images/layers.png', 'images/layers-2x.png']);
const OWN_FILES = new Set(['kerbside.css', 'favicon.svg']);

// Files are versioned by the app's release, so a day's caching is safe; a deploy changes nothing mid-day
// that would break (scripts and styles only grow).
const CACHE = 'public, max-age=86400';

export const staticRoutes = new Hono<AppEnv>()
  // Validators so a revisit costs a 304, and a deploy's new files are picked up once the day's cache ends.
  .use(etag())
  .get('/govuk-frontend.css', async (c) => {
    const css = await once('govuk', async () => brandGovukCss(await readFile(join(GOVUK, 'govuk-frontend.min.css'), 'utf8')));
    return c.body(css as string, 200, { 'Content-Type': TYPES.css, 'Cache-Control': CACHE });
  })
  .get('/js/:name{[a-z]+\\.js}', async (c) => {
    const name = c.req.param('name').replace(/\.js$/, '') as ClientScript;
    if (!CLIENT_SCRIPTS.includes(name)) return c.notFound();
    const js = await once(`js:${name}`, () => bundle(name));
    return c.body(js as string, 200, { 'Content-Type': TYPES.js, 'Cache-Control': CACHE });
  })
  .get('/leaflet/*', async (c) => {
    const file = c.req.path.replace(/^.*\/static\/leaflet\//, '');
    if (!LEAFLET_FILES.has(file)) return c.notFound();
    const bytes = await once(`leaflet:${file}`, async () => new Uint8Array(await readFile(join(LEAFLET, file))));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': typeOf(file), 'Cache-Control': CACHE });
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
    const bytes = await once(`own:${file}`, async () => new Uint8Array(await readFile(join(WEB_STATIC, file))));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': typeOf(file), 'Cache-Control': CACHE });
  });
