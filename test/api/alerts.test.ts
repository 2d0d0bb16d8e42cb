/**
 * Residents' email alerts, end to end through a real SMTP server on 127.0.0.1: ask (202 whatever
 * the address), one confirmation and no second within the hour, confirm, the reminder at the
 * council-local time on the evening before (a BST date and a GMT date, clock fixed), moved-date
 * wording, change alerts (bank holiday, exception, round not completed), report updates, manage
 * links, RFC 8058 one-click unsubscribe (no cookie, no Origin), unknown tokens (404, nothing changed)
 * and a provider outage (delayed, never dropped or doubled).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { smtpSender } from '../../server/services/mail/index.ts';
import { deliverOutbox } from '../../server/services/outbox.ts';
import { runAlerts } from '../../server/services/jobs/alerts-job.ts';
import { openTestDatabase } from '../support/db.ts';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp.ts';
import { app, formPost, HOME, jsonPost, NEIGHBOUR, report, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

const PUBLIC = 'https://bins.example.gov.uk';
let database: Database;
let smtp: TestSmtp;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await database?.close();
});
beforeEach(async () => {
  await resetReports(database);
  await database.db.execute(sql.raw('truncate alert_subscriptions, alert_tokens, alert_reminders_sent, alert_changes_sent restart identity cascade'));
  smtp.mails.length = 0;
  smtp.failing = false;
});

type T = ReturnType<typeof app>;
const ask = (t: T, body: Record<string, unknown>) =>
  t.app.request('/api/v1/alerts', jsonPost({ uprn: HOME, email: 'ada@example.org', kinds: ['reminder', 'changes', 'reports'], ...body }));
const sender = () => smtpSender(smtp.url, 'Kerbside <alerts@example.org>', 3000);
const deliver = (t: T) => deliverOutbox(t.deps, sender(), { publicUrl: PUBLIC });
/** Delivers as if `ms` of real time had passed (outbox backoff is real time; no sleeping). */
const deliverLater = (t: T, ms: number) => deliverOutbox(t.deps, sender(), { publicUrl: PUBLIC, nowMs: () => Date.now() + ms });
/** Moves every confirmation sent and subscription made an hour and a minute into the past (the resend window is real time). */
const hourAgo = () => database.db.execute(sql`update alert_subscriptions set confirmation_sent_at = confirmation_sent_at - interval '61 minutes', created_at = created_at - interval '61 minutes'`);
/** The token of the first `/alerts/<kind>/` link in the mail's body. */
const linkToken = (mail: ReceivedMail, kind: string) => mail.text.match(new RegExp(`${PUBLIC}/alerts/${kind}/([A-Za-z0-9_-]+)`))?.[1] ?? '';
const unsubscribeToken = (mail: ReceivedMail) => mail.headers['list-unsubscribe']?.match(/\/alerts\/unsubscribe\/([A-Za-z0-9_-]+)>/)?.[1] ?? '';

/** Asks and confirms through the mail, as a resident would. */
async function subscribed(t: T, body: Record<string, unknown> = {}) {
  expect((await ask(t, body)).status).toBe(202);
  const before = smtp.mails.length;
  await deliver(t);
  const mail = (await smtp.waitFor(before + 1))[before];
  const res = await t.app.request(`/alerts/confirm/${linkToken(mail, 'confirm')}`);
  expect(res.status).toBe(200);
  smtp.mails.length = 0;
}

