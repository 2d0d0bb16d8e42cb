/**
 * Residents' email alerts: ask (double opt-in), confirm, manage every alert of an address through
 * a link sent to it, unsubscribe. Asking always gives the same answer; what is sent depends on the
 * address's state, and never more than one confirmation (or manage link) per address per hour.
 * Nothing but the confirmation goes to an unconfirmed address.
 */
import { and, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { alertSubscriptions, alertTokens, councils, properties } from '../../../db/schema/index.ts';
import { realNow } from '../../clock.ts';
import type { ServiceContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { translate, type Lang } from '../../../web/i18n/index.ts';
import { enqueue, PUBLIC_URL_TOKEN } from '../outbox.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './headers.ts';
import { findToken, issueToken } from './tokens.ts';

export const ALERT_KINDS = ['reminder', 'changes', 'reports'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const DEFAULT_REMIND_AT = '18:00';
/**
 * No second confirmation or manage link to one address within this window (no mail bombing).
 * Real elapsed time (DESIGN "Clock"), like the subscription's `created_at` and
 * `confirmation_sent_at` it is measured with: under a fixed KERBSIDE_NOW the window still ends
 * an hour later, and moving the fixed clock does not open it early.
 */
export const RESEND_WINDOW_MS = 3600_000;

export interface AlertRequest {
  uprn: number;
  email: string;
  kinds: AlertKind[];
  remindAt?: string;
  /** The emails' language; the council's first when absent. */
  language?: Lang;
  /** The mailto half of List-Unsubscribe (config), when set. */
  mailto?: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const expired = () => notFound('This link is not valid. It may have expired or been used to unsubscribe already.');

/** POST /api/v1/alerts and the property page's form. Resolves the same way whatever the address's state. */
export async function requestAlerts(ctx: ServiceContext, input: AlertRequest): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = realNow();
  const [property] = await ctx.db
    .select({ uprn: properties.uprn, councilId: properties.councilId, address: properties.address, council: councils.name, languages: councils.languages })
    .from(properties).innerJoin(councils, eq(councils.id, properties.councilId))
    .where(eq(properties.uprn, input.uprn));
  if (!property) throw notFound(`No property with UPRN ${input.uprn}`);
  const kinds = [...new Set(input.kinds)];
  const lang: Lang = input.language ?? property.languages?.[0] ?? 'en';
  await ctx.db.transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    // Serialise requests for one address, so two at once cannot both pass the resend window.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alerts:${email}`}))`);
    const [existing] = await tx.select().from(alertSubscriptions)
      .where(and(eq(alertSubscriptions.uprn, input.uprn), eq(alertSubscriptions.email, email)));
    const active = existing && existing.confirmedAt && !existing.unsubscribedAt;
    let subscriptionId = existing?.id;
    if (!active) {
      // New, pending or ended: (re)start it unconfirmed with what was asked for now.
      const values = { kinds, remindAt: input.remindAt ?? DEFAULT_REMIND_AT, language: lang, createdAt: now, confirmedAt: null, unsubscribedAt: null };
      if (existing) await tx.update(alertSubscriptions).set(values).where(eq(alertSubscriptions.id, existing.id));
      else [{ id: subscriptionId }] = await tx.insert(alertSubscriptions).values({ ...values, councilId: property.councilId, uprn: input.uprn, email }).returning({ id: alertSubscriptions.id });
    }
    // An active subscription is left as it is (whoever asked may not own the address): the owner
    // gets a manage link instead, from which they can change it.
    const [recent] = await tx.select({ id: alertSubscriptions.id }).from(alertSubscriptions)
      .where(and(eq(alertSubscriptions.email, email), gt(alertSubscriptions.confirmationSentAt, new Date(now.getTime() - RESEND_WINDOW_MS)))).limit(1);
    if (recent) return;
    await tx.update(alertSubscriptions).set({ confirmationSentAt: now }).where(eq(alertSubscriptions.id, subscriptionId!));
    const unsubscribe = await issueToken(tctx, { purpose: 'unsubscribe', email, subscriptionId });
    if (active) {
      const manage = await issueToken(tctx, { purpose: 'manage', email });
      await enqueue(tctx, {
        councilId: property.councilId, kind: 'alert.already', recipient: email,
        subject: translate(lang, 'alerts.email_already_subject'),
        body: [
          translate(lang, 'alerts.email_already_body', { address: property.address }),
          '', translate(lang, 'alerts.email_manage_link', { url: `${PUBLIC_URL_TOKEN}/alerts/manage/${manage}` }),
          '', translate(lang, 'alerts.email_ignore'), '', property.council,
        ].join('\n'),
        payload: { headers: unsubscribeHeaders(unsubscribe, input.mailto) },
      });
      return;
    }
    const confirm = await issueToken(tctx, { purpose: 'confirm', email, subscriptionId });
    await enqueue(tctx, {
      councilId: property.councilId, kind: 'alert.confirm', recipient: email,
      subject: translate(lang, 'alerts.email_confirm_subject'),
      body: [
        translate(lang, 'alerts.email_confirm_body', { address: property.address }),
        '', `${PUBLIC_URL_TOKEN}/alerts/confirm/${confirm}`,
        '', translate(lang, 'alerts.email_confirm_ignore'),
        '', translate(lang, 'alerts.email_unsubscribe_link', { url: unsubscribeUrl(unsubscribe) }),
        '', property.council,
      ].join('\n'),
      payload: { headers: unsubscribeHeaders(unsubscribe, input.mailto) },
    });
  });
}

/**
 * GET /alerts/confirm/{token}: confirms every alert of that address still waiting, asked for before
 * this link was sent (a later request by someone else waits for its own confirmation).
 */
export async function confirmAlerts(ctx: ServiceContext, token: string) {
  const row = await findToken(ctx, token, 'confirm');
  if (!row) throw expired();
  const now = ctx.clock.now();
  await ctx.db.update(alertSubscriptions).set({ confirmedAt: now })
    .where(and(eq(alertSubscriptions.email, row.email), isNull(alertSubscriptions.confirmedAt), isNull(alertSubscriptions.unsubscribedAt), lte(alertSubscriptions.createdAt, row.createdAt)));
  return { email: row.email, subscriptions: await subscriptionsOf(ctx, row.email) };
}

export interface AlertView {
  id: number;
  uprn: number;
  address: string;
  kinds: AlertKind[];
  remindAt: string;
  confirmed: boolean;
  active: boolean;
}

async function subscriptionsOf(ctx: ServiceContext, email: string): Promise<AlertView[]> {
  const list = await ctx.db
    .select({ s: alertSubscriptions, address: properties.address })
    .from(alertSubscriptions).innerJoin(properties, eq(properties.uprn, alertSubscriptions.uprn))
    .where(eq(alertSubscriptions.email, email)).orderBy(properties.address, alertSubscriptions.id);
  return list.map(({ s, address }) => ({
    id: s.id, uprn: s.uprn, address, kinds: s.kinds as AlertKind[], remindAt: s.remindAt,
    confirmed: s.confirmedAt !== null, active: s.confirmedAt !== null && s.unsubscribedAt === null,
  }));
}

/** "Manage my alerts": emails a manage link when the address has alerts (same answer either way). */
export async function requestManageLink(ctx: ServiceContext, input: { email: string; language: Lang }): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = realNow();
  await ctx.db.transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alerts:${email}`}))`);
    const [sub] = await tx.select({ councilId: alertSubscriptions.councilId }).from(alertSubscriptions)
      .where(eq(alertSubscriptions.email, email)).orderBy(desc(alertSubscriptions.id)).limit(1);
    if (!sub) return;
    const [recent] = await tx.select({ h: alertTokens.tokenHash }).from(alertTokens)
      .where(and(eq(alertTokens.email, email), eq(alertTokens.purpose, 'manage'), gt(alertTokens.createdAt, new Date(now.getTime() - RESEND_WINDOW_MS)))).limit(1);
    if (recent) return;
    const manage = await issueToken(tctx, { purpose: 'manage', email });
    await enqueue(tctx, {
      councilId: sub.councilId, kind: 'alert.manage', recipient: email,
      subject: translate(input.language, 'alerts.email_manage_subject'),
      body: [
        translate(input.language, 'alerts.email_manage_link', { url: `${PUBLIC_URL_TOKEN}/alerts/manage/${manage}` }),
        '', translate(input.language, 'alerts.email_ignore'),
      ].join('\n'),
    });
  });
}

