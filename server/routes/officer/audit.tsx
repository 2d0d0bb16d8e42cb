/**
 * The audit trail page at /officer/audit (officers and admins of the council). Filters are links and a
 * GET form; dates are the council's local days, turned into instants for listAudit and for the CSV
 * link (GET /api/v1/audit.csv, the existing export), so the page and the file hold the same entries.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { addDays, instantAt, isLocalDate } from '../../domain/dates.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { listAudit } from '../../services/audit/list.ts';
import { AUDIT_ENTITIES } from '../../services/audit/record.ts';
import { getCouncil } from '../../services/schedule.ts';
import { AuditPage, type AuditFilters } from '../../../web/pages/officer/audit/page.tsx';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerAuditRoutes = new Hono<AppEnv>();
officerAuditRoutes.onError(renderPageError);
officerAuditRoutes.use('*', pageGuard('officer'));

const PAGE = 50;

const query = (entries: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(entries)) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
};

officerAuditRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  const text = (k: string, max = 320) => (c.req.query(k) ?? '').trim().slice(0, max) || undefined;
  const filters: AuditFilters = { from: text('from', 10), to: text('to', 10), user: text('user'), entity: text('entity', 30) };
  const errors: Record<string, string> = {};
  if (filters.from && !isLocalDate(filters.from)) errors.from = 'Enter the from date as YYYY-MM-DD';
  if (filters.to && !isLocalDate(filters.to)) errors.to = 'Enter the to date as YYYY-MM-DD';
  if (!errors.from && !errors.to && filters.from && filters.to && filters.to < filters.from) errors.to = 'The to date must be on or after the from date';
  // An unknown kind in a hand-made link shows everything rather than failing.
  if (filters.entity && !(AUDIT_ENTITIES as readonly string[]).includes(filters.entity)) filters.entity = undefined;
  const cursorText = c.req.query('cursor') ?? '';
  const cursor = /^[0-9]{1,12}$/.test(cursorText) ? Number(cursorText) : undefined;
  const filterQuery = query({ from: filters.from, to: filters.to, user: filters.user, entity: filters.entity });
  const props = {
    councilName: council.name, councilSlug: council.slug, timezone: council.timezone, isAdmin: ctx.user?.role === 'admin', filters, filterQuery,
  };
  if (Object.keys(errors).length) {
    return render(c, <AuditPage {...props} rows={[]} firstPage csvQuery={filterQuery} errors={errors} />, 400);
  }
  // Local days → instants: from the start of `from` to the last millisecond of `to`, council time.
  const from = filters.from ? instantAt(filters.from, '00:00', council.timezone).toISOString() : undefined;
  const to = filters.to ? new Date(instantAt(addDays(filters.to, 1), '00:00', council.timezone).getTime() - 1).toISOString() : undefined;
  const { rows, next } = await listAudit(ctx, { from, to, user: filters.user, entity: filters.entity, cursor, limit: PAGE });
  const csvQuery = query({ from, to, user: filters.user, entity: filters.entity });
  const nextQuery = next ? query({ from: filters.from, to: filters.to, user: filters.user, entity: filters.entity, cursor: String(next) }) : undefined;
  return render(c, <AuditPage {...props} rows={rows} nextQuery={nextQuery} firstPage={!cursor} csvQuery={csvQuery} />);
});
