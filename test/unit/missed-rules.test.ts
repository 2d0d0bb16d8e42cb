import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { addDays, dayNumber, isoWeekday, localDateAt } from '../../server/domain/dates.ts';
import { holidayCalendar, isWorkingDay } from '../../server/domain/holidays.ts';
import {
  canTransition, decideReport, dueByFor, reportWindowClosesAt, type ReportFacts, type ReportSettings,
} from '../../server/domain/missed-rules.ts';
import { formatReference, parseReference } from '../../server/domain/reference.ts';

// England and Wales 2026 bank holidays that matter here.
const holidays = holidayCalendar([
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day' },
]);
const settings: ReportSettings = { timezone: 'Europe/London', sameDayCutoff: '17:00', reportWindowWorkingDays: 2, slaWorkingDays: 2 };
const at = (iso: string) => new Date(iso);
const decide = (now: string, facts: Partial<ReportFacts> = {}) =>
  decideReport({ now: at(now), settings, holidays, ...facts });

describe('not_due', () => {
  test('no collection yet', () => {
    const d = decide('2026-09-02T10:00:00+01:00');
    expect(d).toMatchObject({ accepted: false, code: 'not_due' });
  });

  test("today's collection: refused up to the minute before the cutoff, accepted from the cutoff minute", () => {
    const facts = { collectionDate: '2026-09-02', runStatus: 'in_progress' as const };
    expect(decide('2026-09-02T16:59:59+01:00', facts)).toMatchObject({ accepted: false, code: 'not_due', collectionDate: '2026-09-02' });
    expect(decide('2026-09-02T17:00:00+01:00', facts)).toMatchObject({ accepted: true, collectionDate: '2026-09-02' });
  });

  test('the cutoff is read in the council zone (GMT in winter, BST in summer)', () => {
    const winter = { collectionDate: '2026-12-02' };
    expect(decide('2026-12-02T16:59:00Z', winter)).toMatchObject({ code: 'not_due' });
    expect(decide('2026-12-02T17:00:00Z', winter)).toMatchObject({ accepted: true });
    // 16:30 UTC in September is 17:30 BST: past the cutoff.
    expect(decide('2026-09-02T16:30:00Z', { collectionDate: '2026-09-02' })).toMatchObject({ accepted: true });
  });

  test('a completed run opens reporting before the cutoff', () => {
    expect(decide('2026-09-02T11:00:00+01:00', { collectionDate: '2026-09-02', runStatus: 'completed' })).toMatchObject({ accepted: true });
    expect(decide('2026-09-02T11:00:00+01:00', { collectionDate: '2026-09-02', runStatus: 'not_started' })).toMatchObject({ code: 'not_due' });
  });

  test('a council with another cutoff', () => {
    const s = { ...settings, sameDayCutoff: '15:30' };
    expect(decideReport({ now: at('2026-09-02T15:29:00+01:00'), settings: s, holidays, collectionDate: '2026-09-02' })).toMatchObject({ code: 'not_due' });
    expect(decideReport({ now: at('2026-09-02T15:30:00+01:00'), settings: s, holidays, collectionDate: '2026-09-02' })).toMatchObject({ accepted: true });
  });
});

