/** /officer/webhooks without JavaScript: add (secret shown once), list, deliveries, delete; CSRF, roles, scoping, audit. */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, jsonPost, report, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetReports(database);
  await database.db.execute(sql`truncate webhook_endpoints, webhook_deliveries cascade`);
});

const URL_ = 'http://127.0.0.1:9/hook';
const form = (body: string, cookie: string, origin = 'http://localhost') => ({
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin }, body,
});

describe('/officer/webhooks', () => {
  test('add with two events shows the secret once; the list, the deliveries page and delete work; writes are audited', async () => {
    const t = app(database, undefined, { webhookAllowPrivate: true });
    const cookie = await signIn(t, 'testshire', 'officer');
    const empty = await t.app.request('/officer/webhooks', { headers: { cookie } });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('No webhook endpoints yet.');

    const added = await t.app.request('/officer/webhooks', form(`url=${encodeURIComponent(URL_)}&events=report.created&events=round.completed`, cookie));
    expect(added.status).toBe(200);
    const html = await added.text();
    const secret = /value="(whsec_[^"]+)"/.exec(html)?.[1];
    expect(secret).toBeDefined();
    const [endpoint] = rows(await database.db.execute(sql`select id, events::text as events from webhook_endpoints`));
    expect(JSON.parse(endpoint.events)).toEqual(['report.created', 'round.completed']);

    const list = await (await t.app.request('/officer/webhooks', { headers: { cookie } })).text();
    expect(list).toContain(URL_);
    expect(list).not.toContain(secret!);
    expect(list).toContain(`/officer/webhooks/${endpoint.id}`);

    await t.app.request('/api/v1/missed-reports', jsonPost(report()));
    const deliveries = await (await t.app.request(`/officer/webhooks/${endpoint.id}`, { headers: { cookie } })).text();
    expect(deliveries).toContain('report.created');
    expect(deliveries).toContain('Waiting');

    const confirm = await t.app.request(`/officer/webhooks/${endpoint.id}/delete`, { headers: { cookie } });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Delete this webhook endpoint?');
    const deleted = await t.app.request(`/officer/webhooks/${endpoint.id}/delete`, form('', cookie));
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/officer/webhooks?done=deleted');
    expect(await count(database, 'webhook_endpoints')).toBe(0);
    expect(rows(await database.db.execute(sql`select action from audit_log where entity = 'webhook' order by id`)).map((r) => r.action)).toEqual(['webhook.create', 'webhook.delete']);
  });

  test('a disabled endpoint has an "Enable again" button (CSRF-checked) that turns it back on', async () => {
    const t = app(database, undefined, { webhookAllowPrivate: true });
    const cookie = await signIn(t, 'testshire', 'officer');
    await t.app.request('/officer/webhooks', form(`url=${encodeURIComponent(URL_)}&events=report.created`, cookie));
    const [endpoint] = rows(await database.db.execute(sql`select id from webhook_endpoints`));
    const active = await (await t.app.request('/officer/webhooks', { headers: { cookie } })).text();
    expect(active).not.toContain('Enable again');
    await database.db.execute(sql`update webhook_endpoints set disabled_at = now() - interval '1 hour', failing_since = now() - interval '25 hours'`);
    const list = await (await t.app.request('/officer/webhooks', { headers: { cookie } })).text();
    expect(list).toContain('Disabled');
    expect(list).toContain(`<form method="post" action="/officer/webhooks/${endpoint.id}/enable"`);
    expect(list).toContain('Enable again');
    expect((await t.app.request(`/officer/webhooks/${endpoint.id}/enable`, form('', cookie, 'https://evil.example'))).status).toBe(403);
    const other = await signIn(t, 'otherton', 'officer');
    expect((await t.app.request(`/officer/webhooks/${endpoint.id}/enable`, form('', other))).status).toBe(404);
    expect(rows(await database.db.execute(sql`select disabled_at from webhook_endpoints`))[0].disabled_at).not.toBeNull();
    const done = await t.app.request(`/officer/webhooks/${endpoint.id}/enable`, form('', cookie));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/officer/webhooks?done=enabled');
    const after = await (await t.app.request('/officer/webhooks?done=enabled', { headers: { cookie } })).text();
    expect(after).toContain('The endpoint is enabled again.');
    expect(after).toContain('Active');
    expect(after).not.toContain('Enable again');
    const [ep] = rows(await database.db.execute(sql`select disabled_at, failing_since from webhook_endpoints`));
    expect([ep.disabled_at, ep.failing_since]).toEqual([null, null]);
  });

  test('refusals re-render the form with the message (422); nothing stored', async () => {
    const t = app(database); // private addresses refused
    const cookie = await signIn(t, 'testshire', 'officer');
    const noEvents = await t.app.request('/officer/webhooks', form(`url=${encodeURIComponent('https://93.184.216.34/h')}`, cookie));
    expect(noEvents.status).toBe(422);
    expect(await noEvents.text()).toContain('Choose at least one event.');
    const priv = await t.app.request('/officer/webhooks', form(`url=${encodeURIComponent('https://127.0.0.1/h')}&events=report.created`, cookie));
    expect(priv.status).toBe(422);
    const page = await priv.text();
    expect(page).toContain('public address');
    expect(page).toContain('value="https://127.0.0.1/h"');
    const http = await t.app.request('/officer/webhooks', form(`url=${encodeURIComponent('http://93.184.216.34/h')}&events=report.created`, cookie));
    expect(await http.text()).toContain('https://');
    expect(await count(database, 'webhook_endpoints')).toBe(0);
  });

  test('CSRF, roles and scoping', async () => {
    const t = app(database, undefined, { webhookAllowPrivate: true });
    const cookie = await signIn(t, 'testshire', 'officer');
    const body = `url=${encodeURIComponent(URL_)}&events=report.created`;
    expect((await t.app.request('/officer/webhooks', form(body, cookie, 'https://evil.example'))).status).toBe(403);
    expect(await count(database, 'webhook_endpoints')).toBe(0);
    expect((await t.app.request('/officer/webhooks', form(body, cookie))).status).toBe(200);
    const [endpoint] = rows(await database.db.execute(sql`select id from webhook_endpoints`));

    const anon = await t.app.request('/officer/webhooks');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toStartWith('/login');
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request('/officer/webhooks', { headers: { cookie: crew } })).status).toBe(403);
    const other = await signIn(t, 'otherton', 'officer');
    expect((await t.app.request(`/officer/webhooks/${endpoint.id}`, { headers: { cookie: other } })).status).toBe(404);
    expect((await t.app.request(`/officer/webhooks/${endpoint.id}/delete`, form('', other))).status).toBe(404);
    expect(await count(database, 'webhook_endpoints')).toBe(1);
  });
});
