/**
 * FixMyStreet's update extension: GET and POST servicerequestupdates.{json,xml}, API key required
 * for both (the history carries officers' notes for the resident, which are not a public feed).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { councilById, jurisdiction } from '../../services/open311.ts';
import { addResidentComment, DEFAULT_UPDATE_WINDOW_MS, listRequestUpdates, MAX_UPDATES } from '../../services/open311-updates.ts';
import { listOpen311RequestUpdates } from '../../services/open311-requests.ts';
import { respond, withDates, type Format } from './format.ts';
import { description, parseDateParam, readOpen311Body, requireKey, text } from './input.ts';

const ROOT = 'service_request_updates';

/** The key's council, checked against jurisdiction_id when one is given. */
async function councilFor(c: Context<AppEnv>, slug: string, keyCouncilId: number) {
  const ctx = publicContext(c);
  const council = slug ? await jurisdiction(ctx, slug) : await councilById(ctx, keyCouncilId);
  if (council.id !== keyCouncilId) throw new DomainError('invalid_api_key', 'This api_key is not for that jurisdiction.', 403);
  return council;
}

export async function getUpdates(c: Context<AppEnv>, format: Format) {
  const key = await requireKey(c);
  const council = await councilFor(c, c.req.query('jurisdiction_id') ?? '', key.councilId);
  const start = parseDateParam('start_date', c.req.query('start_date'));
  const end = parseDateParam('end_date', c.req.query('end_date'));
  const ctx = publicContext(c);
  const reports = await listRequestUpdates(ctx, council, { start, end });
  // Resident requests' status changes too, in the same window (listRequestUpdates checked it), oldest first.
  const to = end ?? ctx.clock.now();
  const from = start ?? new Date(to.getTime() - DEFAULT_UPDATE_WINDOW_MS);
  const requests = await listOpen311RequestUpdates(ctx, council, { start: from, end: to, limit: MAX_UPDATES });
  const updates = [...reports, ...requests]
    .sort((a, b) => a.updated_datetime.getTime() - b.updated_datetime.getTime())
    .slice(0, MAX_UPDATES);
  return respond(c, format, ROOT, withDates(updates, council.timezone));
}

const STATUS = /^[A-Za-z_ ]{0,40}$/;

export async function postUpdate(c: Context<AppEnv>, format: Format) {
  const body = await readOpen311Body(c);
  const key = await requireKey(c, body);
  const council = await councilFor(c, text(body.jurisdiction_id), key.councilId);
  const serviceRequestId = text(body.service_request_id);
  if (!serviceRequestId) throw new DomainError('missing_service_request_id', 'service_request_id is required.', 400);
  const clientUpdateId = text(body.update_id);
  if (!clientUpdateId || clientUpdateId.length > 100) throw new DomainError('invalid_update_id', 'update_id is required (at most 100 characters).', 400);
  if (!STATUS.test(text(body.status))) throw new DomainError('invalid_status', 'status must be a status name such as OPEN or CLOSED.', 400);
  if (text(body.updated_datetime)) parseDateParam('updated_datetime', text(body.updated_datetime));
  const email = text(body.email);
  if (email && (email.length > 320 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))) {
    throw new DomainError('invalid_email', 'email does not look like an email address.', 400);
  }
  const name = [text(body.first_name), text(body.last_name)].filter((s) => s && s !== '-').join(' ').slice(0, 200);
  const answer = await addResidentComment(publicContext(c), council, {
    apiKeyId: key.id, serviceRequestId, clientUpdateId, description: description(body.description, true), name: name || undefined, email: email || undefined,
  });
  return respond(c, format, ROOT, [answer]);
}
