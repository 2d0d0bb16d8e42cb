/**
 * Webhooks end to end: a real HTTP receiver on 127.0.0.1 checks every delivery with the
 * `standardwebhooks` package; retries, restarts and the 24-hour disable are driven by moving
 * next_attempt_at / failing_since / created_at into the past instead of waiting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { Database } from '../../db/client.ts';
import { createApiKey } from '../../server/services/auth.ts';
import { runJobSlot } from '../../server/services/jobs/runner.ts';
import { webhookJob } from '../../server/services/jobs/webhook-job.ts';
import { deliverWebhooks } from '../../server/services/webhooks/deliver.ts';
import { httpTransport } from '../../server/services/webhooks/transport.ts';
import { isPrivateAddress } from '../../server/services/webhooks/url.ts';
import { openTestDatabase } from '../support/db.ts';
import { webhookReceiver, type Received } from '../support/webhook-receiver.ts';
import { app, count, HOME, jsonPost, NEIGHBOUR, report, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

let database: Database;
let rx: ReturnType<typeof webhookReceiver>;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
  rx = webhookReceiver();
});
afterAll(async () => {
  rx.stop();
  await database.close();
});
beforeEach(async () => {
  await resetReports(database);
  await database.db.execute(sql`truncate webhook_endpoints, webhook_deliveries cascade`);
  rx.received.length = 0;
  rx.statuses.length = 0;
});

const ALLOW = { webhookAllowPrivate: true };
type T = ReturnType<typeof app>;
const deliver = (t: T) => deliverWebhooks(t.deps, httpTransport({ timeoutMs: 3000 }), { allowPrivate: true });

async function register(t: T, cookie: string, events = ['report.created', 'report.updated', 'collection.changed', 'round.completed'], url = rx.url) {
  const res = await t.app.request('/api/v1/webhooks', jsonPost({ url, events }, { cookie }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

function verified(secret: string, r: Received) {
  return new Webhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: any };
}

const setDue = (where = sql`true`) => database.db.execute(sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where ${where}`);

describe('registering', () => {
  test('201 with a whsec_ secret shown once; the list and deliveries never show it; delete is audited', async () => {
    const t = app(database, undefined, ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer');
    const created = await register(t, cookie, ['report.created']);
    expect(created.id).toMatch(/^ep_[0-9a-f]{32}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    const list = await (await t.app.request('/api/v1/webhooks', { headers: { cookie } })).json();
    expect(list).toEqual([{ id: created.id, url: rx.url, events: ['report.created'], createdAt: expect.any(String), disabledAt: null, failingSince: null }]);
    expect(JSON.stringify(list)).not.toContain(created.secret.slice(6));
    const audit = rows(await database.db.execute(sql`select action, entity, entity_id, after::text as after from audit_log where entity = 'webhook'`));
    expect(audit).toEqual([expect.objectContaining({ action: 'webhook.create', entity_id: created.id })]);
    expect(audit[0].after).not.toContain(created.secret.slice(6));
    expect((await t.app.request(`/api/v1/webhooks/${created.id}`, { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } })).status).toBe(204);
    expect(await count(database, 'webhook_endpoints')).toBe(0);
    expect(await count(database, "audit_log where action = 'webhook.delete'")).toBe(1);
  });

  test('URL rules: https only and a public address; redirects are not followed', async () => {
    const t = app(database); // KERBSIDE_WEBHOOK_ALLOW_PRIVATE off
    const cookie = await signIn(t, 'testshire', 'officer');
    const refusal = async (url: string, events = ['report.created']) => {
      const res = await t.app.request('/api/v1/webhooks', jsonPost({ url, events }, { cookie }));
      return [res.status, ((await res.json()) as any).error?.code];
    };
    expect(await refusal('http://93.184.216.34/hook')).toEqual([422, 'webhook_url_not_https']);
    expect(await refusal(rx.url)).toEqual([422, 'webhook_url_not_https']);
    for (const url of [
      'https://127.0.0.1/hook', 'https://localhost/hook', 'https://10.1.2.3/', 'https://172.16.0.1/', 'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data', 'https://[::1]/', 'https://[fd12:3456::1]/', 'https://[fe80::1]/', 'https://[::ffff:127.0.0.1]/',
      'https://0.0.0.0/', 'https://100.64.0.1/',
    ]) expect([url, ...(await refusal(url))]).toEqual([url, 422, 'webhook_url_private']);
    expect(await refusal('not a url')).toEqual([422, 'webhook_url_invalid']);
    expect(await refusal('https://user:pw@93.184.216.34/')).toEqual([422, 'webhook_url_invalid']);
    expect(await refusal('https://93.184.216.34/hook', [])).toEqual([422, 'webhook_events_required']);
    expect(await refusal('https://93.184.216.34/hook', ['report.deleted'])).toEqual([422, 'webhook_event_unknown']);
    expect(await count(database, 'webhook_endpoints')).toBe(0);
    // A public literal address passes.
    expect((await t.app.request('/api/v1/webhooks', jsonPost({ url: 'https://93.184.216.34/hook', events: ['report.created'] }, { cookie }))).status).toBe(201);
    expect([isPrivateAddress('8.8.8.8'), isPrivateAddress('2a00:1450:4009:81a::200e'), isPrivateAddress('::')]).toEqual([false, false, true]);
  });

  test('roles and council scoping: no session 401, crew 403, another council 404', async () => {
    const t = app(database, undefined, ALLOW);
    const officer = await signIn(t, 'testshire', 'officer');
    const { id } = await register(t, officer);
    expect((await t.app.request('/api/v1/webhooks')).status).toBe(401);
    expect((await t.app.request('/api/v1/webhooks', jsonPost({ url: rx.url, events: ['report.created'] }))).status).toBe(401);
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request('/api/v1/webhooks', { headers: { cookie: crew } })).status).toBe(403);
    expect((await t.app.request('/api/v1/webhooks', jsonPost({ url: rx.url, events: ['report.created'] }, { cookie: crew }))).status).toBe(403);
    const admin = await signIn(t, 'testshire', 'admin');
    expect((await t.app.request('/api/v1/webhooks', { headers: { cookie: admin } })).status).toBe(200);
    const other = await signIn(t, 'otherton', 'officer');
    expect(await (await t.app.request('/api/v1/webhooks', { headers: { cookie: other } })).json()).toEqual([]);
    expect((await t.app.request(`/api/v1/webhooks/${id}/deliveries`, { headers: { cookie: other } })).status).toBe(404);
    expect((await t.app.request(`/api/v1/webhooks/${id}`, { method: 'DELETE', headers: { cookie: other, origin: 'http://localhost' } })).status).toBe(404);
    expect((await t.app.request('/api/v1/webhooks/nope/deliveries', { headers: { cookie: officer } })).status).toBe(404);
    expect(await count(database, 'webhook_endpoints')).toBe(1);
  });
});

describe('delivering', () => {
  test('a new report is delivered signed the Standard Webhooks way, with the real time; logged with its response code', async () => {
    const t = app(database, undefined, ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer');
    const { id, secret } = await register(t, cookie);
    const res = await t.app.request('/api/v1/missed-reports', jsonPost(report()));
    expect(res.status).toBe(201);
    const { reference } = await res.json();
    expect(await deliver(t)).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0];
    const event = verified(secret, got);
    expect(event).toEqual({
      type: 'report.created',
      timestamp: t.clock.now().toISOString(),
      data: expect.objectContaining({ reference, uprn: HOME, service: 'refuse', channel: 'web', status: 'open' }),
    });
    expect(got.body).not.toContain('ada@example.org');
    expect(got.headers['webhook-id']).toMatch(/^msg_/);
    // webhook-timestamp is real time even under the fixed clock (2026-09-02).
    expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(got.headers['webhook-signature']).toMatch(/^v1,/);
    // Another secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got.body, got.headers)).toThrow();

    const log = await (await t.app.request(`/api/v1/webhooks/${id}/deliveries`, { headers: { cookie } })).json();
    expect(log).toEqual([expect.objectContaining({ id: got.headers['webhook-id'], event: 'report.created', status: 'delivered', attempts: 1, responseCode: 200 })]);
    // Nothing more to send.
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 0, givenUp: 0 });
  });

  test('a 500 is retried about 30 s later (then doubling) with the same webhook-id; a 3xx is a failure, not followed', async () => {
    const t = app(database, undefined, ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer');
    const { id, secret } = await register(t, cookie);
    await t.app.request('/api/v1/missed-reports', jsonPost(report()));
    rx.statuses.push(500, 302);
    const before = Date.now();
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    const [first] = rows(await database.db.execute(sql`select attempts, last_response_code, extract(epoch from next_attempt_at) * 1000 as next from webhook_deliveries`));
    expect([Number(first.attempts), Number(first.last_response_code)]).toEqual([1, 500]);
    expect(Number(first.next) - before).toBeGreaterThan(25_000);
    expect(Number(first.next) - before).toBeLessThan(40_000);
    // Not due yet: nothing is sent.
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 0, givenUp: 0 });
    await setDue();
    const second = Date.now();
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    const [after302] = rows(await database.db.execute(sql`select attempts, last_response_code, last_error, extract(epoch from next_attempt_at) * 1000 as next from webhook_deliveries`));
    expect([Number(after302.attempts), Number(after302.last_response_code)]).toEqual([2, 302]);
    expect(after302.last_error).toContain('redirect');
    expect(Number(after302.next) - second).toBeGreaterThan(55_000);
    expect(rx.received).toHaveLength(2); // the redirect's target was never asked
    await setDue();
    expect(await deliver(t)).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of rx.received) expect(verified(secret, r).type).toBe('report.created');
    const [endpoint] = await (await t.app.request('/api/v1/webhooks', { headers: { cookie } })).json();
    expect(endpoint).toMatchObject({ id, failingSince: null, disabledAt: null });
  });

  test('a batch goes out oldest event first, whatever order the rows sit in or their ids sort in', async () => {
    const t = app(database, undefined, ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer');
    const { id, secret } = await register(t, cookie, ['collection.changed']);
    const [{ council_id }] = rows(await database.db.execute(sql`select council_id from webhook_endpoints`));
    // Inserted in the order 2nd, 1st, 3rd; ids sort 3rd, 2nd, 1st; all due at the same instant.
    for (const [msg, seq] of [['msg_b', 2], ['msg_c', 1], ['msg_a', 3]] as const) {
      await database.db.execute(sql`insert into webhook_deliveries (id, council_id, endpoint_id, event_type, body, created_at, next_attempt_at)
        values (${msg}, ${council_id}, ${id}, 'collection.changed', ${JSON.stringify({ type: 'collection.changed', timestamp: '2026-09-01T10:00:00.000Z', data: { seq } })},
          now() - interval '1 minute' + ${seq} * interval '1 second', date_trunc('second', now()) - interval '1 second')`);
    }
    expect(await deliver(t)).toEqual({ delivered: 3, failed: 0, givenUp: 0 });
    expect(rx.received.map((r) => verified(secret, r).data.seq)).toEqual([1, 2, 3]);
  });

  test('nothing is lost across a restart: a new app instance over the same database sends what was queued', async () => {
    const first = app(database, undefined, ALLOW);
    const cookie = await signIn(first, 'testshire', 'officer');
    const { secret } = await register(first, cookie);
    await first.app.request('/api/v1/missed-reports', jsonPost(report()));
    // A sender that died mid-attempt: the row is leased into the future, then the lease runs out.
    await database.db.execute(sql`update webhook_deliveries set next_attempt_at = now() + interval '60 seconds'`);
    const second = app(database, undefined, ALLOW);
    const job = webhookJob(second.deps, httpTransport(), { allowPrivate: true, everyMs: 1000 });
    expect(await runJobSlot(database.db, job, { nowMs: () => Date.now() })).toBe('ok');
    expect(rx.received).toHaveLength(0);
    await setDue();
    expect(await runJobSlot(database.db, job, { nowMs: () => Date.now() + 10_000 })).toBe('ok');
    expect(rx.received).toHaveLength(1);
    expect(verified(secret, rx.received[0]).type).toBe('report.created');
    // The same slot again, or a second instance in it: skipped, nothing sent twice.
    expect(await runJobSlot(database.db, job, { nowMs: () => Date.now() + 10_000 })).toBe('skipped');
    expect(rx.received).toHaveLength(1);
  });

  test('a delivery failing for 24 hours is given up; an endpoint failing for 24 hours is disabled and its owner emailed', async () => {
    const t = app(database, undefined, ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer', 'owner@testshire.example');
    const { id } = await register(t, cookie);
    await t.app.request('/api/v1/missed-reports', jsonPost(report()));
    rx.statuses.push(500, 500, 500);
    // One delivery queued a day ago: its last attempt fails and it is given up.
    await database.db.execute(sql`update webhook_deliveries set created_at = now() - interval '25 hours'`);
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 0, givenUp: 1 });
    expect(rows(await database.db.execute(sql`select last_status from webhook_deliveries`))[0].last_status).toBe('given_up');
    const [ep] = await (await t.app.request('/api/v1/webhooks', { headers: { cookie } })).json();
    expect(ep.failingSince).not.toBeNull();
    expect(ep.disabledAt).toBeNull();

    // The endpoint has been failing since yesterday: the next failure disables it.
    const officerPatch = { method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ status: 'scheduled', note: 'Tomorrow' }) };
    const ref = rows(await database.db.execute(sql`select reference from missed_reports`))[0].reference;
    expect((await t.app.request(`/api/v1/missed-reports/${ref}`, officerPatch)).status).toBe(200);
    await database.db.execute(sql`update webhook_endpoints set failing_since = now() - interval '25 hours'`);
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    const [disabled] = await (await t.app.request('/api/v1/webhooks', { headers: { cookie } })).json();
    expect(disabled.id).toBe(id);
    expect(disabled.disabledAt).not.toBeNull();
    const mail = rows(await database.db.execute(sql`select recipient, subject, body from outbox where kind = 'webhook.disabled'`));
    expect(mail).toEqual([expect.objectContaining({ recipient: 'owner@testshire.example' })]);
    expect(mail[0].body).toContain(rx.url);
    // Nothing more is queued or sent to it.
    await t.app.request(`/api/v1/missed-reports/${ref}`, { ...officerPatch, body: JSON.stringify({ status: 'resolved', note: 'Done' }) });
    expect(await count(database, 'webhook_deliveries')).toBe(2);
    const log = await (await t.app.request(`/api/v1/webhooks/${id}/deliveries`, { headers: { cookie } })).json();
    expect(log.map((d: any) => [d.event, d.status])).toEqual([['report.updated', 'given_up'], ['report.created', 'given_up']]);
  });
});

describe('re-enabling', () => {
  const disable = () => database.db.execute(sql`update webhook_endpoints set disabled_at = now() - interval '1 hour', failing_since = now() - interval '25 hours'`);

  test('an endpoint disabled after a day of failures is enabled again, failure state reset; new events are sent to it; audited', async () => {
    const t = app(database, undefined, { ...ALLOW, rateLimitPerMinute: 0 });
    const cookie = await signIn(t, 'testshire', 'officer');
    const { id, secret } = await register(t, cookie, ['report.created']);
    await disable();
    await t.app.request('/api/v1/missed-reports', jsonPost(report()));
    expect(await count(database, 'webhook_deliveries')).toBe(0); // disabled: nothing queued
    const enable = (c?: string, which = id) => t.app.request(`/api/v1/webhooks/${which}/enable`, { method: 'POST', headers: { ...(c ? { cookie: c } : {}), origin: 'http://localhost' } });
    const res = await enable(cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, disabledAt: null, failingSince: null });
    const [ep] = rows(await database.db.execute(sql`select disabled_at, failing_since from webhook_endpoints`));
    expect([ep.disabled_at, ep.failing_since]).toEqual([null, null]);
    expect(rows(await database.db.execute(sql`select action, before::text as before from audit_log where entity = 'webhook' and action = 'webhook.enable'`))).toHaveLength(1);
    // Enabling an enabled endpoint answers the same and records nothing more.
    expect((await enable(cookie)).status).toBe(200);
    expect(await count(database, "audit_log where action = 'webhook.enable'")).toBe(1);
    // Events are queued and sent again.
    // (Other properties: the first report stands, and truncating users would take the endpoint with it.)
    expect((await t.app.request('/api/v1/missed-reports', jsonPost(report({ uprn: NEIGHBOUR })))).status).toBe(201);
    expect(await deliver(t)).toEqual({ delivered: 1, failed: 0, givenUp: 0 });
    expect(verified(secret, rx.received[0]).type).toBe('report.created');
    // One failure now starts a fresh day: it does not disable the endpoint again at once.
    rx.statuses.push(500);
    expect((await t.app.request('/api/v1/missed-reports', jsonPost(report({ uprn: '100090000003' })))).status).toBe(201);
    expect(await deliver(t)).toEqual({ delivered: 0, failed: 1, givenUp: 0 });
    const [after] = await (await t.app.request('/api/v1/webhooks', { headers: { cookie } })).json();
    expect(after.disabledAt).toBeNull();
    expect(after.failingSince).not.toBeNull();
  });

  test('statuses: no session 401, crew 403, another council or a bad id 404, a URL no longer accepted 422 (still disabled)', async () => {
    const t = app(database, undefined, ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer');
    const { id } = await register(t, cookie);
    await disable();
    const post = (path: string, c?: string, tt: T = t) => tt.app.request(path, { method: 'POST', headers: { ...(c ? { cookie: c } : {}), origin: 'http://localhost' } });
    expect((await post(`/api/v1/webhooks/${id}/enable`)).status).toBe(401);
    expect((await post(`/api/v1/webhooks/${id}/enable`, await signIn(t, 'testshire', 'crew'))).status).toBe(403);
    expect((await post(`/api/v1/webhooks/${id}/enable`, await signIn(t, 'otherton', 'officer'))).status).toBe(404);
    expect((await post('/api/v1/webhooks/ep_nope/enable', cookie)).status).toBe(404);
    // Without the private-address allowance its 127.0.0.1 target is refused now.
    const strict = app(database);
    const refused = await post(`/api/v1/webhooks/${id}/enable`, await signIn(strict, 'testshire', 'officer'), strict);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe('webhook_url_not_https'); // http://127.0.0.1 is allowed only with the allowance
    const [ep] = rows(await database.db.execute(sql`select disabled_at from webhook_endpoints`));
    expect(ep.disabled_at).not.toBeNull();
  });
});

describe('events', () => {
  test('report.updated, collection.changed (publish, withdraw, round not completed), round.completed once, Open311 reports; only subscribed events', async () => {
    const t = app(database, '2026-09-02T10:00:00+01:00', ALLOW);
    const cookie = await signIn(t, 'testshire', 'officer');
    const all = await register(t, cookie);
    const only = await register(t, cookie, ['round.completed']);
    const other = await signIn(t, 'otherton', 'officer');
    await register(t, other, ['report.created']);

    const key = (await createApiKey(t.deps, { councilSlug: 'testshire', name: 'fms' })).key;
    const o311 = await t.app.request('/open311/v2/requests.json', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: key, jurisdiction_id: 'testshire', service_code: 'missed-refuse', 'attribute[uprn]': HOME }).toString(),
    });
    const ref = (await o311.json())[0].service_request_id;
    await t.app.request(`/api/v1/missed-reports/${ref}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ status: 'scheduled', note: 'Soon', internalNote: 'HIDDEN' }) });
    const snow = await t.app.request('/api/v1/exceptions', jsonPost({ date: '2026-09-14', action: 'move', to: '2026-09-16', rounds: ['REF-MON'], reason: 'Snow' }, { cookie }));
    expect(snow.status).toBe(201);
    expect((await t.app.request(`/api/v1/exceptions/${(await snow.json()).id}`, { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } })).status).toBe(204);
    const crew = await signIn(t, 'testshire', 'crew');
    for (const status of ['in_progress', 'completed', 'completed']) {
      expect((await t.app.request('/api/v1/crew/runs', jsonPost({ round: 'REF-MON', date: '2026-09-14', status }, { cookie: crew }))).status).toBe(200);
    }
    const late = await t.app.request('/api/v1/rounds/REF-MON/not-completed', jsonPost({ date: '2026-09-28', catchUp: '2026-09-29', reason: 'Vehicle broke down' }, { cookie }));
    expect(late.status).toBe(201);
    expect(await deliver(t)).toMatchObject({ delivered: 7, failed: 0 });
    const events = rx.received.map((r) => ({ id: r.headers['webhook-id'], body: r.body }));
    const mine = (secret: string) => rx.received.flatMap((r) => { try { return [verified(secret, r)]; } catch { return []; } });
    const seen = mine(all.secret);
    expect(seen.map((e) => e.type).sort()).toEqual(['collection.changed', 'collection.changed', 'collection.changed', 'report.created', 'report.updated', 'round.completed'].sort());
    expect(seen.find((e) => e.type === 'report.created')!.data).toMatchObject({ reference: ref, channel: 'open311' });
    expect(seen.find((e) => e.type === 'report.updated')!.data).toMatchObject({ reference: ref, status: 'scheduled', previousStatus: 'open', note: 'Soon' });
    expect(events.map((e) => e.body).join('')).not.toContain('HIDDEN');
    // Order is not guaranteed (Standard Webhooks does not promise it; retries and parallel instances
    // reorder, see docs/webhooks.md "Order"), so a receiver must not rely on it: compare as a set.
    const changes = seen.filter((e) => e.type === 'collection.changed');
    expect(changes.map((e) => `${e.data.change}:${e.data.cause}`).sort()).toEqual(
      ['published:exception', 'withdrawn:exception', 'published:round_not_completed'].sort(),
    );
    expect(changes.find((e) => e.data.cause === 'round_not_completed')!.data.exception).toMatchObject({ date: '2026-09-28', to: '2026-09-29', rounds: ['REF-MON'] });
    expect(seen.find((e) => e.type === 'round.completed')!.data).toMatchObject({ round: 'REF-MON', date: '2026-09-14' });
    expect(mine(only.secret).map((e) => e.type)).toEqual(['round.completed']);
    // Otherton's endpoint heard nothing of Testshire.
    expect(rx.received).toHaveLength(seen.length + 1);
  });
});