/** GET /alerts/manage/{token}: every alert of the address the link was sent to. */
export async function manageView(ctx: ServiceContext, token: string) {
  const row = await findToken(ctx, token, 'manage');
  if (!row) throw expired();
  return { email: row.email, subscriptions: await subscriptionsOf(ctx, row.email) };
}

/** POST /alerts/manage/{token}: change one alert's kinds and time, or end it (no kinds). */
export async function updateAlert(ctx: ServiceContext, token: string, input: { subscriptionId: number; kinds: AlertKind[]; remindAt?: string }) {
  const row = await findToken(ctx, token, 'manage');
  if (!row) throw expired();
  const where = and(eq(alertSubscriptions.id, input.subscriptionId), eq(alertSubscriptions.email, row.email));
  // Saving with kinds (re)starts the alert: the manage link reached the address, which is what a
  // confirmation proves, so a pending or stopped alert saved here is confirmed and active.
  const set = input.kinds.length === 0
    ? { unsubscribedAt: ctx.clock.now() }
    : {
      kinds: [...new Set(input.kinds)], ...(input.remindAt ? { remindAt: input.remindAt } : {}),
      unsubscribedAt: null, confirmedAt: sql`coalesce(${alertSubscriptions.confirmedAt}, ${ctx.clock.now().toISOString()}::timestamptz)`,
    };
  const done = await ctx.db.update(alertSubscriptions).set(set).where(where).returning({ id: alertSubscriptions.id });
  if (!done.length) throw notFound('No such alert for this address.');
  return manageView(ctx, token);
}

/** What an unsubscribe link is for (its page asks to confirm; the POST ends it). */
export async function unsubscribeView(ctx: ServiceContext, token: string) {
  const row = await findToken(ctx, token, 'unsubscribe');
  if (!row?.subscriptionId) throw expired();
  const [sub] = (await subscriptionsOf(ctx, row.email)).filter((s) => s.id === row.subscriptionId);
  if (!sub) throw expired();
  return sub;
}

/** RFC 8058 one-click: ends the alert the link belongs to. Idempotent; nothing else changes. */
export async function unsubscribe(ctx: ServiceContext, token: string) {
  const sub = await unsubscribeView(ctx, token);
  await ctx.db.update(alertSubscriptions).set({ unsubscribedAt: ctx.clock.now() })
    .where(and(eq(alertSubscriptions.id, sub.id), isNull(alertSubscriptions.unsubscribedAt)));
  return { ...sub, active: false };
}