describe('window_closed', () => {
  test('open through the whole of the last working day, closed from midnight', () => {
    // Tuesday 1 Sep: working days after are Wed 2, Thu 3.
    const facts = { collectionDate: '2026-09-01' };
    expect(decide('2026-09-03T23:59:59+01:00', facts)).toMatchObject({ accepted: true });
    expect(decide('2026-09-04T00:00:00+01:00', facts)).toMatchObject({ accepted: false, code: 'window_closed', collectionDate: '2026-09-01' });
  });

  test('a bank holiday inside the window extends it', () => {
    // Thursday 27 Aug: Fri 28, (Mon 31 is a bank holiday), Tue 1 Sep.
    const facts = { collectionDate: '2026-08-27' };
    expect(reportWindowClosesAt('2026-08-27', settings, holidays).toISOString()).toBe('2026-09-01T23:00:00.000Z');
    expect(decide('2026-09-01T23:59:00+01:00', facts)).toMatchObject({ accepted: true });
    expect(decide('2026-09-02T00:00:00+01:00', facts)).toMatchObject({ code: 'window_closed' });
  });

  test('a Friday collection with a Monday bank holiday: Tuesday and Wednesday', () => {
    // Friday 1 May 2026; Monday 4 May is the early May bank holiday.
    const facts = { collectionDate: '2026-05-01' };
    expect(decide('2026-05-04T12:00:00+01:00', facts)).toMatchObject({ accepted: true });
    expect(decide('2026-05-06T23:59:00+01:00', facts)).toMatchObject({ accepted: true });
    expect(decide('2026-05-07T00:00:00+01:00', facts)).toMatchObject({ code: 'window_closed' });
  });

  test('a Saturday collection (Friday moved by a bank holiday) counts from Monday', () => {
    // Saturday 5 Sep: Mon 7, Tue 8.
    expect(decide('2026-09-08T23:59:00+01:00', { collectionDate: '2026-09-05' })).toMatchObject({ accepted: true });
    expect(decide('2026-09-09T00:00:00+01:00', { collectionDate: '2026-09-05' })).toMatchObject({ code: 'window_closed' });
  });

  test('Christmas: two bank holidays and a weekend inside the window', () => {
    // Thursday 24 Dec: (Fri 25 hol, Sat, Sun, Mon 28 hol) Tue 29, Wed 30.
    expect(decide('2026-12-30T23:59:00Z', { collectionDate: '2026-12-24' })).toMatchObject({ accepted: true });
    expect(decide('2026-12-31T00:00:00Z', { collectionDate: '2026-12-24' })).toMatchObject({ code: 'window_closed' });
  });

  test('window_closed wins over crew_reported and duplicate', () => {
    const d = decide('2026-09-10T10:00:00+01:00', { collectionDate: '2026-09-01', crewOutcome: 'not_presented', existingReference: 'KB-26-000001' });
    expect(d).toMatchObject({ code: 'window_closed' });
  });
});

describe('crew_reported', () => {
  test('any outcome but collected refuses, naming the outcome', () => {
    for (const outcome of ['not_presented', 'contaminated', 'excess_waste', 'no_access', 'too_heavy', 'damaged_container']) {
      const d = decide('2026-09-02T10:00:00+01:00', { collectionDate: '2026-09-01', crewOutcome: outcome });
      expect(d).toMatchObject({ accepted: false, code: 'crew_reported', outcome });
    }
  });

  test('collected does not refuse (the resident says otherwise: that is the report)', () => {
    expect(decide('2026-09-02T10:00:00+01:00', { collectionDate: '2026-09-01', crewOutcome: 'collected' })).toMatchObject({ accepted: true });
  });

  test('crew_reported wins over duplicate', () => {
    const d = decide('2026-09-02T10:00:00+01:00', { collectionDate: '2026-09-01', crewOutcome: 'contaminated', existingReference: 'KB-26-000001' });
    expect(d).toMatchObject({ code: 'crew_reported' });
  });
});

describe('duplicate', () => {
  test('names the existing reference', () => {
    const d = decide('2026-09-02T10:00:00+01:00', { collectionDate: '2026-09-01', existingReference: 'KB-26-000007' });
    expect(d).toMatchObject({ accepted: false, code: 'duplicate', reference: 'KB-26-000007' });
  });
});

