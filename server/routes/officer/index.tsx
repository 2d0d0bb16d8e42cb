/**
 * The officer console at /officer: the dashboard of the council's missed-collection reports and one
 * report's staff view with its status-change form. Officers (and admins) of the council only; pages
 * guarded like /officer/commercial (GET without a session → /login, other requests 401, wrong role 403).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { getOfficerReport, listReports, reportCounts } from '../../services/officer-reports.ts';
import { updateReport } from '../../services/reports.ts';
import { getCouncil } from '../../services/schedule.ts';
import { OfficerDashboard, OfficerReportPage } from '../../../web/pages/officer/reports.tsx';
import { readBody } from '../body.ts';
import { field, pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerRoutes = new Hono<AppEnv>();
officerRoutes.onError(renderPageError);
officerRoutes.use('*', pageGuard('officer'));

const LIST_LIMIT = 200;
const STATUS_FILTER = z.enum(['open', 'scheduled', 'resolved', 'closed']).optional().catch(undefined);

officerRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  // An unknown ?status= shows everything rather than an error: it is a filter link, not a form.
  const status = STATUS_FILTER.parse(c.req.query('status') || undefined);
  const [council, counts, reports] = await Promise.all([
    getCouncil(ctx, ctx.councilId!), reportCounts(ctx), listReports(ctx, { status, limit: LIST_LIMIT }),
  ]);
  return render(c, <OfficerDashboard councilName={council.name} councilSlug={council.slug} timezone={council.timezone} counts={counts} reports={reports} status={status}
    tileUrl={c.var.deps.config.tileUrl} tileAttribution={c.var.deps.config.tileAttribution} />);
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
