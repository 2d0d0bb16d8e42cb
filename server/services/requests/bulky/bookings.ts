/**
 * Bulky waste bookings: book (through the shared lifecycle, which takes the payment), amend before
 * the cut-off, and the kind's hooks (server/services/requests/kinds.ts): what paying, expiring and
 * cancelling mean for a booking. Decisions in docs/requests.md "Bulky".
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.ts';
import { bulkyBookings, requestHistory, residentRequests } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { addDays, isoWeekday, type LocalDate } from '../../../domain/dates.ts';
import { longDate } from '../../../../web/i18n/dates.ts';
import { isLang, translate, type Lang } from '../../../../web/i18n/index.ts';
import {
  BOOKING_WINDOW_DAYS, amendDifference, beforeCutoff, bulkyPrice, cancelRefund, itemLines, pastCutoff, type BookedItem,
} from '../../../domain/requests/bulky.ts';
import type { BulkyConfig } from '../../../domain/requests/config.ts';
import { DomainError, forbidden, notFound } from '../../../errors.ts';
import { scheduleChanged } from '../../lookup/invalidate.ts';
import { councilToday, getCouncil, loadCouncilSchedule } from '../../schedule.ts';
import { registerKind, type RequestRow } from '../kinds.ts';
import { formatPence, insertRequest, processRefunds, submitRequest } from '../lifecycle.ts';
import { bookedDay } from './effective.ts';
import { bulkyProperty, bulkyRoundOn, openDates, takePlace } from './places.ts';

export interface BookingInput {
  uprn: number;
  date: LocalDate;
  items: BookedItem[];
  location: string;
  name: string;
  email: string;
  phone?: string | null;
  language?: string;
  channel?: string;
}

/**
 * The round for `date` if it is open for booking now. Otherwise `past_cutoff` when it is (or was) a
 * bulky collection day on a booking weekday whose cut-off has passed, `not_bookable` for any other date.
 */
async function roundFor(ctx: ServiceContext, councilId: number, config: BulkyConfig, date: LocalDate): Promise<string> {
  const council = await getCouncil(ctx, councilId);
  const open = await openDates(ctx, council, config);
  const hit = open.find((d) => d.date === date);
  if (hit) return hit.roundId;
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const round = bulkyRoundOn(schedule, date, date)(date);
  const today = councilToday(ctx, council);
  if (round && config.weekdays.includes(isoWeekday(round.originalDate)) && date >= today && date <= addDays(today, BOOKING_WINDOW_DAYS)) {
    throw pastCutoff();
  }
  throw new DomainError('not_bookable', `There is no bulky waste collection to book on ${date}. Choose one of the dates offered.`, 422);
}

/** `POST /api/v1/bulky-bookings`: check everything, hold a place, and hand over to the payment. */
export async function bookBulky(ctx: ServiceContext, input: BookingInput) {
  return submitRequest(ctx, async (tx) => {
    const tctx = { ...ctx, db: tx };
    const { property, council, config } = await bulkyProperty(tctx, input.uprn);
    const price = bulkyPrice(config, input.items);
    const roundId = await roundFor(tctx, council.id, config, input.date);
    await takePlace(tx, tctx, council.id, input.date, config.perDay);
    const request = await insertRequest(tx, tctx, {
      councilId: council.id, kind: 'bulky_booking', uprn: property.uprn, amountPence: price.pence,
      name: input.name, email: input.email, phone: input.phone ?? null, language: input.language ?? 'en', channel: input.channel ?? 'api',
    });
    await tx.insert(bulkyBookings).values({
      requestId: request.id, councilId: council.id, uprn: property.uprn, date: input.date, roundId, items: price.items, location: input.location,
    });
    return request;
  });
}

export type BookingRow = typeof bulkyBookings.$inferSelect;