describe('asking and confirming', () => {
  test('202 with the same answer for any address; one confirmation email, with unsubscribe headers', async () => {
    const t = app(database, '2026-08-31T10:00:00+01:00');
    const a = await ask(t, {});
    const b = await ask(t, { email: 'someone.else@example.org' });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(await a.json()).toEqual(await b.json());
    expect((await deliver(t)).sent).toBe(2);
    const mail = smtp.mails.find((m) => m.to[0] === 'ada@example.org')!;
    expect(mail.subject).toBe('Confirm your bin collection alerts');
    expect(mail.text).toContain('1 Acorn Way, Testbury');
    expect(linkToken(mail, 'confirm')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(mail.headers['list-unsubscribe']).toMatch(new RegExp(`^<${PUBLIC}/alerts/unsubscribe/[A-Za-z0-9_-]+>$`));
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Only hashes are stored.
    const stored = rows(await database.db.execute(sql`select token_hash from alert_tokens`)).map((r) => r.token_hash);
    expect(stored).not.toContain(linkToken(mail, 'confirm'));
  });

  test('asked for again within the hour: no second confirmation; after the hour, one more', async () => {
    const t = app(database, '2026-08-31T10:00:00+01:00');
    await ask(t, {});
    await deliver(t);
    await ask(t, {});
    await ask(t, { uprn: NEIGHBOUR });
    expect((await deliver(t)).sent).toBe(0);
    // The window is real elapsed time: moving the fixed service clock on two hours does not open it.
    t.clock.advance(2 * 3600_000);
    await ask(t, {});
    expect((await deliver(t)).sent).toBe(0);
    // An hour of real time later (the send moved into the past rather than waiting): one more.
    await hourAgo();
    expect((await ask(t, {})).status).toBe(202);
    expect((await deliver(t)).sent).toBe(1);
    expect(smtp.mails.map((m) => m.subject)).toEqual(['Confirm your bin collection alerts', 'Confirm your bin collection alerts']);
  });

  test('an unconfirmed address gets nothing but the confirmation', async () => {
    const t = app(database, '2026-08-25T10:00:00+01:00');
    await ask(t, {});
    await deliver(t);
    t.clock.set('2026-08-31T18:30:00+01:00');
    expect(await runAlerts(t.deps)).toEqual({ reminders: 0, changes: 0 });
    expect((await deliver(t)).sent).toBe(0);
  });

  test('the property page form asks (no JavaScript), in Welsh when the page is', async () => {
    const t = app(database, '2026-08-31T10:00:00+01:00');
    await database.db.execute(sql`update councils set languages = '["en","cy"]'::jsonb where slug = 'testshire'`);
    try {
      const page = await (await t.app.request(`/property/${HOME}?lang=cy`)).text();
      expect(page).toContain('action="/alerts"');
      const bad = await t.app.request('/alerts', formPost({ uprn: HOME, email: 'nope', kinds: 'reminder', language: 'cy' }));
      expect(bad.status).toBe(400);
      const res = await t.app.request('/alerts', {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
        body: 'uprn=100090000001&email=dai%40example.org&kinds=reminder&kinds=changes&remindAt=19%3A30&language=cy',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/alerts/sent');
      await deliver(t);
      const [mail] = await smtp.waitFor(1);
      expect(mail.subject).toBe('Cadarnhewch eich rhybuddion casglu biniau');
      const [sub] = rows(await database.db.execute(sql`select kinds, remind_at, language from alert_subscriptions`));
      expect([sub.kinds, sub.remind_at, sub.language]).toEqual([['reminder', 'changes'], '19:30', 'cy']);
      // A form post from elsewhere is refused.
      expect((await t.app.request('/alerts', formPost({ uprn: HOME, email: 'x@example.org', kinds: 'reminder' }, { origin: 'https://evil.example' }))).status).toBe(403);
    } finally {
      await database.db.execute(sql`update councils set languages = '["en"]'::jsonb where slug = 'testshire'`);
    }
  });
});

describe('reminders', () => {
  test('BST: at 18:00 council time the evening before, naming every bin and the bank-holiday move, once', async () => {
    const t = app(database, '2026-08-31T09:00:00+01:00');
    await subscribed(t);
    t.clock.set('2026-08-31T17:59:00+01:00');
    expect((await runAlerts(t.deps)).reminders).toBe(0);
    // The clock rule: a job that runs at 18:05 sends the 18:00 reminders.
    t.clock.set('2026-08-31T18:05:00+01:00');
    expect((await runAlerts(t.deps)).reminders).toBe(1);
    expect((await runAlerts(t.deps)).reminders).toBe(0);
    await deliver(t);
    const reminder = smtp.mails.find((m) => m.subject.startsWith('Bins out tonight'))!;
    expect(reminder.subject).toBe('Bins out tonight: collection on Tuesday 1 September');
    expect(reminder.text).toContain('Tomorrow, Tuesday 1 September, these bins are collected at 1 Acorn Way, Testbury:');
    expect(reminder.text).toContain('- Food waste (23L food caddy): moved from Monday 31 August because of Summer bank holiday');
    expect(reminder.text).toContain('- Rubbish (240L black wheelie bin): moved from Monday 31 August because of Summer bank holiday');
    expect(reminder.text).not.toContain('Recycling');
    expect(reminder.text).toContain(`${PUBLIC}/calendars/properties/${HOME}.ics`);
    expect(linkToken(reminder, 'unsubscribe')).toBe(unsubscribeToken(reminder));
    expect(reminder.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Delivered once, whatever runs again.
    await runAlerts(t.deps);
    await deliver(t);
    expect(smtp.mails.filter((m) => m.subject.startsWith('Bins out tonight'))).toHaveLength(1);
  });

  test('GMT: 18:00 is 18:00 UTC; a chosen time (19:30) is kept', async () => {
    const t = app(database, '2026-12-06T10:00:00Z');
    await subscribed(t);
    await subscribed(t, { email: 'late@example.org', remindAt: '19:30' });
    t.clock.set('2026-12-06T17:59:00Z');
    expect((await runAlerts(t.deps)).reminders).toBe(0);
    t.clock.set('2026-12-06T18:00:00Z');
    expect((await runAlerts(t.deps)).reminders).toBe(1);
    t.clock.set('2026-12-06T19:29:00Z');
    expect((await runAlerts(t.deps)).reminders).toBe(0);
    t.clock.set('2026-12-06T19:31:00Z');
    expect((await runAlerts(t.deps)).reminders).toBe(1);
    await deliver(t);
    const reminders = smtp.mails.filter((m) => m.subject.startsWith('Bins out tonight'));
    expect(reminders.map((m) => m.to[0]).sort()).toEqual(['ada@example.org', 'late@example.org']);
    expect(reminders[0].subject).toBe('Bins out tonight: collection on Monday 7 December');
    expect(reminders[0].text).toContain('- Rubbish (240L black wheelie bin)\n');
    expect(reminders[0].text).not.toContain('moved');
  });

  test('a provider outage delays the reminder; it is sent once when the provider is back', async () => {
    const t = app(database, '2026-12-06T10:00:00Z');
    await subscribed(t);
    t.clock.set('2026-12-06T18:05:00Z');
    await runAlerts(t.deps);
    smtp.failing = true;
    expect(await deliver(t)).toEqual({ sent: 0, failed: 1 });
    smtp.failing = false;
    expect(await deliver(t)).toEqual({ sent: 0, failed: 0 }); // backing off
    t.clock.advance(3600_000);
    expect(await deliver(t)).toEqual({ sent: 0, failed: 0 }); // backoff is real time, not the service clock
    await runAlerts(t.deps);
    expect(await deliverLater(t, 61_000)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverLater(t, 61_000)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.mails.filter((m) => m.subject.startsWith('Bins out tonight'))).toHaveLength(1);
  });
});

describe('change alerts', () => {
  test('a bank-holiday move in the coming days is told once, with its reason', async () => {
    const t = app(database, '2026-08-25T10:00:00+01:00');
    await subscribed(t, { kinds: ['changes'] });
    expect((await runAlerts(t.deps)).changes).toBe(1);
    expect((await runAlerts(t.deps)).changes).toBe(0);
    await deliver(t);
    const [mail] = smtp.mails;
    expect(mail.subject).toBe('Your bin collection has changed');
    expect(mail.text).toContain('A collection at 1 Acorn Way, Testbury has changed:');
    expect(mail.text).toContain('- Rubbish: the collection on Monday 31 August is now on Tuesday 1 September because of Summer bank holiday');
    expect(mail.text).toContain('- Food waste: the collection on Monday 31 August is now on Tuesday 1 September because of Summer bank holiday');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  test("an officer's exception and a round not completed are told; reminder-only subscribers are not", async () => {
    const t = app(database, '2026-09-02T10:00:00+01:00');
    await subscribed(t, { kinds: ['changes'] });
    await subscribed(t, { email: 'reminders.only@example.org', kinds: ['reminder'] });
    // Already known: that week's bank-holiday slip (garden waste, Thursday to Friday).
    expect((await runAlerts(t.deps)).changes).toBe(1);
    await deliver(t);
    expect(smtp.mails[0].text).toContain('- Garden waste: the collection on Thursday 3 September is now on Friday 4 September because of Summer bank holiday');
    smtp.mails.length = 0;
    const cookie = await signIn(t, 'testshire', 'officer');
    const ex = await t.app.request('/api/v1/exceptions', jsonPost({ date: '2026-09-07', action: 'cancel', services: ['food'], reason: 'Vehicle shortage' }, { cookie }));
    expect(ex.status).toBe(201);
    expect((await runAlerts(t.deps)).changes).toBe(1);
    t.clock.set('2026-09-14T15:00:00+01:00');
    const nc = await t.app.request('/api/v1/rounds/REF-MON/not-completed', jsonPost({ catchUp: '2026-09-15', reason: 'Road closed' }, { cookie }));
    expect(nc.status).toBe(201);
    expect((await runAlerts(t.deps)).changes).toBe(1);
    await deliver(t);
    const texts = smtp.mails.map((m) => `${m.to[0]} ${m.text}`);
    expect(texts).toHaveLength(2);
    expect(texts.every((x) => x.startsWith('ada@example.org'))).toBe(true);
    expect(texts.filter((x) => x.includes('- Food waste: the collection on Monday 7 September is cancelled because of Vehicle shortage'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('- Rubbish: the collection on Monday 14 September is now on Tuesday 15 September because of Road closed'))).toHaveLength(1);
  });
});

test('a withdrawn change is told once: the collection is back on its usual day (English and Welsh); moved again, it is told again', async () => {
  const t = app(database, '2026-09-02T10:00:00+01:00');
  await subscribed(t, { kinds: ['changes'] });
  await subscribed(t, { kinds: ['changes'], email: 'dai@example.org', language: 'cy' });
  await runAlerts(t.deps); // that week's bank-holiday slip, already known
  await deliver(t);
  smtp.mails.length = 0;
  const cookie = await signIn(t, 'testshire', 'officer');
  const cancel = () => t.app.request('/api/v1/exceptions', jsonPost({ date: '2026-09-14', action: 'cancel', services: ['food'], reason: 'Vehicle shortage' }, { cookie }));
  const withdraw = (id: string) => t.app.request(`/api/v1/exceptions/${id}`, { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
  const made = await cancel();
  expect(made.status).toBe(201);
  const { id } = await made.json();
  expect((await runAlerts(t.deps)).changes).toBe(2);
  await deliver(t);
  smtp.mails.length = 0;
  expect((await withdraw(id)).status).toBe(204);
  expect((await runAlerts(t.deps)).changes).toBe(2);
  expect((await runAlerts(t.deps)).changes).toBe(0);
  await deliver(t);
  const en = smtp.mails.find((m) => m.to[0] === 'ada@example.org')!;
  const cy = smtp.mails.find((m) => m.to[0] === 'dai@example.org')!;
  expect(smtp.mails).toHaveLength(2);
  expect(en.subject).toBe('Your bin collection has changed');
  expect(en.text).toContain('- Food waste: the change is withdrawn; the collection is back on its usual day, Monday 14 September');
  expect(en.text).not.toContain('Garden waste'); // the bank-holiday slip still stands, told already
  expect(en.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  expect(cy.subject).toBe('Mae eich casgliad biniau wedi newid');
  expect(cy.text).toContain("mae'r newid wedi'i dynnu'n ôl; mae'r casgliad yn ôl ar ei ddiwrnod arferol, Dydd Llun 14 Medi");
  // The same change made again is news again.
  smtp.mails.length = 0;
  const again = await cancel();
  expect(again.status).toBe(201);
  expect((await runAlerts(t.deps)).changes).toBe(2);
  await deliver(t);
  expect(smtp.mails.filter((m) => m.text.includes('- Food waste: the collection on Monday 14 September is cancelled because of Vehicle shortage'))).toHaveLength(1);
  expect((await withdraw((await again.json()).id)).status).toBe(204); // leaves the schedule as other tests expect it
});

test('report updates go to report subscribers at the property (not twice to the reporter)', async () => {
  const t = app(database);
  await subscribed(t, { kinds: ['reports'], email: 'neighbour@example.org' });
  await subscribed(t, { kinds: ['reports'] }); // the reporter, ada@example.org
  const made = await t.app.request('/api/v1/missed-reports', jsonPost(report()));
  const { reference } = await made.json();
  const cookie = await signIn(t, 'testshire', 'officer');
  expect((await t.app.request(`/api/v1/missed-reports/${reference}`, { ...jsonPost({ status: 'scheduled', note: 'Crew returning tomorrow' }, { cookie }), method: 'PATCH' })).status).toBe(200);
  await deliver(t);
  const alerts = smtp.mails.filter((m) => m.subject === `Update on missed collection report ${reference}`);
  expect(alerts.map((m) => m.to[0])).toEqual(['neighbour@example.org']);
  expect(alerts[0].text).toContain('Crew returning tomorrow');
  expect(alerts[0].headers['list-unsubscribe']).toContain('/alerts/unsubscribe/');
});

describe('manage and unsubscribe', () => {
  test('one-click unsubscribe: a POST with List-Unsubscribe=One-Click, no cookie and no Origin, ends it', async () => {
    const t = app(database, '2026-08-31T09:00:00+01:00');
    await subscribed(t);
    t.clock.set('2026-08-31T18:05:00+01:00');
    await runAlerts(t.deps);
    await deliver(t);
    const token = unsubscribeToken(smtp.mails[0]);
    const page = await t.app.request(`/alerts/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/alerts/unsubscribe/${token}"`);
    const res = await t.app.request(`/alerts/unsubscribe/${token}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const [sub] = rows(await database.db.execute(sql`select unsubscribed_at from alert_subscriptions`));
    expect(sub.unsubscribed_at).not.toBeNull();
    // Nothing more: next week's reminder is not queued.
    t.clock.set('2026-09-06T18:05:00+01:00');
    expect((await runAlerts(t.deps)).reminders).toBe(0);
  });

  test('unknown, malformed or expired tokens: a friendly 404 page, nothing changed', async () => {
    const t = app(database, '2026-08-31T09:00:00+01:00');
    await subscribed(t);
    const before = rows(await database.db.execute(sql`select * from alert_subscriptions`));
    for (const [method, path] of [
      ['GET', '/alerts/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], ['GET', '/alerts/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['GET', '/alerts/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], ['POST', '/alerts/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['POST', '/alerts/unsubscribe/%27%3B--'], ['GET', '/alerts/confirm/x'],
    ]) {
      const res = await t.app.request(path, method === 'POST' ? { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' } : {});
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
      expect(await res.text()).toContain('This link does not work');
    }
    // A confirm link past its 7 days of real time (issued 8 days ago, rather than waiting).
    await ask(t, { email: 'slow@example.org' });
    await deliver(t);
    const token = linkToken(smtp.mails.at(-1)!, 'confirm');
    await database.db.execute(sql`update alert_tokens set created_at = created_at - interval '8 days', expires_at = expires_at - interval '8 days' where email = 'slow@example.org'`);
    expect((await t.app.request(`/alerts/confirm/${token}`)).status).toBe(404);
    const after = rows(await database.db.execute(sql`select * from alert_subscriptions where email = 'ada@example.org'`));
    expect(after).toEqual(before);
  });

  test('links live by real time: moving the fixed clock past their lifetime neither expires them nor opens the resend window', async () => {
    const t = app(database, '2026-08-31T09:00:00+01:00');
    await ask(t, {});
    await deliver(t);
    const token = linkToken(smtp.mails[0], 'confirm');
    t.clock.advance(8 * 86_400_000); // the service's day moves on; the link was sent seconds ago
    expect((await t.app.request(`/alerts/confirm/${token}`)).status).toBe(200);
    const [sub] = rows(await database.db.execute(sql`select confirmed_at from alert_subscriptions`));
    expect(sub.confirmed_at).not.toBeNull();
    // The manage link likewise, and no second one within the (real) hour however the clock moves.
    expect((await t.app.request('/alerts/manage', formPost({ email: 'ada@example.org' }))).status).toBe(200);
    t.clock.advance(2 * 86_400_000);
    expect((await t.app.request('/alerts/manage', formPost({ email: 'ada@example.org' }))).status).toBe(200);
    await deliver(t);
    const manage = smtp.mails.filter((m) => linkToken(m, 'manage'));
    expect(manage).toHaveLength(1);
    expect((await t.app.request(`/alerts/manage/${linkToken(manage[0], 'manage')}`)).status).toBe(200);
  });

  test('a manage link, sent to the address, lists and edits every alert of it', async () => {
    const t = app(database, '2026-08-31T09:00:00+01:00');
    await subscribed(t);
    await hourAgo(); // one confirmation per address per hour (of real time)
    await subscribed(t, { uprn: NEIGHBOUR });
    const asked = await t.app.request('/alerts/manage', formPost({ email: 'Ada@Example.org' }));
    expect(asked.status).toBe(200);
    const nobody = await t.app.request('/alerts/manage', formPost({ email: 'nobody@example.org' }));
    expect(await nobody.text()).toBe(await asked.text());
    await deliver(t);
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['ada@example.org']);
    const token = linkToken(smtp.mails[0], 'manage');
    const page = await (await t.app.request(`/alerts/manage/${token}`)).text();
    expect(page).toContain('1 Acorn Way, Testbury');
    expect(page).toContain('2 Acorn Way');
    const [first] = rows(await database.db.execute(sql`select id from alert_subscriptions where uprn = ${Number(HOME)}`));
    const stop = await t.app.request(`/alerts/manage/${token}`, formPost({ subscription: String(first.id), action: 'stop' }));
    expect(stop.status).toBe(303);
    const edit = await t.app.request(`/alerts/manage/${token}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: `subscription=${first.id + 1}&action=save&kinds=reminder&remindAt=20%3A00`,
    });
    expect(edit.status).toBe(303);
    const subs = rows(await database.db.execute(sql`select uprn, kinds, remind_at, unsubscribed_at is not null as ended from alert_subscriptions order by id`));
    expect(subs.map((s) => [String(s.uprn), s.kinds, s.remind_at, s.ended])).toEqual([
      [HOME, ['reminder', 'changes', 'reports'], '18:00', true],
      [NEIGHBOUR, ['reminder'], '20:00', false],
    ]);
    // Saving a stopped alert with kinds starts it again.
    expect((await t.app.request(`/alerts/manage/${token}`, formPost({ subscription: String(first.id), action: 'save', kinds: 'changes' }))).status).toBe(303);
    const [again] = rows(await database.db.execute(sql`select kinds, unsubscribed_at from alert_subscriptions where id = ${first.id}`));
    expect([again.kinds, again.unsubscribed_at]).toEqual([['changes'], null]);
    expect((await t.app.request(`/alerts/manage/${token}?saved=1`)).status).toBe(200);
  });
});