describe('accepted and due_by', () => {
  test('due by the end of the sla-th working day after the day it was made', () => {
    const d = decide('2026-09-02T10:00:00+01:00', { collectionDate: '2026-09-01' });
    expect(d.accepted).toBe(true);
    if (d.accepted) expect(d.dueBy.toISOString()).toBe('2026-09-04T22:59:59.000Z'); // Friday 23:59:59 BST
  });

  test('made on a Friday before a bank holiday Monday: due Wednesday', () => {
    expect(dueByFor(at('2026-05-01T18:00:00+01:00'), settings, holidays).toISOString()).toBe('2026-05-06T22:59:59.000Z');
  });

  test('made late in the evening counts from that (local) day, across the BST change', () => {
    // 23:30 BST on Friday 23 Oct is still Friday; due Tuesday 27 Oct, by then GMT.
    expect(dueByFor(at('2026-10-23T22:30:00Z'), settings, holidays).toISOString()).toBe('2026-10-27T23:59:59.000Z');
  });
});

describe('workflow', () => {
  test('forward only: open → scheduled → resolved | closed', () => {
    expect(canTransition('open', 'scheduled')).toBe(true);
    expect(canTransition('scheduled', 'resolved')).toBe(true);
    expect(canTransition('scheduled', 'closed')).toBe(true);
    expect(canTransition('open', 'closed')).toBe(true);
    expect(canTransition('scheduled', 'open')).toBe(false);
    expect(canTransition('resolved', 'closed')).toBe(false);
    expect(canTransition('closed', 'open')).toBe(false);
    expect(canTransition('open', 'open')).toBe(false);
    expect(canTransition('open', 'bogus')).toBe(false);
  });
});

test('references: KB-yy-nnnnnn, parsed case-insensitively', () => {
  expect(formatReference(2026, 123)).toBe('KB-26-000123');
  expect(parseReference(' kb-26-000123 ')).toBe('KB-26-000123');
  expect(parseReference('KB-26-12')).toBeNull();
  expect(parseReference('KB-26-000123; drop table')).toBeNull();
});

describe('properties', () => {
  const day = fc.integer({ min: dayNumber('2026-01-01'), max: dayNumber('2027-12-31') });
  const dateOf = (n: number) => addDays('1970-01-01', n);
  const minuteOffset = fc.integer({ min: 0, max: 14 * 24 * 60 });

  test('the window closes at a local midnight after a working day, at least one working day after D', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 10 }), (n, windowDays) => {
        const D = dateOf(n);
        const s = { ...settings, reportWindowWorkingDays: windowDays };
        const closes = reportWindowClosesAt(D, s, holidays);
        const lastDay = addDays(localDateAt(closes, s.timezone), -1);
        expect(isWorkingDay(dayNumber(lastDay), holidays)).toBe(true);
        expect(lastDay > D).toBe(true);
        // exactly windowDays working days in (D, lastDay]
        let count = 0;
        for (let d = dayNumber(D) + 1; d <= dayNumber(lastDay); d++) if (isWorkingDay(d, holidays)) count++;
        expect(count).toBe(windowDays);
      }),
    );
  });

  test('once closed, a window stays closed; accepted reports are due on a working day after now', () => {
    fc.assert(
      fc.property(day, minuteOffset, minuteOffset, (n, a, b) => {
        const D = dateOf(n);
        const base = new Date(`${D}T00:00:00Z`).getTime();
        const [t1, t2] = [Math.min(a, b), Math.max(a, b)].map((m) => new Date(base + m * 60_000));
        const d1 = decideReport({ now: t1, settings, holidays, collectionDate: D });
        const d2 = decideReport({ now: t2, settings, holidays, collectionDate: D });
        if (!d1.accepted && d1.code === 'window_closed') expect(d2).toMatchObject({ code: 'window_closed' });
        if (d1.accepted) {
          expect(t1.getTime()).toBeLessThan(d1.windowClosesAt.getTime());
          expect(d1.dueBy.getTime()).toBeGreaterThan(t1.getTime());
          const dueDay = localDateAt(d1.dueBy, settings.timezone);
          expect(isWorkingDay(dayNumber(dueDay), holidays)).toBe(true);
          expect(isoWeekday(dueDay)).toBeLessThanOrEqual(5);
        }
      }),
    );
  });
});
