/**
 * Open311 for the resident requests (server/services/open311-requests.ts; docs/requests.md
 * "Open311"): the POST for a request service code, and `requests/{id}` for a request reference.
 * The missed-bin routes (index.ts) hand these over in one line each.
 *
 * POST (form-encoded like the missed-bin one): `api_key`, `jurisdiction_id`, `service_code`,
 * `attribute[uprn]` or `address_id`, `email` (required: the confirmation and payment link go there),
 * `first_name`, `last_name`, `phone`, `description`, and the service's own `attribute[…]`.
 * → 201 `[{ service_request_id, service_notice, account_id, payment_url }]`: a request that costs
 * something is `pending_payment`; `payment_url` (and the notice) is where the resident pays within
 * its 30-minute hold. Refusals are 400 with the code first in the description.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { parseUprn } from '../../domain/uprn.ts';
import { DomainError } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { verifyApiKey } from '../../services/auth.ts';
import { jurisdiction } from '../../services/open311.ts';
import { getCouncil } from '../../services/schedule.ts';
import {
  councilLang, getOpen311Request, requestAdapter, requestNotice, sameOpen311Request,
} from '../../services/open311-requests.ts';
import '../../services/open311-request-services.ts';
import { respond, withDates, type Format } from './format.ts';

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DESCRIPTION_MAX = 4000;

/** Rule refusals (409, 422) become the spec's 400, the code kept first in the description. */
const as400 = (err: unknown) =>
  err instanceof DomainError && (err.status === 409 || err.status === 422) ? new DomainError(err.code, err.message, 400, err.details) : err;

export async function postRequestService(c: Context<AppEnv>, format: Format, body: Record<string, unknown>) {
  const ctx = publicContext(c);
  const key = await verifyApiKey(ctx, text(body.api_key) || c.req.header('x-api-key') || '');
  if (!key) throw new DomainError('invalid_api_key', 'A valid api_key is required.', 403);
  const slug = text(body.jurisdiction_id);
  const council = slug ? await jurisdiction(ctx, slug) : await jurisdiction(ctx, undefined).catch(() => undefined);
  const councilId = council?.id ?? key.councilId;
  if (councilId !== key.councilId) throw new DomainError('invalid_api_key', 'This api_key is not for that jurisdiction.', 403);
  const target = council ?? (await getCouncil(ctx, councilId));

  const code = text(body.service_code);
  const adapter = requestAdapter(code);
  if (!adapter || !adapter.offered(target.requests ?? {})) throw new DomainError('unknown_service', `service_code must be one of the codes from services (got "${code}").`, 400);
  const rawUprn = text(body['attribute[uprn]']) || text(body.address_id);
  if (!rawUprn) throw new DomainError('missing_uprn', 'attribute[uprn] (or address_id) is required.', 400);
  const uprn = parseUprn(rawUprn);
  if (uprn === null) throw new DomainError('invalid_uprn', 'attribute[uprn] must be 1–12 digits.', 400);
  const email = text(body.email);
  if (!email) throw new DomainError('missing_email', 'email is required for this service: the confirmation and any payment link go there.', 400);
  if (email.length > 320 || !EMAIL_RE.test(email)) throw new DomainError('invalid_email', 'email does not look like an email address.', 400);
  const description = text(body.description);
  if (description.length > DESCRIPTION_MAX) throw new DomainError('invalid_request', `description must be at most ${DESCRIPTION_MAX} characters.`, 400);
  const name = [text(body.first_name), text(body.last_name)].filter(Boolean).join(' ').slice(0, 200) || email.split('@')[0];
  const phone = text(body.phone).slice(0, 40) || null;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([a-z_]{1,40})\]$/.exec(k);
    if (m && typeof v === 'string') attributes[m[1]] = v.trim().slice(0, 1000);
  }
  const lang = councilLang(target);
  const scoped = { ...ctx, councilId };
  try {
    const made = await adapter.submit(scoped, { uprn, name, email, phone, description: description || null, attributes, language: lang });
    return respond(c, format, 'service_requests', [{
      service_request_id: made.request.reference, service_notice: requestNotice(lang, made.request, made.payment.nextUrl),
      account_id: null, payment_url: made.payment.nextUrl,
    }], 201);
  } catch (err) {
    const ref = err instanceof DomainError && err.code === 'request_open' ? err.details?.reference : undefined;
    const same = typeof ref === 'string' ? await sameOpen311Request(scoped, councilId, ref, email) : undefined;
    if (same) {
      return respond(c, format, 'service_requests', [{
        service_request_id: same.request.reference, service_notice: requestNotice(lang, same.request, same.nextUrl),
        account_id: null, payment_url: same.nextUrl,
      }]);
    }
    throw as400(err);
  }
}

/** `GET requests/{id}.{fmt}` for a request reference. */
export async function getRequestService(c: Context<AppEnv>, format: Format, id: string) {
  const ctx = publicContext(c);
  const council = await jurisdiction(ctx, c.req.query('jurisdiction_id') || undefined);
  return respond(c, format, 'service_requests', withDates([await getOpen311Request(ctx, council, id)], council.timezone));
}
