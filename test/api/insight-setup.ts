/**
 * A small council whose insight figures are worked out by hand (test/api/insight.test.ts, and the
 * reports round filter in officer-rounds-filter.test.ts). Clock: Tuesday 1 Dec 2026, 11:00 UTC.
 * Period under test: Monday 2 Nov to Sunday 15 Nov 2026 (two weeks), no bank holidays (rule none).
 *
 * Rounds and scheduled collections in the period:
 * - REF-MON refuse, weekly Monday: 1001, 1002, 1003 from 1 Jan; 1004 from Mon 9 Nov.
 *   Mon 2 Nov: 3, Mon 9 Nov: 4 → 7.
 * - REC-TUE recycling, fortnightly Tuesday from Tue 6 Jan: collects Tue 10 Nov only (3 Nov is the
 *   off week). 1001, 1002 → 2.
 * - GDN-WED garden, weekly Wednesday: 1003; Wed 4 Nov cancelled (exception) → Wed 11 Nov only: 1.
 * Week of 2 Nov: 3 scheduled; week of 9 Nov: 4 + 2 + 1 = 7. Total 10.
 *
 * Reports with a collection date in the period:
 * - 1001 refuse 2 Nov, due Wed 4 Nov, resolved Tue 3 Nov → in time (REF-MON, week 2 Nov)
 * - 1002 refuse 9 Nov, due Wed 11 Nov, resolved Thu 12 Nov → late (REF-MON, week 9 Nov)
 * - 1001 recycling 10 Nov, due Thu 12 Nov, still open → overdue (REC-TUE, week 9 Nov)
 * - 1005 refuse 9 Nov (on no round), due Thu 3 Dec, open → pending, unassigned (week 9 Nov)
 * Outside: 1001 refuse 16 Nov; another council's report on 2 Nov.
 * Crew events (latest outcome per stop): 1001 refuse 2 Nov not_presented then collected → collected;
 * 1002 refuse 2 Nov contaminated; 1003 garden 11 Nov no_access; 1001 refuse 16 Nov (outside); another
 * council's event on 2 Nov.
 */
import { expect } from 'bun:test';
import type { Database } from '../../db/client.ts';
import {
  assignments, councils, crewEvents, missedReports, properties, reportUpdates, roundSchedules, rounds, scheduleExceptions, services,
} from '../../db/schema/index.ts';
import { addUser } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { resetDatabase } from '../support/db.ts';

export const NOW = '2026-12-01T11:00:00Z';

