/** GET /api/v1/properties/{uprn}, …/collections and …/bins — a property's bin schedule. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import type { AppEnv } from '../../context.ts';
import { publicContext } from '../../middleware/auth.ts';
import { calendarLinks } from '../../domain/ical.ts';
import { binsView, propertyCollectionsView } from '../../services/property-view.ts';
import { lookupProperty } from '../../services/lookup/property-lookup.ts';
import { localizeView } from '../../services/lookup/localize.ts';
import { isLang, type Lang } from '../../../web/i18n/index.ts';
import { CACHE_CONTROL, cachedJson, etagForText, ifNoneMatchHits } from './cache.ts';
import { createApiRouter } from './router.ts';
import { encodeAnswer, encodedSize, sendEncoded } from '../encoded-answer.ts';
import { BinsSchema, cachedHeaders, CollectionSchema, errorResponse, PropertySchema } from './schemas.ts';

const params = z.object({
  uprn: z
    .string()
    .regex(/^[0-9]{1,12}$/, 'must be 1–12 digits')
    .openapi({ param: { name: 'uprn', in: 'path' }, description: 'Unique Property Reference Number: 1–12 digits, at least 1.', example: '100023336956' }),
});

const dateParam = (description: string) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional().openapi({ format: 'date', description });

const langParam = (fields: string) =>
  z.string().max(10).optional().openapi({
    description: `Language of the human-readable fields (${fields}): \`en\` or \`cy\`. One the council does not offer, or none, gives the council's first language (see \`Content-Language\`).`,
    example: 'cy',
  });

const rangeQuery = z.object({
  from: dateParam('First day (council-local), default today.'),
  to: dateParam('Last day, inclusive; default 8 weeks after `from`; at most 400 days after `from`.'),
  lang: langParam('service names, bank holiday and change reasons'),
});

const uprnErrors = {
  304: { description: 'Not modified (If-None-Match matched).' },
  400: errorResponse('`invalid_uprn`: not 1–12 digits, or 0.'),
  404: errorResponse('`not_found`: no property with that UPRN.'),
};

const getProperty = createRoute({
  method: 'get',
  path: '/{uprn}',
  summary: "A property's services with how often, the next and last collections, and whether a missed bin can be reported",
  request: {
    params,
    query: z.object({
      lang: z.string().max(10).optional().openapi({
        description: "Language of the human-readable fields (service and container names, frequency in words, bank holiday reasons): `en` or `cy`. One the council does not offer, or none, gives the council's first language.",
        example: 'cy',
      }),
    }),
  },
  responses: {
    200: { description: 'The property.', headers: cachedHeaders, content: { 'application/json': { schema: PropertySchema } } },
    ...uprnErrors,
  },
});

const listCollections = createRoute({
  method: 'get',
  path: '/{uprn}/collections',
  summary: "A property's collections in a date range, sorted by date then service",
  request: { params, query: rangeQuery },
  responses: {
    200: {
      description: 'Collections, bank-holiday moves and published changes applied.',
      headers: cachedHeaders,
      content: { 'application/json': { schema: z.array(CollectionSchema) } },
    },
    ...uprnErrors,
    400: errorResponse('`invalid_uprn`, `invalid_date` (not a real YYYY-MM-DD date), `invalid_range` (to before from) or `range_too_long` (over 400 days).'),
  },
});

const getBins = createRoute({
  method: 'get',
  path: '/{uprn}/bins',
  summary: 'The next 8 weeks of collections in the UKBinCollectionData shape',
  request: { params, query: z.object({ lang: langParam('`type`, the service name') }) },
  responses: {
    200: { description: 'Upcoming collections, sorted by date.', headers: cachedHeaders, content: { 'application/json': { schema: BinsSchema } } },
    ...uprnErrors,
  },
});

export const propertyRoutes = createApiRouter({ uprn: 'invalid_uprn', from: 'invalid_date', to: 'invalid_date' });

/** The property JSON for `uprn` (a validated 1–12 digit string) in the asked language. */
async function propertyAnswer(c: Context<AppEnv>, uprn: string, asked: string | undefined) {
  const { clock, config } = c.var.deps;
  const lookup = await lookupProperty(publicContext(c), uprn);
  // The ETag's UTC day as cachedJson uses it (server/routes/api/cache.ts).
  const day = clock.now().toISOString().slice(0, 10);
  // The finished bytes (plain and gzipped) and ETag, rebuilt only when the facts, the plan or the clock's phase change.
  const languages = (lookup.plan.ps.schedule.council.languages ?? ['en']).filter(isLang);
  const lang: Lang = isLang(asked) && languages.includes(asked) ? asked : languages[0] ?? 'en';
  const localize = lang !== 'en' || languages[0] !== 'en';
  c.header('Content-Language', lang);
  const answer = await lookup.cached('json', `${config.publicUrl}|${day}|${lang}`, () => {
    const view = localize ? localizeView(lookup.plan, lookup.view(), lang) : lookup.view();
    const text = JSON.stringify({ ...view, calendar: calendarLinks(config.publicUrl, view.uprn) });
    return { ...encodeAnswer(text), etag: etagForText(text, day) };
  }, (a) => encodedSize(a) + a.etag.length * 2);
  c.header('Cache-Control', CACHE_CONTROL);
  if (ifNoneMatchHits(c.req.header('If-None-Match'), answer.etag)) {
    c.header('ETag', answer.etag);
    return c.body(null, 304);
  }
  return sendEncoded(c, answer, 'application/json', answer.etag) as unknown as ReturnType<typeof c.json<z.infer<typeof PropertySchema>, 200>>;
}