/** A booking and its request, by reference (another kind's reference is not found). */
export async function bookingByReference(ctx: ServiceContext, reference: string): Promise<{ request: typeof residentRequests.$inferSelect; booking: BookingRow }> {
  const [row] = await ctx.db
    .select({ request: residentRequests, booking: bulkyBookings })
    .from(residentRequests)
    .innerJoin(bulkyBookings, eq(bulkyBookings.requestId, residentRequests.id))
    .where(and(eq(residentRequests.reference, reference), eq(residentRequests.kind, 'bulky_booking')));
  if (!row) throw notFound(`No bulky waste booking ${reference}`);
  return row;
}

async function configOf(ctx: ServiceContext, councilId: number): Promise<BulkyConfig> {
  const config = (await getCouncil(ctx, councilId)).requests?.bulky;
  if (!config) throw new DomainError('not_served', 'This council no longer offers bulky waste collections online.', 422);
  return config;
}

async function isBeforeCutoff(ctx: ServiceContext, councilId: number, config: BulkyConfig, date: LocalDate): Promise<boolean> {
  const schedule = await loadCouncilSchedule(ctx, councilId);
  return beforeCutoff(config, date, ctx.clock.now(), schedule.holidays, schedule.council.timezone);
}

/** Whether the resident may still change or cancel the booking: confirmed, and before its cut-off. */
export async function bookingChangeable(ctx: ServiceContext, request: { status: string; councilId: number }, booking: Pick<BookingRow, 'date'>): Promise<boolean> {
  if (request.status !== 'confirmed') return false;
  const config = (await getCouncil(ctx, request.councilId)).requests?.bulky;
  return Boolean(config) && isBeforeCutoff(ctx, request.councilId, config!, booking.date);
}

export interface AmendInput {
  email?: string;
  date?: LocalDate;
  items?: BookedItem[];
  location?: string;
}

/**
 * `PATCH /api/v1/bulky-bookings/{reference}`: change the date, items or location of a confirmed
 * booking before its cut-off. The resident proves it is theirs with the booking's email (an
 * officer of its council needs none). A new date takes a place like a booking (and frees the old
 * one); items that cost more are refused (`amend_costs_more`), less refunds the difference.
 */
export async function amendBulky(ctx: ServiceContext, reference: string, input: AmendInput): Promise<{ request: RequestRow; refundPence: number }> {
  const result = await (ctx.db as Tx).transaction(async (tx) => {
    const tctx = { ...ctx, db: tx };
    const { request, booking } = await bookingByReference(tctx, reference);
    const officer = ctx.user && ctx.user.councilId === request.councilId && ['officer', 'admin'].includes(ctx.user.role);
    if (!officer && (!input.email || input.email.trim().toLowerCase() !== (request.email ?? '').toLowerCase())) {
      throw forbidden('Give the email address the booking was made with.');
    }
    if (request.status !== 'confirmed') {
      throw new DomainError('invalid_transition', `Only a confirmed booking can be changed; this one is ${request.status}.`, 409);
    }
    const config = await configOf(tctx, request.councilId);
    if (!(await isBeforeCutoff(tctx, request.councilId, config, booking.date))) throw pastCutoff();

    const changes: Partial<BookingRow> = {};
    let refundPence = 0;
    let amountPence = request.amountPence;
    if (input.items) {
      const price = bulkyPrice(config, input.items);
      changes.items = price.items;
      refundPence = amendDifference(request.paidPence - request.refundDuePence, price.pence).refundPence;
      amountPence = price.pence;
    }
    if (input.date && input.date !== booking.date) {
      changes.roundId = await roundFor(tctx, request.councilId, config, input.date);
      await takePlace(tx, tctx, request.councilId, input.date, config.perDay);
      changes.date = input.date;
    }
    if (input.location !== undefined) changes.location = input.location;
    if (Object.keys(changes).length) await tx.update(bulkyBookings).set(changes).where(eq(bulkyBookings.requestId, request.id));

    const now = ctx.clock.now();
    await tx.update(residentRequests).set({
      updatedAt: now, amountPence,
      // Owed now; the lifecycle sends it through the provider after the commit (and retries it).
      ...(refundPence > 0 ? { refundDuePence: request.refundDuePence + refundPence } : {}),
    }).where(eq(residentRequests.id, request.id));
    await tx.insert(requestHistory).values({
      councilId: request.councilId, requestId: request.id, at: now, status: request.status, userId: officer ? ctx.user!.id : null,
      note: amendNote(config, { ...booking, ...changes }, request.language, refundPence),
      detail: { before: { date: booking.date, items: booking.items, location: booking.location }, refundPence },
    });
    // The property's page and calendar show the booking: they must see the change.
    await scheduleChanged(tx, request.councilId);
    return { request: { ...request, amountPence } as RequestRow, refundPence };
  });
  if (result.refundPence > 0) await processRefunds(ctx, result.request.id);
  return result;
}

