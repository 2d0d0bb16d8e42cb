import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { parseServiceList, reminderSecondsBefore } from '../../domain/ical.ts';
import { parseUprn } from '../../domain/uprn.ts';
import { invalid, notFound } from '../../errors.ts';
import { changesFeed, contractFeed, propertyFeed, roundFeed, type FeedAnswer, type FeedOptions } from '../../services/calendars.ts';
import { feedCacheFor } from '../../services/feed-cache.ts';

/**
 * /calendars: iCalendar feeds (DESIGN.md "Calendars"). Errors are plain text (the shared handler
 * renders them so under /calendars). Answers set no cookies: calendar apps and CDNs share them.
 */
export const calendarRoutes = new Hono<AppEnv>();

/** `{name}.ics` → name; anything else is not a feed. */
function feedName(file: string): string {
  if (!file.endsWith('.ics') || file.length <= 4) throw notFound('Not found');
  return file.slice(0, -4);
}

function feedOptions(c: Context<AppEnv>): FeedOptions {
  const deps = c.get('deps');
  return {
    publicUrl: deps.config.publicUrl,
    cache: feedCacheFor(deps),
    conditional: { ifNoneMatch: c.req.header('if-none-match'), ifModifiedSince: c.req.header('if-modified-since') },
    lang: c.req.query('lang')?.slice(0, 10),
  };
}

function ctxOf(c: Context<AppEnv>) {
  const deps = c.get('deps');
  return { db: deps.db, clock: deps.clock };
}

/** Accept-Encoding lists gzip without `q=0`. */
const acceptsGzip = (header: string | undefined) =>
  !!header && header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    return coding.trim() === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });

function send(c: Context<AppEnv>, feed: FeedAnswer, cacheControl = 'public, max-age=3600') {
  // A year of four bins is ~45 kB of text and ~2 kB gzipped; the gzipped copy is made once per version.
  // Its ETag is the weak form of the same tag (as nginx does), so either copy revalidates.
  const gzip = acceptsGzip(c.req.header('accept-encoding'));
  const headers: Record<string, string> = {
    ETag: gzip ? `W/${feed.etag}` : feed.etag,
    'Last-Modified': feed.lastModified.toUTCString(),
    'Cache-Control': cacheControl,
    Vary: 'Accept-Encoding',
  };
  if (feed.status === 304) return c.body(null, 304, headers);
  const type = {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': `inline; filename="${feed.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
  };
  if (gzip) return c.body(feed.gzipped() as Uint8Array<ArrayBuffer>, 200, { ...headers, ...type, 'Content-Encoding': 'gzip' });
  return c.body(feed.body(), 200, { ...headers, ...type });
}

calendarRoutes.get('/properties/:file', async (c) => {
  const uprn = parseUprn(feedName(c.req.param('file')));
  if (uprn === null) throw invalid('invalid_uprn', 'A UPRN is 1–12 digits, e.g. /calendars/properties/100023336956.ics');

  const servicesText = c.req.query('services');
  const services = servicesText === undefined ? undefined : parseServiceList(servicesText);
  if (services === null) {
    throw invalid('invalid_services', 'services must be a comma-separated list of service ids, e.g. services=refuse,food');
  }
  const reminder = c.req.query('reminder');
  const before = reminder === undefined ? undefined : reminderSecondsBefore(reminder);
  if (before === null) throw invalid('invalid_reminder', 'reminder must be a time as HH:MM (24-hour), e.g. reminder=18:00');

  const feed = await propertyFeed(ctxOf(c), { uprn, services, reminder, reminderSecondsBefore: before }, feedOptions(c));
  return send(c, feed);
});

calendarRoutes.get('/rounds/:council/:file', async (c) => {
  const round = feedName(c.req.param('file'));
  const feed = await roundFeed(ctxOf(c), { council: c.req.param('council'), round }, feedOptions(c));
  return send(c, feed);
});

calendarRoutes.get('/councils/:council/:file', async (c) => {
  if (c.req.param('file') !== 'changes.ics') throw notFound('Not found');
  const feed = await changesFeed(ctxOf(c), { council: c.req.param('council') }, feedOptions(c));
  return send(c, feed);
});

calendarRoutes.get('/contracts/:file', async (c) => {
  const reference = feedName(c.req.param('file'));
  const feed = await contractFeed(ctxOf(c), reference, c.req.query('token'), feedOptions(c));
  // The token is the key: shared caches must not keep it, and revoking it must take effect.
  return send(c, feed, 'private, max-age=3600');
});
