/**
 * Asset URLs for pages. At start-up the server hashes every static file once (server/routes/pages/
 * static.ts, server/routes/crew/assets.ts) and records here which content-hashed URL stands for each
 * plain one (`/static/kerbside.css` → `/static/kerbside.1a2b3c4d5e.css`); hashed URLs are cached
 * for a year. Before that (an app built in a test without the start-up step) a page gets the plain
 * URL, which is still served, with short caching.
 */
const hashed = new Map<string, string>();

/** The URL a page should use for the static file at `path`. */
export const assetUrl = (path: string): string => hashed.get(path) ?? path;

/** Records the hashed URL for a plain one (start-up only). */
export function recordAsset(path: string, url: string): void {
  hashed.set(path, url);
}

/** `name.ext` → `name.{hash}.ext` (the hash: the first 10 hex digits of the bytes' SHA-256). */
export function hashedName(path: string, body: Uint8Array | string): string {
  const hash = new Bun.CryptoHasher('sha256').update(body).digest('hex').slice(0, 10);
  const dot = path.lastIndexOf('.');
  return `${path.slice(0, dot)}.${hash}${path.slice(dot)}`;
}