const langOf = (l: string): Lang => (isLang(l) ? l : 'en');

function amendNote(config: BulkyConfig, booking: Pick<BookingRow, 'date' | 'items'>, language: string, refundPence: number): string {
  const lang = langOf(language);
  const what = `${longDate(lang, booking.date, true)}: ${itemLines(config, booking.items, lang).join(', ')}`;
  return refundPence > 0
    ? translate(lang, 'bulky.history_changed_refund', { what, amount: formatPence(refundPence) })
    : translate(lang, 'bulky.history_changed', { what });
}

async function bookingOf(tx: Tx, request: RequestRow): Promise<BookingRow> {
  const [booking] = await tx.select().from(bulkyBookings).where(eq(bulkyBookings.requestId, request.id));
  if (!booking) throw notFound(`No bulky waste booking ${request.reference}`);
  return booking;
}

registerKind({
  kind: 'bulky_booking',
  prefix: 'BW',
  paidStatus: 'confirmed',
  // Paid: the booking's status makes it a stop on its round and a collection on the property's
  // page and calendar; only the cached answers need telling.
  async activate(tx, _ctx, request) {
    await scheduleChanged(tx, request.councilId);
  },
  // Unpaid in time (or cancelled before paying, or its payment could not be made): free the place.
  async expire(tx, _ctx, request) {
    await tx.update(bulkyBookings).set({ held: false }).where(eq(bulkyBookings.requestId, request.id));
  },
  async cancel(tx, ctx, request) {
    const tctx = { ...ctx, db: tx };
    const booking = await bookingOf(tx, request);
    const config = await configOf(tctx, request.councilId);
    const refundPence = cancelRefund(config, request.paidPence, await isBeforeCutoff(tctx, request.councilId, config, booking.date));
    await tx.update(bulkyBookings).set({ held: false }).where(eq(bulkyBookings.requestId, request.id));
    await scheduleChanged(tx, request.councilId);
    return { refundPence };
  },
  async describe(tx, ctx, request) {
    const booking = await bookingOf(tx, request);
    const config = await configOf({ ...ctx, db: tx }, request.councilId);
    const lang = langOf(request.language);
    // An officer's change to the round's day since it was booked (effective.ts): say where it went.
    const schedule = await loadCouncilSchedule({ ...ctx, db: tx }, request.councilId);
    const day = bookedDay(schedule.rounds.get(booking.roundId), schedule.rules, booking.date);
    const live = request.status === 'confirmed';
    return [
      translate(lang, 'bulky.describe_date', { date: longDate(lang, booking.date, true) }),
      ...(live && day.state === 'on' && day.moved
        ? [translate(lang, 'bulky.history_moved', { from: longDate(lang, booking.date, true), to: longDate(lang, day.date, true) })] : []),
      ...(live && day.state !== 'on' ? [translate(lang, 'bulky.history_needs_rebooking', { date: longDate(lang, booking.date, true) })] : []),
      ...itemLines(config, booking.items, lang),
      translate(lang, 'bulky.describe_location', { location: booking.location }),
    ];
  },
});