export async function seedInsightCouncil(database: Database) {
  await resetDatabase(database);
  const t = buildTestApp(database, NOW);
  const db = database.db;
  const [{ id: demoId }, { id: otherId }] = await db.insert(councils).values([
    { slug: 'demo', name: 'Demo', bankHolidayRule: 'none' }, { slug: 'other', name: 'Other', bankHolidayRule: 'none' },
  ]).returning({ id: councils.id });
  await db.insert(services).values([
    { councilId: demoId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId: demoId, id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: 'Blue bin', colour: '#1d70b8' },
    { councilId: demoId, id: 'garden', name: 'Garden', stream: 'garden', container: 'Green bin', colour: '#00703c' },
    { councilId: otherId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
  ]);
  await db.insert(rounds).values([
    { councilId: demoId, id: 'REF-MON', serviceId: 'refuse', name: 'Refuse Monday' },
    { councilId: demoId, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: demoId, id: 'GDN-WED', serviceId: 'garden', name: 'Garden Wednesday' },
    { councilId: otherId, id: 'REF-MON', serviceId: 'refuse', name: 'Other Monday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId: demoId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId: demoId, roundId: 'REC-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 2 },
    { councilId: demoId, roundId: 'GDN-WED', from: '2026-01-01', anchor: '2026-01-07', everyWeeks: 1 },
    { councilId: otherId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
  ]);
  await db.insert(scheduleExceptions).values({ councilId: demoId, id: 'gdn-cancel', date: '2026-11-04', action: 'cancel', rounds: ['GDN-WED'], reason: 'Vehicle off the road' });
  const home = (uprn: number, councilId = demoId) => ({ uprn, councilId, address: `${uprn} Test Road`, postcode: 'DE1 1AA', lat: 52.9, lon: -1.5 });
  await db.insert(properties).values([home(1001), home(1002), home(1003), home(1004), home(1005), home(2001, otherId)]);
  await db.insert(assignments).values([
    { councilId: demoId, uprn: 1001, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 1002, roundId: 'REF-MON', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 1003, roundId: 'REF-MON', from: '2026-01-01', sequence: 3 },
    { councilId: demoId, uprn: 1004, roundId: 'REF-MON', from: '2026-11-09', sequence: 4 },
    { councilId: demoId, uprn: 1001, roundId: 'REC-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 1002, roundId: 'REC-TUE', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 1003, roundId: 'GDN-WED', from: '2026-01-01', sequence: 1 },
    { councilId: otherId, uprn: 2001, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
  ]);
  const report = (reference: string, uprn: number, serviceId: string, collectionDate: string, status: string, dueBy: string, councilId = demoId) => ({
    reference, councilId, uprn, serviceId, collectionDate, status, channel: 'web', dueBy: new Date(dueBy),
    createdAt: new Date(`${collectionDate}T17:00:00Z`), updatedAt: new Date(`${collectionDate}T17:00:00Z`),
  });
  await db.insert(missedReports).values([
    report('KB-26-000001', 1001, 'refuse', '2026-11-02', 'resolved', '2026-11-04T23:59:00Z'),
    report('KB-26-000002', 1002, 'refuse', '2026-11-09', 'closed', '2026-11-11T23:59:00Z'),
    report('KB-26-000003', 1001, 'recycling', '2026-11-10', 'open', '2026-11-12T23:59:00Z'),
    report('KB-26-000004', 1005, 'refuse', '2026-11-09', 'open', '2026-12-03T23:59:00Z'),
    report('KB-26-000005', 1001, 'refuse', '2026-11-16', 'open', '2026-11-18T23:59:00Z'),
    report('KB-26-000006', 2001, 'refuse', '2026-11-02', 'open', '2026-11-04T23:59:00Z', otherId),
  ]);
  await db.insert(reportUpdates).values([
    { councilId: demoId, reference: 'KB-26-000001', at: new Date('2026-11-02T17:00:00Z'), status: 'open' },
    { councilId: demoId, reference: 'KB-26-000001', at: new Date('2026-11-03T09:00:00Z'), status: 'resolved' },
    { councilId: demoId, reference: 'KB-26-000002', at: new Date('2026-11-12T09:00:00Z'), status: 'closed' },
  ]);
  const ev = (n: number, uprn: number, serviceId: string, date: string, outcome: string, at: string, councilId = demoId) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, councilId, uprn, serviceId, date, outcome, recordedAt: new Date(at),
  });
  await db.insert(crewEvents).values([
    ev(1, 1001, 'refuse', '2026-11-02', 'not_presented', '2026-11-02T08:00:00Z'),
    ev(2, 1001, 'refuse', '2026-11-02', 'collected', '2026-11-02T09:00:00Z'),
    ev(3, 1002, 'refuse', '2026-11-02', 'contaminated', '2026-11-02T08:10:00Z'),
    ev(4, 1003, 'garden', '2026-11-11', 'no_access', '2026-11-11T08:00:00Z'),
    ev(5, 1001, 'refuse', '2026-11-16', 'collected', '2026-11-16T08:00:00Z'),
    ev(6, 2001, 'refuse', '2026-11-02', 'excess_waste', '2026-11-02T08:00:00Z', otherId),
  ]);

  async function signIn(email: string, role: 'crew' | 'officer' | 'admin' | 'customer' = 'officer', council = 'demo') {
    await addUser(t.deps, { councilSlug: council, email, password: 'a long password', role });
    const res = await t.app.request('/api/v1/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long password' }),
    });
    expect(res.status).toBe(204);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0] };
  }
  return { ...t, demoId, otherId, signIn };
}
