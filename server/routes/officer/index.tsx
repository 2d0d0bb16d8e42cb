/**
 * The officer console at /officer: the Today board, the list of missed-collection reports (/officer/reports,
 * filters, pages, CSV) and one report's staff view with its status-change form. Officers (and admins) of the council only; pages
 * guarded like /officer/commercial (GET without a session → /login, other requests 401, wrong role 403).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { getOfficerReport, listReports, MAX_LIST, reportCounts } from '../../services/officer-reports.ts';
import { todayBoard } from '../../services/officer-board/today.ts';
import { updateReport } from '../../services/reports.ts';
import { getCouncil, loadCouncilSchedule } from '../../services/schedule.ts';
import { TodayBoard } from '../../../web/pages/officer/today/board.tsx';
import { OfficerDashboard, OfficerReportPage } from '../../../web/pages/officer/reports.tsx';
import { readBody } from '../body.ts';
import { field, pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';
import { csvLine } from '../../domain/csv.ts';

export const officerRoutes = new Hono<AppEnv>();
officerRoutes.onError(renderPageError);
officerRoutes.use('*', pageGuard('officer'));

const LIST_LIMIT = 200;
const STATUS_FILTER = z.enum(['open', 'scheduled', 'resolved', 'closed']).optional().catch(undefined);

officerRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const board = await todayBoard(ctx);
  return render(c, <TodayBoard councilName={board.council.name} councilSlug={board.council.slug} timezone={board.council.timezone}
    today={board.today} rounds={board.rounds} counts={board.counts} changes={board.changes} centre={board.centre}
    isAdmin={ctx.user?.role === 'admin'} tileUrl={c.var.deps.config.tileUrl} tileAttribution={c.var.deps.config.tileAttribution} />);
});

/** The list's filters from the query string; unknown values show everything (these are links, not a form). */
function listFilters(c: Context<AppEnv>) {
  const status = STATUS_FILTER.parse(c.req.query('status') || undefined);
  const service = (c.req.query('service') || '').slice(0, 100) || undefined;
  const overdue = c.req.query('overdue') === '1';
  const round = (c.req.query('round') || '').slice(0, 100) || undefined;
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(c.req.query('page') ?? 1)) || 1));
  return { status, service, overdue, round, page };
}

officerRoutes.get('/reports', async (c) => {
  const ctx = serviceContext(c);
  const f = listFilters(c);
  const [council, counts, rows, schedule] = await Promise.all([
    getCouncil(ctx, ctx.councilId!), reportCounts(ctx),
    listReports(ctx, { status: f.status, service: f.service, overdue: f.overdue, round: f.round, limit: LIST_LIMIT + 1, offset: (f.page - 1) * LIST_LIMIT }),
    loadCouncilSchedule(ctx, ctx.councilId!),
  ]);
  const services = [...schedule.services.values()].map((s) => ({ id: s.id, name: s.name }));
  const rounds = [...schedule.rounds.values()].map((r) => ({ id: r.id, name: r.name }));
  return render(c, <OfficerDashboard councilName={council.name} councilSlug={council.slug} timezone={council.timezone} counts={counts}
    reports={rows.slice(0, LIST_LIMIT)} hasNext={rows.length > LIST_LIMIT} page={f.page} status={f.status} service={f.service} overdue={f.overdue}
    round={f.round} services={services} rounds={rounds} isAdmin={ctx.user?.role === 'admin'}
    tileUrl={c.var.deps.config.tileUrl} tileAttribution={c.var.deps.config.tileAttribution} />);
});

/** The same filtered list as CSV, every page (up to 50,000 rows). */
officerRoutes.get('/reports.csv', async (c) => {
  const ctx = serviceContext(c);
  const f = listFilters(c);
  const lines = [['reference', 'uprn', 'address', 'service', 'collection_date', 'status', 'due_by', 'overdue', 'channel', 'created_at'].join(',')];
  for (let offset = 0; offset < 50_000; offset += MAX_LIST) {
    const rows = await listReports(ctx, { status: f.status, service: f.service, overdue: f.overdue, round: f.round, limit: MAX_LIST, offset });
    for (const r of rows) {
      lines.push(csvLine([r.reference, r.uprn, r.address ?? '', r.service, r.collectionDate, r.status, r.dueBy, r.overdue ? 'yes' : 'no', r.channel, r.createdAt]));
    }
    if (rows.length < MAX_LIST) break;
  }
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', 'attachment; filename="missed-reports.csv"');
  return c.body(`${lines.join('\r\n')}\r\n`);
});

const MESSAGES: Record<string, string> = {
  scheduled: 'The report is now scheduled.',
  resolved: 'The report is now resolved.',
  closed: 'The report is now closed.',
};

async function reportPage(
  c: Context<AppEnv>, reference: string,
  extra: { message?: string; errors?: Record<string, string>; values?: Record<string, string> } = {},
  status: 200 | 409 | 422 = 200,
) {
  const ctx = serviceContext(c);
  const [view, council] = await Promise.all([getOfficerReport(ctx, reference), getCouncil(ctx, ctx.councilId!)]);
  return render(c, <OfficerReportPage councilName={council.name} councilSlug={council.slug} timezone={council.timezone} {...view} {...extra} />, status);
}

officerRoutes.get('/reports/:reference', (c) =>
  reportPage(c, c.req.param('reference'), { message: MESSAGES[c.req.query('done') ?? ''] }));

officerRoutes.post('/reports/:reference', async (c) => {
  const reference = c.req.param('reference');
  const body = await readBody(c);
  const values = { status: field(body, 'status', 20), note: field(body, 'note', 2000), internalNote: field(body, 'internalNote', 2000) };
  // Look the report up first so another council's reference is a 404 page, as on GET.
  const { report } = await getOfficerReport(serviceContext(c), reference);
  try {
    await updateReport(serviceContext(c), report.reference, values);
  } catch (err) {
    if (err instanceof DomainError && (err.code === 'invalid_transition' || err.code === 'invalid_status')) {
      return reportPage(c, reference, { errors: { status: err.message }, values }, err.code === 'invalid_transition' ? 409 : 422);
    }
    throw err;
  }
  return c.redirect(`/officer/reports/${encodeURIComponent(report.reference)}?done=${values.status}`, 303);
});
