/**
 * /officer/requests (list, filters, CSV link) and /officer/requests/{reference} (details; mark an
 * invoice paid; cancel). Officers and admins of the council; writes are audited by the lifecycle.
 */
import { Hono } from 'hono';
import { REQUEST_KINDS, REQUEST_STATUSES } from '../../../db/schema/requests.ts';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { cancelRequest, markPaid } from '../../services/requests/lifecycle.ts';
import { describeListed, getOfficerRequest, listRequests } from '../../services/requests/officer.ts';
import { getCouncil } from '../../services/schedule.ts';
import { OfficerRequestPage, OfficerRequestsPage } from '../../../web/pages/officer/requests/pages.tsx';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerRequestRoutes = new Hono<AppEnv>();
officerRequestRoutes.onError(renderPageError);
officerRequestRoutes.use('*', pageGuard('officer'));

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined => (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;

officerRequestRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  // A hand-made link with an unknown filter shows everything rather than failing.
  const kind = oneOf(REQUEST_KINDS, c.req.query('kind'));
  const status = oneOf(REQUEST_STATUSES, c.req.query('status'));
  const cursorText = c.req.query('cursor') ?? '';
  const cursor = /^[0-9]{1,9}$/.test(cursorText) ? Number(cursorText) : undefined;
  const { rows, next } = await listRequests(ctx, { kind, status, cursor, limit: 50 });
  const details = await describeListed(ctx, rows.map((r) => r.reference));
  return render(c, <OfficerRequestsPage councilName={council.name} councilSlug={council.slug} timezone={council.timezone}
    isAdmin={ctx.user?.role === 'admin'} kind={kind} status={status} rows={rows.map((r) => ({ ...r, details: details.get(r.reference) ?? [] }))} nextCursor={next} />);
});

async function detail(c: any, extra: { done?: string; error?: string } = {}, status: 200 | 409 | 422 = 200) {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  const request = await getOfficerRequest(ctx, c.req.param('reference'));
  const done = extra.done ?? (['paid', 'cancelled'].includes(c.req.query('done') ?? '') ? c.req.query('done') : undefined);
  return render(c, <OfficerRequestPage councilName={council.name} councilSlug={council.slug} timezone={council.timezone}
    isAdmin={ctx.user?.role === 'admin'} request={request} invoice={ctx.payments.provider.name === 'invoice'} done={done} error={extra.error} />, status);
}

officerRequestRoutes.get('/:reference', (c) => detail(c));

/** An officer action refused by a rule (already cancelled, past the cut-off) shows on the page, not as an error page. */
async function act(c: any, run: () => Promise<unknown>, done: string) {
  try {
    await run();
  } catch (err) {
    if (err instanceof DomainError && (err.status === 409 || err.status === 422)) return detail(c, { error: err.message }, err.status as 409 | 422);
    throw err;
  }
  return c.redirect(`/officer/requests/${encodeURIComponent(c.req.param('reference').toUpperCase())}?done=${done}`, 303);
}

officerRequestRoutes.post('/:reference/mark-paid', (c) => act(c, () => markPaid(serviceContext(c), c.req.param('reference')), 'paid'));
officerRequestRoutes.post('/:reference/cancel', (c) => act(c, () => cancelRequest(serviceContext(c), c.req.param('reference')), 'cancelled'));
