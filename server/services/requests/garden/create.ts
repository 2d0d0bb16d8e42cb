/**
 * A resident subscribes (or renews: the same verb, once renewal has opened it buys the coming year)
 * or adds bins to an active subscription. Each is a request of kind `garden_subscription` created by
 * the shared lifecycle (`submitRequest`): the checks and both rows in one transaction, then the
 * payment. Nothing is stored when a check refuses.
 */
import { and, eq } from 'drizzle-orm';
import { gardenSubscriptions, residentRequests } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { addedBinsPrice, subscriptionPrice, yearBought } from '../../../domain/requests/garden.ts';
import { DomainError, forbidden, notFound } from '../../../errors.ts';
import { insertRequest, submitRequest } from '../lifecycle.ts';
import { addedBins, alreadySubscribed, gardenFacts, hasGardenFor, subscriptionRow, unprocessable } from './facts.ts';
import './hooks.ts';

export interface Contact {
  name: string;
  email: string;
  phone?: string | null;
  /** The language the resident asked in (their emails are written in it). */
  language?: string;
  channel?: 'web' | 'api' | 'open311' | 'officer';
}

export interface NewSubscription extends Contact {
  uprn: number;
  bins: number;
  concession?: boolean;
  /** The price the resident was shown: a different one now is `409 amount_changed` (nothing stored). */
  expectedAmountPence?: number;
}

const tooMany = (max: number) => unprocessable('too_many_bins', `A property can have at most ${max} garden waste bins.`);

/** `POST /api/v1/garden-subscriptions`. */
export async function createGardenSubscription(ctx: ServiceContext, input: NewSubscription) {
  return submitRequest(ctx, async (tx) => {
    const txc = { ...ctx, db: tx };
    const facts = await gardenFacts(txc, input.uprn);
    if (ctx.councilId !== undefined && facts.property.councilId !== ctx.councilId) throw notFound(`No property with UPRN ${input.uprn}.`);
    const { config, property, today } = facts;
    if (input.bins > config.maxBins) throw tooMany(config.maxBins);
    const year = yearBought(today, config);
    if (await hasGardenFor(txc, facts, year)) throw alreadySubscribed();
    const concession = input.concession === true && config.concessionPencePerBin !== undefined;
    const amountPence = subscriptionPrice(config, input.bins, concession);
    if (input.expectedAmountPence !== undefined && input.expectedAmountPence !== amountPence) {
      throw new DomainError('amount_changed', `The price is now ${amountPence} pence; check it and try again.`, 409, { amountPence });
    }
    const request = await insertRequest(tx, ctx, {
      councilId: property.councilId, kind: 'garden_subscription', uprn: property.uprn,
      amountPence,
      name: input.name, email: input.email, phone: input.phone ?? null,
      language: input.language ?? 'en', channel: input.channel ?? 'api',
    });
    await tx.insert(gardenSubscriptions).values({
      requestId: request.id, councilId: property.councilId, uprn: property.uprn, bins: input.bins, concession,
      yearStart: year.start, yearEnd: year.end,
    });
    return request;
  });
}

/**
 * Bins added to the active subscription `reference` (its email must be given): priced by the
 * council's `midYear` rule on the days left after today; the total may not pass `maxBins`.
 */
export async function addGardenBins(ctx: ServiceContext, reference: string, input: { bins: number; email: string; language?: string; channel?: Contact['channel'] }) {
  return submitRequest(ctx, async (tx) => {
    const txc = { ...ctx, db: tx };
    const [parent] = await tx.select().from(residentRequests)
      .where(and(eq(residentRequests.reference, reference), eq(residentRequests.kind, 'garden_subscription')));
    if (!parent || (ctx.councilId !== undefined && parent.councilId !== ctx.councilId)) throw notFound('No garden waste subscription with that reference.');
    const sub = await subscriptionRow(txc, parent.councilId, parent.id);
    if (sub.addsTo !== null) throw notFound('No garden waste subscription with that reference.');
    const officer = ctx.user && ctx.user.councilId === parent.councilId && (ctx.user.role === 'officer' || ctx.user.role === 'admin');
    if (!officer && (parent.email ?? '').toLowerCase() !== input.email.trim().toLowerCase()) {
      throw forbidden('Give the email address the subscription was made with.');
    }
    if (parent.status !== 'active') throw new DomainError('not_active', 'Bins can only be added to an active subscription.', 409);
    const facts = await gardenFacts(txc, parent.uprn);
    const { config, today } = facts;
    const total = sub.bins + (await addedBins(txc, parent.councilId, parent.id)) + input.bins;
    if (total > config.maxBins) throw tooMany(config.maxBins);
    const year = { start: sub.yearStart, end: sub.yearEnd };
    if (today > year.end) throw new DomainError('not_active', 'That subscription year has ended.', 409);
    const request = await insertRequest(tx, ctx, {
      councilId: parent.councilId, kind: 'garden_subscription', uprn: parent.uprn,
      amountPence: addedBinsPrice(config, input.bins, sub.concession, today, year),
      name: parent.name ?? '', email: parent.email ?? input.email, phone: parent.phone,
      language: input.language ?? parent.language, channel: input.channel ?? 'api',
    });
    await tx.insert(gardenSubscriptions).values({
      requestId: request.id, councilId: parent.councilId, uprn: parent.uprn, bins: input.bins, concession: sub.concession,
      yearStart: sub.yearStart, yearEnd: sub.yearEnd, roundId: sub.roundId, addsTo: parent.id,
    });
    return request;
  });
}
