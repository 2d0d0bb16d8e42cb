/**
 * Alert pages (docs/alerts.md): POST /alerts (the property page's form), /alerts/confirm/{token},
 * /alerts/manage (ask for a link) and /alerts/manage/{token}, /alerts/unsubscribe/{token} (GET shows
 * a page; POST ends the alert: RFC 8058 one-click, so app.ts lets it through with no Origin, no
 * cookie and no CSRF token: the unguessable token in the path is the only credential).
 * An unknown or expired token: a friendly page, 404, nothing changed.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import { parseUprn } from '../../domain/uprn.ts';
import { enforceLimit } from '../../services/rate-limit.ts';
import { getProperty } from '../../services/schedule.ts';
import {
  ALERT_KINDS, confirmAlerts, manageView, requestAlerts, requestManageLink, unsubscribe, unsubscribeView, updateAlert, type AlertKind,
} from '../../services/alerts/subscriptions.ts';
import { isLang } from '../../../web/i18n/index.ts';
import {
  AlertSubscribePage, CheckEmailPage, ConfirmedPage, LinkNotValidPage, ManagePage, ManageRequestPage, UnsubscribePage,
} from '../../../web/pages/alerts/pages.tsx';
import { REMIND_AT_RE } from '../api/alerts.ts';
import { render, renderPageError } from '../pages/render.tsx';

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Form fields, keeping repeated ones (the kinds checkboxes). */
async function formFields(c: Context<AppEnv>) {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return {} as Record<string, string | string[]>;
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 400));
    out[k] = list.length > 1 ? list : list[0] ?? '';
  }
  return out;
}
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v ?? '').trim();
const kindsOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []).filter((k): k is AlertKind => (ALERT_KINDS as readonly string[]).includes(k));

/** A missing link renders its own page (404) rather than the generic one. */
async function orNotValid(c: Context<AppEnv>, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) return render(c, <LinkNotValidPage />, 404);
    throw err;
  }
}

const limit = (c: Context<AppEnv>) => {
  const { config } = c.var.deps;
  return enforceLimit(publicContext(c), `public-write:${clientIp(c, config.trustedProxies)}`, config.rateLimitPerMinute);
};

export const alertPages = new Hono<AppEnv>();
alertPages.onError(renderPageError);

alertPages
  .post('/', async (c) => {
    const { t, lang } = useLanguage(c, await languagesInUse(c));
    const f = await formFields(c);
    const uprn = parseUprn(one(f.uprn));
    if (uprn === null) throw new DomainError('invalid_uprn', t('alerts.err_uprn'), 400);
    const property = await getProperty(publicContext(c), uprn);
    const values = { email: one(f.email).slice(0, 320), kinds: kindsOf(f.kinds), remindAt: REMIND_AT_RE.test(one(f.remindAt)) ? one(f.remindAt) : '18:00' };
    const errors: Record<string, string> = {};
    if (!values.email) errors['alert-email'] = t('alerts.err_email');
    else if (!EMAIL_RE.test(values.email)) errors['alert-email'] = t('alerts.err_email_format');
    if (!values.kinds.length) errors.kinds = t('alerts.err_kinds');
    if (Object.keys(errors).length) return render(c, <AlertSubscribePage uprn={uprn} address={property.address} values={values} errors={errors} />, 400);
    await limit(c);
    const language = isLang(one(f.language)) ? (one(f.language) as typeof lang) : lang;
    await requestAlerts(publicContext(c), { uprn, email: values.email, kinds: values.kinds, remindAt: values.remindAt, language, mailto: c.var.deps.config.unsubscribeMailto });
    return c.redirect('/alerts/sent', 303);
  })
  .get('/sent', async (c) => {
    useLanguage(c, await languagesInUse(c));
    return render(c, <CheckEmailPage />);
  })
  .get('/confirm/:token', async (c) => {
    useLanguage(c, await languagesInUse(c));
    return orNotValid(c, async () => {
      const done = await confirmAlerts(publicContext(c), c.req.param('token'));
      return render(c, <ConfirmedPage alerts={done.subscriptions} />);
    });
  })
  .get('/manage', async (c) => {
    useLanguage(c, await languagesInUse(c));
    return render(c, <ManageRequestPage />);
  })
  .post('/manage', async (c) => {
    const { t, lang } = useLanguage(c, await languagesInUse(c));
    const email = one((await formFields(c)).email).slice(0, 320);
    if (!EMAIL_RE.test(email)) return render(c, <ManageRequestPage email={email} errors={{ 'manage-email': email ? t('alerts.err_email_format') : t('alerts.err_email') }} />, 400);
    await limit(c);
    await requestManageLink(publicContext(c), { email, language: lang });
    return render(c, <CheckEmailPage manage />);
  })
  .get('/manage/:token', async (c) => {
    useLanguage(c, await languagesInUse(c));
    const token = c.req.param('token');
    return orNotValid(c, async () => {
      const view = await manageView(publicContext(c), token);
      return render(c, <ManagePage token={token} email={view.email} alerts={view.subscriptions} saved={c.req.query('saved') === '1'} />);
    });
  })
  .post('/manage/:token', async (c) => {
    useLanguage(c, await languagesInUse(c));
    const token = c.req.param('token');
    const f = await formFields(c);
    const id = Number(one(f.subscription));
    if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError('invalid_request', 'subscription is required.', 400);
    const stop = one(f.action) === 'stop';
    return orNotValid(c, async () => {
      await updateAlert(publicContext(c), token, {
        subscriptionId: id, kinds: stop ? [] : kindsOf(f.kinds), remindAt: REMIND_AT_RE.test(one(f.remindAt)) ? one(f.remindAt) : undefined,
      });
      return c.redirect(`/alerts/manage/${token}?saved=1`, 303);
    });
  })
  .get('/unsubscribe/:token', async (c) => {
    useLanguage(c, await languagesInUse(c));
    const token = c.req.param('token');
    return orNotValid(c, async () => render(c, <UnsubscribePage token={token} alert={await unsubscribeView(publicContext(c), token)} />));
  })
  .post('/unsubscribe/:token', async (c) => {
    // A mail client's one-click POST (body `List-Unsubscribe=One-Click`) and the page's button both land here.
    useLanguage(c, await languagesInUse(c));
    const token = c.req.param('token');
    return orNotValid(c, async () => render(c, <UnsubscribePage token={token} alert={await unsubscribe(publicContext(c), token)} done />));
  });
