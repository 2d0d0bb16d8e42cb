/**
 * A realistic day for the demo council at the demo clock (KERBSIDE_NOW, or the real time), so a
 * newcomer's Today board, reports list and insight page are not empty:
 *
 * - today: the smallest running round completed (crew events for every stop, then the run), the next
 *   two part-done (a third to two thirds of their stops), the rest not started;
 * - missed reports made through the ordinary services on earlier collection days: three overdue
 *   (one scheduled), three handled (two within the SLA, one late), and two open, not yet due, for
 *   today's completed round;
 * - one published service change: a round's collection in the next fortnight moved a day later.
 *
 * Everything goes through the services (crew events with markRoundActivity, runs, reports, the
 * exceptions service with its audit row), with clocks set to the moment each thing happened. Rounds
 * serving the showcase property's postcode are left alone (the resident browser tests report
 * there), and so is the day's largest round (the crew browser test starts it fresh). Choices come
 * from the bundle's seeded PRNG, so the day is the same for the same clock.
 */
import { fixedClock } from '../clock.ts';
import type { ServiceContext, SessionUser } from '../context.ts';
import { addDays, instantAt, localDateAt, type LocalDate } from '../domain/dates.ts';
import type { CrewOutcome } from '../domain/missed-rules.ts';
import { DomainError } from '../errors.ts';
import { publishException } from '../services/changes/exceptions.ts';
import { recordEvents, recordRun, type CrewEventInput } from '../services/crew-events.ts';
import { roundSheet, roundsOn } from '../services/crew-rounds.ts';
import { submitReport, updateReport } from '../services/reports.ts';
import { seededRandom, type DemoBundle } from './demo-bundle.ts';

const TZ = 'Europe/London';
const OTHER_OUTCOMES: CrewOutcome[] = ['not_presented', 'not_presented', 'not_presented', 'contaminated', 'excess_waste', 'no_access', 'too_heavy', 'damaged_container'];

export interface DemoDay {
  completed: string[];
  partDone: string[];
  reports: string[];
  change?: string;
}

const uuid = (rand: () => number) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** `ctx` with its clock stopped at `at` and acting as `user`. */
const as = (ctx: ServiceContext, user: SessionUser, at: Date): ServiceContext => ({ db: ctx.db, clock: fixedClock(at), user, councilId: user.councilId });

