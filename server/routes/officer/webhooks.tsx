/**
 * Webhooks at /officer/webhooks (officers and admins of the council): list, add (the signing secret
 * is shown once, in the answer to the form, never in a URL), delete after a confirmation, re-enable
 * one disabled after a day of failures (a button on the list), and an endpoint's recent deliveries. Forms sit behind the app's CSRF check; the verbs audit their writes
 * (server/services/webhooks/endpoints.ts). Decisions in docs/webhooks.md.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { getCouncil } from '../../services/schedule.ts';
import { createEndpoint, deleteEndpoint, enableEndpoint, listDeliveries, listEndpoints } from '../../services/webhooks/endpoints.ts';
import { DeleteEndpointPage, DeliveriesPage, NewEndpointPage, WebhooksPage } from '../../../web/pages/officer/webhooks/pages.tsx';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerWebhookRoutes = new Hono<AppEnv>();
officerWebhookRoutes.onError(renderPageError);
officerWebhookRoutes.use('*', pageGuard('officer'));

async function common(c: Context<AppEnv>) {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  return { councilName: council.name, councilSlug: council.slug, timezone: council.timezone, isAdmin: ctx.user!.role === 'admin' };
}

/** The form, with every checked `events` value (the shared body reader keeps only one per name). */
async function readForm(c: Context<AppEnv>): Promise<URLSearchParams> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new DomainError('unsupported_media_type', 'Send the form.', 415);
  const text = await c.req.text();
  if (text.length > 20_000) throw new DomainError('payload_too_large', 'The form is too large.', 413);
  return new URLSearchParams(text);
}

const FIELD_OF: Record<string, string> = { webhook_events_required: 'events', webhook_event_unknown: 'events' };

async function listPage(c: Context<AppEnv>, extra: { errors?: Record<string, string>; values?: { url?: string; events?: string[] } } = {}, status: 200 | 422 = 200) {
  const endpoints = await listEndpoints(serviceContext(c));
  const done = c.req.query('done');
  const message = done === 'deleted' ? 'The endpoint has been deleted.' : done === 'enabled' ? 'The endpoint is enabled again. New events will be sent to it.' : undefined;
  return render(c, <WebhooksPage {...await common(c)} endpoints={endpoints} message={message} {...extra} />, status);
}

officerWebhookRoutes.get('/', (c) => listPage(c));

officerWebhookRoutes.post('/', async (c) => {
  const form = await readForm(c);
  const values = { url: (form.get('url') ?? '').trim().slice(0, 2000), events: form.getAll('events').slice(0, 20) };
  if (!values.url) return listPage(c, { errors: { url: 'Enter the address to send events to' }, values }, 422);
  try {
    const created = await createEndpoint(serviceContext(c), values, { allowPrivate: c.var.deps.config.webhookAllowPrivate });
    const { secret, ...endpoint } = created;
    c.header('Cache-Control', 'no-store');
    return render(c, <NewEndpointPage {...await common(c)} endpoint={endpoint} secret={secret} />);
  } catch (err) {
    if (err instanceof DomainError && err.status === 422) return listPage(c, { errors: { [FIELD_OF[err.code] ?? 'url']: err.message }, values }, 422);
    throw err;
  }
});

officerWebhookRoutes.get('/:id', async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.param('id');
  const deliveries = await listDeliveries(ctx, id); // another council's id: 404 page
  const endpoint = (await listEndpoints(ctx)).find((e) => e.id === id)!;
  return render(c, <DeliveriesPage {...await common(c)} endpoint={endpoint} deliveries={deliveries} />);
});

officerWebhookRoutes.get('/:id/delete', async (c) => {
  const ctx = serviceContext(c);
  const id = c.req.param('id');
  await listDeliveries(ctx, id, 1);
  const endpoint = (await listEndpoints(ctx)).find((e) => e.id === id)!;
  return render(c, <DeleteEndpointPage {...await common(c)} endpoint={endpoint} />);
});

officerWebhookRoutes.post('/:id/delete', async (c) => {
  await deleteEndpoint(serviceContext(c), c.req.param('id'));
  return c.redirect('/officer/webhooks?done=deleted', 303);
});

officerWebhookRoutes.post('/:id/enable', async (c) => {
  try {
    await enableEndpoint(serviceContext(c), c.req.param('id'), { allowPrivate: c.var.deps.config.webhookAllowPrivate });
  } catch (err) {
    // Its URL is no longer accepted: say so on the list rather than on an error page.
    if (err instanceof DomainError && err.status === 422) return listPage(c, { errors: { [`enable-${c.req.param('id')}`]: err.message } }, 422);
    throw err;
  }
  return c.redirect('/officer/webhooks?done=enabled', 303);
});
