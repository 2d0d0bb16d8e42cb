/**
 * /open311/v2: GeoReport v2 (DESIGN.md "Open311 GeoReport v2").
 *   GET  discovery.{fmt}           GET  services.{fmt}        GET services/{code}.{fmt}
 *   GET  requests.{fmt}            POST requests.{fmt}        GET requests/{id}.{fmt}
 *   GET  servicerequestupdates.{fmt}   POST servicerequestupdates.{fmt}   (FixMyStreet's extension, updates.ts)
 * `jurisdiction_id` is the council slug. POST needs an `api_key` of that council (403 otherwise);
 * rule refusals (not_due, window_closed, crew_reported, duplicate) are 400 with the code first in
 * the description, except a retry: the same api_key posting the same collection again gets 200 and
 * the original service_request_id. Errors are `[{ code, description }]` (JSON) or `<errors>` (XML), rendered by the
 * app's error handler. Clients are servers: no cookies, no CSRF check here.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { parseUprn } from '../../domain/uprn.ts';
import { DomainError, notFound } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import {
  collectionNotice, DEFAULT_WINDOW_DAYS, getRequest, getService, jurisdiction, listRequests, listServices, MAX_REQUESTS, serviceDefinition, serviceIdOf, submittedBy,
} from '../../services/open311.ts';
import { submitReport } from '../../services/reports.ts';
import { respond, splitFile, withDates, type Format } from './format.ts';
import { description as readDescription, list, parseDateParam, readOpen311Body, requireKey, text } from './input.ts';
import { getUpdates, postUpdate } from './updates.ts';
import { getRequestService, postRequestService } from './requests.ts';
import { isRequestReference, isRequestServiceCode, listOpen311Requests, listRequestServices, requestServiceDefinition } from '../../services/open311-requests.ts';

export const open311Routes = new Hono<AppEnv>();

/** When this endpoint's behaviour last changed (discovery's changeset). */
const CHANGESET = '2026-12-07T00:00:00Z';

open311Routes.get('/:file', async (c) => {
  const file = splitFile(c.req.param('file'));
  if (!file) throw notFound();
  const ctx = publicContext(c);
  const { config } = c.var.deps;
  if (file.name === 'discovery') {
    const base = `${config.publicUrl}/open311/v2`;
    return respond(c, file.format, 'discovery', {
      changeset: CHANGESET,
      contact: `${config.publicUrl}/`,
      key_service: 'API keys are issued by each council (`npm run kerbside -- apikey create --council <slug> --name <client>`).',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] },
      ],
    });
  }
  if (file.name === 'services') {
    const council = await jurisdiction(ctx, c.req.query('jurisdiction_id') || undefined);
    return respond(c, file.format, 'services', [...await listServices(ctx, council.id), ...listRequestServices(council)]);
  }
  if (file.name === 'requests') {
    const council = await jurisdiction(ctx, c.req.query('jurisdiction_id') || undefined);
    const statuses = list(c.req.query('status'))?.map((s) => s.toLowerCase());
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new DomainError('invalid_status', 'status must be open, closed or both (comma-separated).', 400);
    const q = {
      ids: list(c.req.query('service_request_id')),
      serviceCodes: list(c.req.query('service_code')),
      statuses: statuses as Array<'open' | 'closed'> | undefined,
      start: parseDateParam('start_date', c.req.query('start_date')),
      end: parseDateParam('end_date', c.req.query('end_date')),
    };
    // Missed-bin reports and resident requests (garden, bulky, containers) together, newest first,
    // in the same window and under the same cap.
    const end = q.end ?? ctx.clock.now();
    const start = q.start ?? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    const [reports, requests] = await Promise.all([
      listRequests(ctx, council, q),
      listOpen311Requests(ctx, council, { ...q, start, end, limit: MAX_REQUESTS }),
    ]);
    const found = [...reports, ...requests]
      .sort((a, b) => b.requested_datetime.getTime() - a.requested_datetime.getTime())
      .slice(0, MAX_REQUESTS);
    return respond(c, file.format, 'service_requests', withDates(found, council.timezone));
  }
  if (file.name === 'servicerequestupdates') return getUpdates(c, file.format);
  throw notFound();
});

