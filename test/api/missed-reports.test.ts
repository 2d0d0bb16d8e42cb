import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { crewEvents, roundRuns } from '../../db/schema/index.ts';
import { openTestDatabase } from '../support/db.ts';
import {
  app, count, FRIDAY_HOME, formPost, HOME, jsonPost, NEIGHBOUR, OTHER_HOME, report, resetReports, rows, seedCouncils, signIn, WEDNESDAY,
} from './reports-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetReports(database));

const testshireId = async () => Number(rows(await database.db.execute(sql`select id from councils where slug = 'testshire'`))[0].id);

async function post(body: unknown, now = WEDNESDAY, headers: Record<string, string> = {}) {
  const { app: a } = app(database, now);
  return a.request('/api/v1/missed-reports', jsonPost(body, headers));
}

describe('POST /api/v1/missed-reports', () => {
  test('accepted: 201 with reference, collection date and due-by; GET shows status and history, no personal data', async () => {
    const res = await post(report());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ reference: 'KB-26-000001', status: 'open', collectionDate: '2026-09-01', dueBy: '2026-09-04T22:59:59.000Z' });
    expect(res.headers.get('location')).toBe('/api/v1/missed-reports/KB-26-000001');

    const { app: a } = app(database);
    const got = await a.request('/api/v1/missed-reports/kb-26-000001');
    expect(got.status).toBe(200);
    const text = await got.text();
    const view = JSON.parse(text);
    expect(view).toMatchObject({ reference: 'KB-26-000001', status: 'open', service: 'refuse', collectionDate: '2026-09-01', dueBy: '2026-09-04T22:59:59.000Z' });
    expect(view.history).toEqual([{ at: '2026-09-02T09:00:00.000Z', status: 'open', note: 'Report received.' }]);
    for (const secret of ['Ada', 'ada@example.org', '01234', 'kerb', 'reporter', 'email', 'phone']) expect(text).not.toContain(secret);
  });

  test('the property answer explains itself before and after a report', async () => {
    const { app: a } = app(database);
    const before = await (await a.request(`/api/v1/properties/${HOME}`)).json();
    const refuse = before.services.find((s: any) => s.id === 'refuse');
    expect(refuse.reportable).toBe(true);
    expect(refuse.reportBlockedReason).toBeUndefined();
    await post(report());
    const after = await (await a.request(`/api/v1/properties/${HOME}`)).json();
    const refuseAfter = after.services.find((s: any) => s.id === 'refuse');
    expect(refuseAfter).toMatchObject({ reportable: false, reportBlockedReason: 'duplicate' });
  });

  test('duplicate: 409 with the existing reference', async () => {
    expect((await post(report())).status).toBe(201);
    const again = await post(report({ name: 'Someone Else', email: 'other@example.org' }));
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({ code: 'duplicate', reference: 'KB-26-000001' });
  });

  test('50 concurrent identical submissions store one report; 49 answers are 409 with its reference', async () => {
    const { app: a } = app(database, WEDNESDAY, { rateLimitPerMinute: 0 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => a.request('/api/v1/missed-reports', jsonPost(report()))),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const created = bodies.find((b) => b.reference)!;
    for (const b of bodies.filter((b) => b.error)) expect(b.error).toMatchObject({ code: 'duplicate', reference: created.reference });
    expect(await count(database, 'missed_reports')).toBe(1);
    expect(await count(database, 'report_updates')).toBe(1);
    expect(await count(database, 'outbox')).toBe(1);
    // Refused duplicates used up no reference numbers: the next report is number 2.
    const next = await a.request('/api/v1/missed-reports', jsonPost(report({ uprn: NEIGHBOUR })));
    expect((await next.json()).reference).toBe('KB-26-000002');
  });

  test("not_due: today's collection before the cutoff; reportable at the cutoff or once the run is completed", async () => {
    const tuesday = '2026-09-01T16:59:00+01:00';
    const early = await post(report(), tuesday);
    expect(early.status).toBe(422);
    expect((await early.json()).error).toMatchObject({ code: 'not_due', collectionDate: '2026-09-01' });
    expect(await count(database, 'missed_reports')).toBe(0);

    await database.db.insert(roundRuns).values({ councilId: await testshireId(), roundId: 'REF-MON', date: '2026-09-01', status: 'completed', completedAt: new Date('2026-09-01T12:00:00+01:00') });
    expect((await post(report(), '2026-09-01T12:30:00+01:00')).status).toBe(201);
    // Food (a different round, still running) is still not due at 12:30, but is at 17:00.
    expect((await post(report({ service: 'food' }), '2026-09-01T12:30:00+01:00')).status).toBe(422);
    expect((await post(report({ service: 'food' }), '2026-09-01T17:00:00+01:00')).status).toBe(201);
  });

  test('window_closed: open all of the 2nd working day, closed from the next midnight', async () => {
    expect((await post(report(), '2026-09-03T23:59:00+01:00')).status).toBe(201);
    const late = await post(report({ uprn: NEIGHBOUR }), '2026-09-04T00:00:00+01:00');
    expect(late.status).toBe(422);
    expect((await late.json()).error.code).toBe('window_closed');
  });

  test('a Friday collection with a Monday bank holiday can be reported until Wednesday', async () => {
    expect((await post(report({ uprn: FRIDAY_HOME }), '2026-05-07T00:00:00+01:00')).status).toBe(422);
    const ok = await post(report({ uprn: FRIDAY_HOME }), '2026-05-06T23:59:00+01:00');
    expect(ok.status).toBe(201);
    // Made Wednesday 6 May: due Friday 8 May.
    expect(await ok.json()).toMatchObject({ collectionDate: '2026-05-01', dueBy: '2026-05-08T22:59:59.000Z' });
  });

  test('crew_reported: the crew recorded the bin as not presented', async () => {
    await database.db.insert(crewEvents).values({
      id: crypto.randomUUID(), councilId: await testshireId(), uprn: Number(HOME), serviceId: 'refuse', date: '2026-09-01',
      outcome: 'not_presented', recordedAt: new Date('2026-09-01T08:00:00+01:00'),
    });
    const res = await post(report());
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'crew_reported', outcome: 'not_presented' });
    // A later "collected" from the crew (a correction) makes it reportable again.
    await database.db.insert(crewEvents).values({
      id: crypto.randomUUID(), councilId: await testshireId(), uprn: Number(HOME), serviceId: 'refuse', date: '2026-09-01',
      outcome: 'collected', recordedAt: new Date('2026-09-01T09:00:00+01:00'),
    });
    expect((await post(report())).status).toBe(201);
  });

  test('an HTML form post works the same (same-origin)', async () => {
    const { app: a } = app(database);
    const fields = Object.fromEntries(Object.entries(report({ phone: '', notes: '' })).map(([k, v]) => [k, String(v)]));
    const res = await a.request('/api/v1/missed-reports', formPost(fields));
    expect(res.status).toBe(201);
    const stored = rows(await database.db.execute(sql`select reporter_phone, notes from missed_reports`));
    expect(stored).toEqual([{ reporter_phone: null, notes: null }]);
  });

  test('bad input is a 4xx with a code and stores nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      [report({ email: 'not-an-email' }), 400, 'invalid_email'],
      [report({ notes: 'x'.repeat(2001) }), 400, 'invalid_request'],
      [report({ name: '' }), 400, 'invalid_request'],
      [{ uprn: HOME, service: 'refuse', email: 'a@b.co' }, 400, 'invalid_request'],
      [report({ uprn: '12ab' }), 400, 'invalid_uprn'],
      [report({ uprn: '0' }), 400, 'invalid_uprn'],
      [report({ phone: 'call me maybe' }), 400, 'invalid_phone'],
      [report({ service: 'compost' }), 400, 'unknown_service'],
      [report({ uprn: NEIGHBOUR, service: 'garden' }), 400, 'unknown_service'], // not a service this property has
      [report({ uprn: '999999999' }), 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    }
    const { app: a } = app(database);
    const malformed = await a.request('/api/v1/missed-reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"uprn": ' });
    expect([malformed.status, (await malformed.json()).error.code]).toEqual([400, 'malformed_body']);
    const array = await a.request('/api/v1/missed-reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
    expect(array.status).toBe(400);
    const wrongType = await a.request('/api/v1/missed-reports', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://localhost' }, body: 'hello' });
    expect([wrongType.status, (await wrongType.json()).error.code]).toEqual([415, 'unsupported_media_type']);
    const huge = await a.request('/api/v1/missed-reports', jsonPost({ ...report(), padding: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(await count(database, 'missed_reports')).toBe(0);
    expect(await count(database, 'outbox')).toBe(0);
  });

  test('a property of another council is reported to that council', async () => {
    // Otherton's Tuesday round moved to Wednesday 2 Sep (bank holiday week): reportable after the cutoff.
    const res = await post(report({ uprn: OTHER_HOME }), '2026-09-02T18:00:00+01:00');
    expect(res.status).toBe(201);
    const stored = rows(await database.db.execute(sql`select c.slug from missed_reports r join councils c on c.id = r.council_id`));
    expect(stored[0].slug).toBe('otherton');
  });

  test('unknown reference: 404', async () => {
    const { app: a } = app(database);
    expect((await a.request('/api/v1/missed-reports/KB-26-999999')).status).toBe(404);
    expect((await a.request('/api/v1/missed-reports/nonsense')).status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  test('same key and body: the first answer again, one report', async () => {
    const first = await post(report(), WEDNESDAY, { 'Idempotency-Key': 'abc-123' });
    const second = await post(report(), WEDNESDAY, { 'Idempotency-Key': 'abc-123' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(await count(database, 'missed_reports')).toBe(1);
  });

  test('same key, different body: 422 idempotency_key_reused', async () => {
    await post(report(), WEDNESDAY, { 'Idempotency-Key': 'k1' });
    const other = await post(report({ uprn: NEIGHBOUR }), WEDNESDAY, { 'Idempotency-Key': 'k1' });
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    expect(await count(database, 'missed_reports')).toBe(1);
  });

  test('a refusal is remembered too, and a malformed key is refused', async () => {
    const a = await post(report({ service: 'compost' }), WEDNESDAY, { 'Idempotency-Key': 'k2' });
    const b = await post(report({ service: 'compost' }), WEDNESDAY, { 'Idempotency-Key': 'k2' });
    expect([a.status, b.status]).toEqual([400, 400]);
    expect(await b.json()).toEqual(await a.json());
    const bad = await post(report(), WEDNESDAY, { 'Idempotency-Key': 'x'.repeat(300) });
    expect([bad.status, (await bad.json()).error.code]).toEqual([400, 'invalid_idempotency_key']);
  });
});

describe('rate limit', () => {
  test('public POSTs per client IP: 429 with Retry-After; another IP has its own budget', async () => {
    const t = app(database, WEDNESDAY, { rateLimitPerMinute: 2 });
    const from = (ip: string, body = report()) => t.app.request('/api/v1/missed-reports', jsonPost(body), { requestIP: { address: ip } });
    expect((await from('203.0.113.5')).status).toBe(201);
    expect((await from('203.0.113.5', report({ uprn: NEIGHBOUR }))).status).toBe(201);
    const third = await from('203.0.113.5', report({ uprn: '100090000003' }));
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('rate_limited');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await from('198.51.100.7', report({ uprn: '100090000003' }))).status).toBe(201);
    expect(await count(database, 'missed_reports')).toBe(3);
  });

  test('X-Forwarded-For is believed only from a trusted proxy', async () => {
    const t = app(database, WEDNESDAY, { rateLimitPerMinute: 1, trustedProxies: ['10.0.0.0/8'] });
    const send = (peer: string, xff: string, uprn: string) =>
      t.app.request('/api/v1/missed-reports', jsonPost(report({ uprn }), { 'x-forwarded-for': xff }), { requestIP: { address: peer } });
    // Through the proxy: two different clients each get their own budget.
    expect((await send('10.0.0.2', '203.0.113.1', HOME)).status).toBe(201);
    expect((await send('10.0.0.2', '203.0.113.2', NEIGHBOUR)).status).toBe(201);
    expect((await send('10.0.0.2', '203.0.113.1', '100090000003')).status).toBe(429);
    // Direct from the internet, a forged header does not buy a fresh budget.
    expect((await send('198.51.100.9', '203.0.113.50', '100090000003')).status).toBe(201);
    expect((await send('198.51.100.9', '203.0.113.51', '100090000004')).status).toBe(429);
  });

  test('0 turns the limit off', async () => {
    const t = app(database, WEDNESDAY, { rateLimitPerMinute: 0 });
    for (const uprn of [HOME, NEIGHBOUR, '100090000003', '100090000004']) {
      expect((await t.app.request('/api/v1/missed-reports', jsonPost(report({ uprn })))).status).toBe(201);
    }
  });
});

describe('workflow', () => {
  async function made() {
    const res = await post(report());
    return (await res.json()).reference as string;
  }
  const patch = (body: unknown, cookie?: string) => ({
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

  test('an officer schedules then resolves; each change is history and an email to the reporter', async () => {
    const ref = await made();
    const t = app(database, '2026-09-02T14:00:00+01:00');
    const cookie = await signIn(t, 'testshire', 'officer');
    const s = await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'scheduled', note: 'A crew will return tomorrow.', internalNote: 'Driver says blocked by a van' }, cookie));
    expect(s.status).toBe(200);
    t.clock.set('2026-09-03T11:00:00+01:00');
    const r = await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'resolved', note: 'Emptied.' }, cookie));
    expect(r.status).toBe(200);

    const pub = await (await t.app.request(`/api/v1/missed-reports/${ref}`)).json();
    expect(pub.status).toBe('resolved');
    expect(pub.history.map((h: any) => [h.status, h.note])).toEqual([
      ['open', 'Report received.'], ['scheduled', 'A crew will return tomorrow.'], ['resolved', 'Emptied.'],
    ]);
    expect(JSON.stringify(pub)).not.toContain('van'); // internal notes stay internal
    const mail = rows(await database.db.execute(sql`select recipient, subject, body from outbox order by id`));
    expect(mail.map((m) => m.recipient)).toEqual(['ada@example.org', 'ada@example.org', 'ada@example.org']);
    expect(mail[1].subject).toContain('Crew booked'); // the status as residents read it
    expect(mail[1].body).toContain('A crew will return tomorrow.');
    expect(mail[1].body).not.toContain('van');
  });

  test('no other transitions: 409 invalid_transition, nothing written', async () => {
    const ref = await made();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    expect((await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'closed', note: 'Not a missed bin.' }, cookie))).status).toBe(200);
    for (const status of ['open', 'scheduled', 'resolved', 'closed']) {
      const res = await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status }, cookie));
      expect([res.status, (await res.json()).error.code]).toEqual([409, 'invalid_transition']);
    }
    const bad = await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'lost' }, cookie));
    expect(bad.status).toBe(400);
    expect(await count(database, 'report_updates')).toBe(2);
  });

  test('401 without a session, 403 for crew and for another council’s officer', async () => {
    const ref = await made();
    const t = app(database);
    expect((await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'scheduled' }))).status).toBe(401);
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'scheduled' }, crew))).status).toBe(403);
    const stranger = await signIn(t, 'otherton', 'officer');
    const res = await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'scheduled' }, stranger));
    expect(res.status).toBe(403);
    const pub = await (await t.app.request(`/api/v1/missed-reports/${ref}`)).json();
    expect(pub.status).toBe('open');
  });
});
