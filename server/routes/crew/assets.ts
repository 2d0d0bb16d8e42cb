/**
 * The crew app's files, all under /crew so the service worker (scope /crew/) sees them and nothing
 * collides with /static: the app bundle and the service worker (browser TypeScript from
 * web/client/crew, bundled by Bun.build in memory on first request: no build step), our stylesheet,
 * Leaflet's stylesheet and images, and the icons.
 *
 * The service worker carries a version derived from the bytes of the shell files, so a new deploy
 * installs a new worker which replaces the cached shell.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dir, '../../..');
const CLIENT = join(ROOT, 'web/client/crew');
const STATIC = join(ROOT, 'web/static/crew');
const LEAFLET = join(ROOT, 'node_modules/leaflet/dist');

export const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
};
const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** Files served as they are: name under /crew/assets/ → path on disk. */
const FILES: Record<string, string> = {
  'crew.css': join(STATIC, 'crew.css'),
  'icon.svg': join(STATIC, 'icon.svg'),
  'icon-192.png': join(STATIC, 'icon-192.png'),
  'icon-512.png': join(STATIC, 'icon-512.png'),
  'leaflet.css': join(LEAFLET, 'leaflet.css'),
  'images/layers.png': join(LEAFLET, 'images/layers.png'),
  'images/layers-2x.png': join(LEAFLET, 'images/layers-2x.png'),
  'images/marker-icon.png': join(LEAFLET, 'images/marker-icon.png'),
  'images/marker-icon-2x.png': join(LEAFLET, 'images/marker-icon-2x.png'),
  'images/marker-shadow.png': join(LEAFLET, 'images/marker-shadow.png'),
};

/** Hashed name (`crew.1a2b3c4d5e.css`) → plain name, and plain → hashed; filled by `prepareCrewAssets`. */
const plainOf = new Map<string, string>();
const hashedOf = new Map<string, string>();

/** The URL the shell links to for a file under /crew/assets/: content-hashed once prepared. */
export const crewAssetUrl = (name: string) => `/crew/assets/${hashedOf.get(name) ?? name}`;

/** The plain name a requested name stands for, and whether it was a hashed (immutable) one. */
export function resolveAssetName(name: string): { name: string; hashed: boolean } {
  const plain = plainOf.get(name);
  return plain ? { name: plain, hashed: true } : { name, hashed: false };
}

/** What the service worker precaches: enough to open the app with no signal. */
export const shellUrls = () => [
  '/crew/',
  crewAssetUrl('app.js'),
  crewAssetUrl('crew.css'),
  crewAssetUrl('leaflet.css'),
  crewAssetUrl('icon.svg'),
  crewAssetUrl('icon-192.png'),
  '/crew/manifest.webmanifest',
];

export interface Asset {
  body: Uint8Array | string;
  type: string;
}

const memo = new Map<string, Promise<Asset>>();
function once(key: string, make: () => Promise<Asset>): Promise<Asset> {
  let hit = memo.get(key);
  if (!hit) {
    hit = make();
    hit.catch(() => memo.delete(key)); // a failed build is tried again on the next request
    memo.set(key, hit);
  }
  return hit;
}

async function build(entry: string, format: 'esm' | 'iife', define: Record<string, string> = {}): Promise<string> {
  const result = await Bun.build({ entrypoints: [join(CLIENT, entry)], target: 'browser', format, minify: true, define });
  if (!result.success) throw new Error(`bundling ${entry} failed: ${result.logs.map(String).join('\n')}`);
  return result.outputs[0].text();
}

export const appScript = () => once('app.js', async () => ({ body: await build('app.ts', 'esm'), type: TYPES.js }));

/** A named file under /crew/assets/, or undefined. */
export function staticAsset(name: string): Promise<Asset> | undefined {
  if (name === 'app.js') return appScript();
  const path = FILES[name];
  if (!path) return undefined;
  if (name === 'leaflet.css') return leafletCss();
  return once(name, async () => ({ body: new Uint8Array(await readFile(path)), type: typeOf(name) }));
}

const hashOf = (body: Uint8Array | string) => new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 10);
const withHash = (name: string, body: Uint8Array | string) => {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${hashOf(body)}${name.slice(dot)}`;
};
const IMAGES = Object.keys(FILES).filter((n) => n.startsWith('images/'));

/** Leaflet's stylesheet pointing at its images' hashed names (relative to /crew/assets/). */
const leafletCss = () =>
  once('leaflet.css', async () => {
    let css = await readFile(FILES['leaflet.css'], 'utf8');
    for (const image of IMAGES) {
      const body = new Uint8Array(await readFile(FILES[image]));
      css = css.replaceAll(`url(${image})`, `url(${withHash(image, body)})`);
    }
    return { body: css, type: TYPES.css };
  });

/** Builds and hashes every crew file once, before the server listens (the shell links the hashed names). */
export async function prepareCrewAssets(): Promise<void> {
  for (const name of ['app.js', ...Object.keys(FILES)]) {
    const { body } = await staticAsset(name)!;
    const hashed = withHash(name, body);
    plainOf.set(hashed, name);
    hashedOf.set(name, hashed);
  }
}

/** A short hash of the shell's script and styles, and of the shell page's markup. */
async function shellVersion(shellHtml: string): Promise<string> {
  const parts = await Promise.all([appScript(), staticAsset('crew.css')!, staticAsset('leaflet.css')!]);
  const hasher = new Bun.CryptoHasher('sha256');
  for (const p of parts) hasher.update(p.body);
  hasher.update(shellHtml);
  return hasher.digest('hex').slice(0, 12);
}

export const serviceWorker = (shellHtml: string) =>
  once('sw.js', async () => {
    const version = await shellVersion(shellHtml);
    const body = await build('sw.ts', 'iife', {
      __SHELL_VERSION__: JSON.stringify(version),
      __SHELL_URLS__: JSON.stringify(shellUrls()),
    });
    return { body, type: TYPES.js };
  });