open311Routes.get('/services/:file', async (c) => {
  const file = splitFile(c.req.param('file'));
  if (!file) throw notFound();
  const ctx = publicContext(c);
  const council = await jurisdiction(ctx, c.req.query('jurisdiction_id') || undefined);
  if (isRequestServiceCode(file.name)) return respond(c, file.format, 'service_definition', requestServiceDefinition(council, file.name));
  const service = await getService(ctx, council.id, file.name);
  return respond(c, file.format, 'service_definition', serviceDefinition(service.service_code));
});

open311Routes.get('/requests/:file', async (c) => {
  const file = splitFile(c.req.param('file'));
  if (!file) throw notFound();
  if (isRequestReference(file.name)) return getRequestService(c, file.format, file.name);
  const ctx = publicContext(c);
  const council = await jurisdiction(ctx, c.req.query('jurisdiction_id') || undefined);
  const request = await getRequest(ctx, council, file.name);
  return respond(c, file.format, 'service_requests', withDates([request], council.timezone));
});

/** Rule refusals and other 4xx from the report service become the spec's 400 with the code kept. */
const as400 = (err: unknown) =>
  err instanceof DomainError && (err.status === 409 || err.status === 422) ? new DomainError(err.code, err.message, 400, err.details) : err;

open311Routes.post('/:file', limitPublicWrites, async (c) => {
  const file = splitFile(c.req.param('file'));
  if (file?.name === 'servicerequestupdates') return postUpdate(c, file.format);
  if (!file || file.name !== 'requests') throw notFound();
  const format = file.format;
  const body = await readOpen311Body(c);
  if (isRequestServiceCode(text(body.service_code))) return postRequestService(c, format, body);
  const ctx = publicContext(c);
  const key = await requireKey(c, body);
  const slug = text(body.jurisdiction_id);
  const council = await jurisdiction(ctx, slug || undefined).catch((err) => {
    // Without a jurisdiction_id, the key says which council.
    if (!slug && err instanceof DomainError && err.code === 'jurisdiction_required') return undefined;
    throw err;
  });
  const councilId = council?.id ?? key.councilId;
  if (councilId !== key.councilId) throw new DomainError('invalid_api_key', 'This api_key is not for that jurisdiction.', 403);

  const code = text(body.service_code);
  const serviceId = serviceIdOf(code);
  if (!serviceId) throw new DomainError('unknown_service', `service_code must be one of the codes from services (got "${code}").`, 400);
  const rawUprn = text(body['attribute[uprn]']) || text(body.address_id);
  if (!rawUprn) throw new DomainError('missing_uprn', 'attribute[uprn] (or address_id) is required.', 400);
  const uprn = parseUprn(rawUprn);
  if (uprn === null) throw new DomainError('invalid_uprn', 'attribute[uprn] must be 1–12 digits.', 400);
  const email = text(body.email);
  if (email && (email.length > 320 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))) {
    throw new DomainError('invalid_email', 'email does not look like an email address.', 400);
  }
  const description = readDescription(body.description);
  const name = [text(body.first_name), text(body.last_name)].filter(Boolean).join(' ').slice(0, 200);
  const phone = text(body.phone).slice(0, 40);

  let receipt;
  try {
    receipt = await submitReport({ ...ctx, councilId }, {
      uprn, service: serviceId, name: name || null, email: email || null, phone: phone || null, notes: description || null,
      channel: 'open311', apiKeyId: key.id,
    });
  } catch (err) {
    // A retry of a POST whose answer was lost: this key made that report, so answer as the first time.
    const date = err instanceof DomainError ? err.details?.collectionDate : undefined;
    const mine = typeof date === 'string'
      ? await submittedBy(ctx, { councilId, apiKeyId: key.id, uprn, serviceId, collectionDate: date })
      : undefined;
    if (mine) {
      return respond(c, format, 'service_requests', [
        { service_request_id: mine.reference, service_notice: collectionNotice(mine.collectionDate), account_id: null },
      ]);
    }
    throw as400(err);
  }
  return respond(
    c,
    format,
    'service_requests',
    [{ service_request_id: receipt.reference, service_notice: collectionNotice(receipt.collectionDate), account_id: null }],
    201,
  );
});