export async function seedDemoDay(
  ctx: ServiceContext, bundle: DemoBundle, showcaseUprn: string, users: { crew: SessionUser; officer: SessionUser },
): Promise<DemoDay> {
  const rand = seededRandom(20261207);
  const now = ctx.clock.now();
  const today = localDateAt(now, TZ);
  const out: DemoDay = { completed: [], partDone: [], reports: [] };

  // The showcase postcode's homes and their rounds stay as the bundle left them.
  const postcode = bundle.properties.find((p) => p.uprn === showcaseUprn)?.postcode;
  const protectedHomes = new Set(bundle.properties.filter((p) => p.postcode === postcode).map((p) => Number(p.uprn)));
  const protectedRounds = new Set(bundle.assignments.filter((a) => protectedHomes.has(Number(a.uprn))).map((a) => a.round));
  const crewNow = as(ctx, users.crew, now);

  // Crew outcomes for the first `share` of a round's stops, between 07:00 and now (or the two hours before now).
  async function work(roundId: string, date: LocalDate, share: number, end: Date) {
    const sheet = await roundSheet(crewNow, roundId, date);
    const stops = sheet.stops.slice(0, Math.round(sheet.stops.length * share));
    if (!stops.length) return [];
    let start = instantAt(date, '07:00', TZ).getTime();
    if (start >= end.getTime()) start = end.getTime() - 2 * 3600_000;
    const step = (end.getTime() - start) / (stops.length + 1);
    const events: CrewEventInput[] = stops.map((s, i) => ({
      id: uuid(rand), uprn: Number(s.uprn), service: sheet.round.service.id, date,
      outcome: rand() < 0.05 ? OTHER_OUTCOMES[Math.floor(rand() * OTHER_OUTCOMES.length)] : 'collected',
      recordedAt: new Date(start + step * (i + 1)),
    }));
    await recordRun(as(ctx, users.crew, new Date(start)), { round: roundId, date, status: 'in_progress' });
    for (let i = 0; i < events.length; i += 500) await recordEvents(crewNow, { events: events.slice(i, i + 500) });
    return events;
  }

  // Today's rounds, smallest first; the largest and the showcase's are left alone.
  const day = await roundsOn(crewNow, today);
  const candidates = day.rounds.filter((r) => r.stops > 0 && !protectedRounds.has(r.id) && r.service.id !== 'trade').sort((a, b) => a.stops - b.stops || (a.id < b.id ? -1 : 1));
  const largest = [...day.rounds].sort((a, b) => b.stops - a.stops)[0]?.id;
  const usable = candidates.filter((r) => r.id !== largest);
  let completedEvents: CrewEventInput[] = [];
  if (usable[0]) {
    const finish = new Date(now.getTime() - 20 * 60_000);
    completedEvents = await work(usable[0].id, today, 1, finish);
    await recordRun(as(ctx, users.crew, finish), { round: usable[0].id, date: today, status: 'completed' });
    out.completed.push(usable[0].id);
  }
  for (const r of usable.slice(1, 3)) {
    await work(r.id, today, 1 / 3 + rand() / 3, now);
    out.partDone.push(r.id);
  }

  // Reports on earlier collection days: a week or more ago, so two working days have passed.
  const earlier: Array<{ date: LocalDate; round: string; service: string }> = [];
  for (let k = 7; k <= 35 && earlier.length < 6; k++) {
    const date = addDays(today, -k);
    const past = await roundsOn(crewNow, date);
    const pick = past.rounds.filter((r) => r.stops > 0 && !protectedRounds.has(r.id) && r.service.id !== 'trade');
    if (pick.length) {
      const r = pick[Math.floor(rand() * pick.length)];
      earlier.push({ date, round: r.id, service: r.service.id });
    }
  }
  const plans: Array<'overdue' | 'scheduled' | 'in_time' | 'late'> = ['overdue', 'in_time', 'scheduled', 'late', 'overdue', 'in_time'];
  for (const [i, e] of earlier.entries()) {
    const sheet = await roundSheet(crewNow, e.round, e.date);
    const stop = sheet.stops[Math.floor(rand() * sheet.stops.length)];
    if (!stop || protectedHomes.has(Number(stop.uprn))) continue;
    const madeAt = instantAt(e.date, '18:30', TZ);
    const reference = await tryReport(as(ctx, users.crew, madeAt), Number(stop.uprn), e.service);
    if (!reference) continue;
    out.reports.push(reference);
    const officerAt = (days: number) => as(ctx, users.officer, instantAt(addDays(e.date, days), '10:15', TZ));
    if (plans[i] === 'scheduled') await updateReport(officerAt(1), reference, { status: 'scheduled', note: 'A crew will call back.' });
    if (plans[i] === 'in_time') await updateReport(officerAt(1), reference, { status: 'resolved', note: 'The crew went back and emptied the bin.' });
    if (plans[i] === 'late') await updateReport(officerAt(6), reference, { status: 'resolved', note: 'Collected on the return visit.' });
  }
  // Two fresh reports on today's completed round (collected there, says the resident): open, not yet due.
  for (const e of completedEvents.filter((x) => x.outcome === 'collected' && !protectedHomes.has(x.uprn)).slice(5, 7)) {
    const reference = await tryReport(as(ctx, users.crew, now), e.uprn, e.service);
    if (reference) out.reports.push(reference);
  }

  out.change = await publishChange(ctx, users.officer, today, protectedRounds, rand);
  return out;
}

/** A phone report taken by staff; a refusal (window closed, duplicate, …) just means no report here. */
async function tryReport(ctx: ServiceContext, uprn: number, service: string): Promise<string | undefined> {
  try {
    const r = await submitReport({ ...ctx, user: undefined }, { uprn, service, channel: 'phone', name: 'Demo resident', notes: 'Bin still full at the kerb.' });
    return r.reference;
  } catch (err) {
    if (err instanceof DomainError && err.status < 500) return undefined;
    throw err;
  }
}

/** One round's collection within the next fortnight moves a day later (the first date that can take it). */
async function publishChange(ctx: ServiceContext, officer: SessionUser, today: LocalDate, protectedRounds: Set<string>, rand: () => number) {
  const officerNow = as(ctx, officer, ctx.clock.now());
  for (let k = 2; k <= 14; k++) {
    const date = addDays(today, k);
    const day = await roundsOn(officerNow, date);
    const pick = day.rounds.filter((r) => r.stops > 0 && !protectedRounds.has(r.id) && !r.changed && r.service.id !== 'trade');
    if (!pick.length) continue;
    const round = pick[Math.floor(rand() * pick.length)];
    try {
      const published = await publishException(officerNow, {
        date, action: 'move', to: addDays(date, 1), rounds: [round.id], reason: 'Road resurfacing: collected the next day',
      });
      return published.id;
    } catch (err) {
      if (err instanceof DomainError && err.status < 500) continue;
      throw err;
    }
  }
  return undefined;
}
