/**
 * /officer/insight: the insight page (figures from server/services/insight). Officers and admins of
 * the council; guarded like the rest of /officer. A bad period re-renders the form with its values
 * and an error summary (422).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { insight } from '../../services/insight/insight.ts';
import { getCouncil } from '../../services/schedule.ts';
import { InsightPage } from '../../../web/pages/officer/insight/page.tsx';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerInsightRoutes = new Hono<AppEnv>();
officerInsightRoutes.onError(renderPageError);
officerInsightRoutes.use('*', pageGuard('officer'));

officerInsightRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const values = { from: (c.req.query('from') ?? '').trim().slice(0, 20), to: (c.req.query('to') ?? '').trim().slice(0, 20) };
  const council = await getCouncil(ctx, ctx.councilId!);
  const page = { councilName: council.name, councilSlug: council.slug, isAdmin: ctx.user?.role === 'admin' };
  try {
    const figures = await insight(ctx, values);
    return render(c, <InsightPage {...page} insight={figures} values={{ from: figures.from, to: figures.to }} />);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'invalid_range') throw err;
    // Point the summary at the field the message is about (From unless it names To alone).
    const field = /^To /.test(err.message) ? 'to' : 'from';
    return render(c, <InsightPage {...page} insight={null} values={values} errors={{ [field]: err.message }} />, 422);
  }
});
