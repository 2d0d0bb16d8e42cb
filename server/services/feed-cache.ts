/**
 * Generated calendar bodies, kept in process under their ETag (an LRU bounded by entries and bytes).
 *
 * The ETag is derived from everything that shapes a feed (see calendars.ts), so an entry never goes
 * stale: when the data changes the ETag changes and the old entry simply ages out. Each app instance
 * (each `createApp`) gets its own cache; instances agree on ETags because ETags are computed, not stored.
 */
export interface CachedFeed {
  etag: string;
  /**
   * The body gzipped, made when the feed is stored (a year of four bins: 45 kB of text → 2 kB).
   * Only the compressed bytes are kept: calendar apps ask for gzip, and an instance serving a
   * million properties must stay small (issue 10); the rare plain request is inflated per request.
   */
  gzipped: Uint8Array;
  /** Bytes held (the gzipped body): what the byte bound counts. */
  bytes: number;
  lastModified: Date;
}

/** The body as text (inflated from the kept gzip bytes). */
export const feedText = (entry: CachedFeed): string => new TextDecoder().decode(Bun.gunzipSync(entry.gzipped as Uint8Array<ArrayBuffer>));

/** A feed entry for `body` (compressed once here). */
export function feedEntry(etag: string, body: string, lastModified: Date): CachedFeed {
  const gzipped = Bun.gzipSync(Buffer.from(body));
  return { etag, gzipped, bytes: gzipped.byteLength, lastModified };
}

export interface FeedCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

/** 5,000 year-long feeds gzipped are ~10 MB; the byte bound is for feeds of many services or years. */
export const DEFAULT_FEED_CACHE_LIMITS: FeedCacheLimits = { maxEntries: 5000, maxBytes: 16 * 1024 * 1024 };

export class FeedCache {
  private entries = new Map<string, CachedFeed>();
  /** Last-Modified handed out per feed (not per version), so a new version never looks older. */
  private lastModifiedByFeed = new Map<string, number>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly limits: FeedCacheLimits = DEFAULT_FEED_CACHE_LIMITS) {}

  get size() {
    return this.entries.size;
  }

  get totalBytes() {
    return this.bytes;
  }

  get(etag: string): CachedFeed | undefined {
    const hit = this.entries.get(etag);
    if (hit) {
      // Re-insert: Map iteration order is the LRU order.
      this.entries.delete(etag);
      this.entries.set(etag, hit);
      this.hits++;
    } else {
      this.misses++;
    }
    return hit;
  }

  /**
   * Stores a body generated at `now`. Last-Modified is `now` to the second, but strictly later than
   * the one given for the previous version of the same feed, so If-Modified-Since alone can never
   * mistake a new version for the old one (even with a frozen clock or two versions in one second).
   */
  put(feedKey: string, etag: string, body: string, now: Date): CachedFeed {
    const existing = this.entries.get(etag);
    if (existing) return existing;
    let at = Math.floor(now.getTime() / 1000) * 1000;
    const previous = this.lastModifiedByFeed.get(feedKey);
    if (previous !== undefined && previous >= at) at = previous + 1000;
    this.lastModifiedByFeed.delete(feedKey);
    this.lastModifiedByFeed.set(feedKey, at);
    if (this.lastModifiedByFeed.size > this.limits.maxEntries * 2) {
      this.lastModifiedByFeed.delete(this.lastModifiedByFeed.keys().next().value!);
    }

    const entry = feedEntry(etag, body, new Date(at));
    if (entry.bytes > this.limits.maxBytes) return entry;
    this.entries.set(etag, entry);
    this.bytes += entry.bytes;
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const [oldest, old] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
    return entry;
  }

  clear() {
    this.entries.clear();
    this.lastModifiedByFeed.clear();
    this.bytes = 0;
  }
}

const caches = new WeakMap<object, FeedCache>();

/** The cache of one app instance (keyed by its deps object). */
export function feedCacheFor(owner: object): FeedCache {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new FeedCache()));
  return cache;
}

/** True when an If-None-Match header lists `etag` (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  const wanted = strip(etag);
  return ifNoneMatch.split(',').some((t) => {
    const tag = strip(t);
    return tag === '*' || tag === wanted;
  });
}
