/**
 * /officer/deliveries?date= (officers and admins of the council): the day's bin and container
 * deliveries with "Mark delivered" (POST …/{reference}/delivered, audited; back to the same day).
 * The day defaults to the council's today. The verbs are server/services/requests/containers/.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { isLocalDate } from '../../domain/dates.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { listDeliveries, markDelivered } from '../../services/requests/containers/index.ts';
import { councilToday, getCouncil } from '../../services/schedule.ts';
import { DeliveriesPage } from '../../../web/pages/officer/deliveries/page.tsx';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerDeliveryRoutes = new Hono<AppEnv>();
officerDeliveryRoutes.onError(renderPageError);
officerDeliveryRoutes.use('*', pageGuard('officer'));

officerDeliveryRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  const typed = (c.req.query('date') ?? '').trim().slice(0, 10);
  const today = councilToday(ctx, council);
  const props = { councilName: council.name, councilSlug: council.slug, timezone: council.timezone, isAdmin: ctx.user?.role === 'admin' };
  if (typed && !isLocalDate(typed)) {
    return render(c, <DeliveriesPage {...props} date={today} planned={[]} waiting={[]} errors={{ date: 'Enter the day as YYYY-MM-DD' }} />, 400);
  }
  const date = typed || today;
  const { planned, waiting } = await listDeliveries(ctx, date);
  const done = c.req.query('delivered');
  const message = done && /^[A-Z]{2}-\d{2}-\d{6}$/.test(done) ? `${done} is marked delivered.` : undefined;
  return render(c, <DeliveriesPage {...props} date={date} planned={planned} waiting={waiting} message={message} />);
});

officerDeliveryRoutes.post('/:reference/delivered', async (c) => {
  const reference = c.req.param('reference').slice(0, 40);
  await markDelivered(serviceContext(c), reference);
  // From a request's own officer page (its "Mark delivered" action): back to that page.
  if (new URL(c.req.header('referer') ?? 'http://x/', 'http://x').pathname.startsWith('/officer/requests/')) {
    return c.redirect(`/officer/requests/${encodeURIComponent(reference)}`, 303);
  }
  const date = c.req.query('date');
  const back = new URLSearchParams({ ...(date && isLocalDate(date) ? { date } : {}), delivered: reference });
  return c.redirect(`/officer/deliveries?${back}`, 303);
});
