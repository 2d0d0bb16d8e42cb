/**
 * /open311/v2: GeoReport v2 (DESIGN.md "Open311 GeoReport v2").
 *   GET  discovery.{fmt}           GET  services.{fmt}        GET services/{code}.{fmt}
 *   GET  requests.{fmt}            POST requests.{fmt}        GET requests/{id}.{fmt}
 * `jurisdiction_id` is the council slug. POST needs an `api_key` of that council (403 otherwise);
 * rule refusals (not_due, window_closed, crew_reported, duplicate) are 400 with the code first in
 * the description. Errors are `[{ code, description }]` (JSON) or `<errors>` (XML), rendered by the
 * app's error handler. Clients are servers: no cookies, no CSRF check here.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { parseUprn } from '../../domain/uprn.ts';
import { DomainError, notFound } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { verifyApiKey } from '../../services/auth.ts';
import {
  collectionNotice, getRequest, getService, jurisdiction, listRequests, listServices, serviceDefinition, serviceIdOf,
} from '../../services/open311.ts';
import { submitReport } from '../../services/reports.ts';
import { readBody } from '../body.ts';
import { respond, splitFile, withDates, type Format } from './format.ts';
import { getRequestService, postRequestService } from './requests.ts';
import { isRequestReference, isRequestServiceCode, listRequestServices, requestServiceDefinition } from '../../services/open311-requests.ts';

export const open311Routes = new Hono<AppEnv>();

/** When this endpoint's behaviour last changed (discovery's changeset). */
const CHANGESET = '2026-11-01T00:00:00Z';
const DESCRIPTION_MAX = 2000;

function fileOf(c: Context<AppEnv>, expected: string): Format {
  const f = splitFile(c.req.param('file') ?? '');
  if (!f || f.name !== expected) throw notFound();
  return f.format;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function parseDateParam(name: string, v: string | undefined): Date | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) throw new DomainError('invalid_date', `${name} must be a W3C date-time.`, 400);
  return new Date(t);
}

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
    const ids = c.req.query('service_request_id');
    const status = c.req.query('status');
    if (status && status !== 'open' && status !== 'closed') throw new DomainError('invalid_status', 'status must be open or closed.', 400);
    const list = await listRequests(ctx, council, {
      ids: ids ? ids.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      serviceCode: c.req.query('service_code') || undefined,
      status: (status || undefined) as 'open' | 'closed' | undefined,
      start: parseDateParam('start_date', c.req.query('start_date')),
      end: parseDateParam('end_date', c.req.query('end_date')),
    });
    return respond(c, file.format, 'service_requests', withDates(list, council.timezone));
  }
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
  const format = fileOf(c, 'requests');
  const body = await readBody(c);
  if (isRequestServiceCode(text(body.service_code))) return postRequestService(c, format, body);
  const ctx = publicContext(c);
  const key = await verifyApiKey(ctx, text(body.api_key) || c.req.header('x-api-key') || '');
  if (!key) throw new DomainError('invalid_api_key', 'A valid api_key is required.', 403);
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
  const description = text(body.description);
  if (description.length > DESCRIPTION_MAX) throw new DomainError('invalid_request', `description must be at most ${DESCRIPTION_MAX} characters.`, 400);
  const name = [text(body.first_name), text(body.last_name)].filter(Boolean).join(' ').slice(0, 200);
  const phone = text(body.phone).slice(0, 40);

  let receipt;
  try {
    receipt = await submitReport({ ...ctx, councilId }, {
      uprn, service: serviceId, name: name || null, email: email || null, phone: phone || null, notes: description || null, channel: 'open311',
    });
  } catch (err) {
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