type CollectionsQuery = Parameters<typeof propertyCollectionsView>[2];
type BinsQuery = Parameters<typeof binsView>[2];
const collectionsAnswer = async (c: Context<AppEnv>, uprn: string, query: CollectionsQuery) => {
  const { lang, body } = await propertyCollectionsView(publicContext(c), uprn, query);
  c.header('Content-Language', lang);
  return cachedJson(c, body);
};
const binsAnswer = async (c: Context<AppEnv>, uprn: string, query: BinsQuery) => {
  const { lang, body } = await binsView(publicContext(c), uprn, query);
  c.header('Content-Language', lang);
  return cachedJson(c, body);
};

/**
 * The hot path (issue 10: every bin-day page, Home Assistant poll and UKBinCollectionData fetch):
 * a well-formed UPRN with no query string is answered here, without zod's validation of the
 * parameters (a tenth of a cached hit's time). Anything else (a bad UPRN, any query) falls through
 * to the documented, zod-validated route below, which answers exactly as before, errors included.
 */
const UPRN = /^[0-9]{1,12}$/;
const hot = (answer: (c: Context<AppEnv>, uprn: string) => Promise<Response>) =>
  async (c: Context<AppEnv>, next: Next) => {
    const uprn = c.req.param('uprn');
    if (uprn === undefined || !UPRN.test(uprn) || c.req.url.includes('?')) return next();
    return answer(c, uprn);
  };
propertyRoutes.get('/:uprn', hot((c, uprn) => propertyAnswer(c, uprn, undefined)));
propertyRoutes.get('/:uprn/collections', hot((c, uprn) => collectionsAnswer(c, uprn, {})));
propertyRoutes.get('/:uprn/bins', hot((c, uprn) => binsAnswer(c, uprn, {})));

propertyRoutes.openapi(getProperty, (c) => propertyAnswer(c, c.req.valid('param').uprn, c.req.valid('query').lang));
propertyRoutes.openapi(listCollections, (c) => collectionsAnswer(c, c.req.valid('param').uprn, c.req.valid('query')));
propertyRoutes.openapi(getBins, (c) => binsAnswer(c, c.req.valid('param').uprn, c.req.valid('query')));
