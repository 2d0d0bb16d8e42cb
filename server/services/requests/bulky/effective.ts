/**
 * Where a booked bulky collection really happens now (docs/requests.md "Bulky: officer changes").
 * A booking stores the date the resident booked; an officer's change published later (move or
 * cancel the round's day) is not written into the booking: the booking follows its round's
 * collection, read from the schedule each time, so withdrawing the change puts it back too.
 *
 * - Its round still collects on the booked date (bank-holiday moves included): that collection.
 * - Else the collection whose base date is the booked date, wherever an officer moved it: the
 *   booking moves with it (the property page, calendar, crew sheet and completion all follow).
 * - That collection cancelled: `cancelled` — the booking stays confirmed, off the calendar and the
 *   round sheet, and is shown to officers (and the resident) as needing rebooking.
 */
import { addDays, type LocalDate } from '../../../domain/dates.ts';
import { roundCollections, type CompiledRules, type Occurrence, type RoundPlan } from '../../../domain/schedule.ts';

/** How far an officer's move is followed. */
const FOLLOW_DAYS = 62;

export type BookedDay =
  | { state: 'on'; date: LocalDate; originalDate: LocalDate; moved: boolean }
  | { state: 'cancelled'; originalDate: LocalDate }
  | { state: 'gone' };

export function bookedDay(round: RoundPlan | undefined, rules: CompiledRules, booked: LocalDate): BookedDay {
  if (!round) return { state: 'gone' };
  const same = roundCollections(round, rules, booked, booked).find((o) => o.date === booked);
  if (same) return { state: 'on', date: booked, originalDate: same.originalDate, moved: false };
  const around: Occurrence[] = roundCollections(round, rules, addDays(booked, -FOLLOW_DAYS), addDays(booked, FOLLOW_DAYS), { includeCancelled: true });
  const followed = around.find((o) => o.originalDate === booked);
  if (!followed) return { state: 'gone' };
  if (followed.cancelled || followed.date === null) return { state: 'cancelled', originalDate: booked };
  return { state: 'on', date: followed.date, originalDate: followed.originalDate, moved: true };
}

/** Booked dates whose collection can land on `date` (the crew sheet's look-up window). */
export const bookedDatesAround = (date: LocalDate) => ({ from: addDays(date, -FOLLOW_DAYS), to: addDays(date, FOLLOW_DAYS) });
