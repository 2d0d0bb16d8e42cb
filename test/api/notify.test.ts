/**
 * The GOV.UK Notify provider against a local server standing in for Notify's REST API: the JWT
 * bearer token is checked as Notify checks it (HS256 with the key's secret, `iss` = service id,
 * `iat` within 30 s), the body carries the template, the personalisation and the one-click
 * unsubscribe URL; an error answer leaves the outbox row to retry.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadConfig } from '../../server/config.ts';
import { notifySender, parseNotifyKey, senderFor } from '../../server/services/mail/index.ts';
import { deliverOutbox } from '../../server/services/outbox.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, HOME, jsonPost, resetReports, seedCouncils } from './reports-setup.ts';

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const API_KEY = `kerbside_test-${SERVICE_ID}-${SECRET}`;
const TEMPLATE = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

let database: Database;
let server: ReturnType<typeof Bun.serve>;
const received: Array<{ claims: any; body: any }> = [];
let answer = 201;

/** Verifies the token the way Notify does; answers 403 as Notify would on a bad one. */
function verify(auth: string | null): any {
  const [head, claims, signature] = (auth ?? '').replace(/^Bearer /, '').split('.');
  const expected = createHmac('sha256', SECRET).update(`${head}.${claims}`).digest();
  const given = Buffer.from(signature ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const header = JSON.parse(Buffer.from(head, 'base64url').toString());
  const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString());
  if (header.alg !== 'HS256' || parsed.iss !== SERVICE_ID || Math.abs(parsed.iat - Date.now() / 1000) > 30) return null;
  return parsed;
}

beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
  server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      if (req.method !== 'POST' || new URL(req.url).pathname !== '/v2/notifications/email') return new Response('no', { status: 404 });
      const claims = verify(req.headers.get('authorization'));
      if (!claims) return Response.json({ status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token' }] }, { status: 403 });
      const body = await req.json();
      if (answer !== 201) return Response.json({ status_code: answer, errors: [{ error: 'Exception', message: 'Internal server error' }] }, { status: answer });
      received.push({ claims, body });
      return Response.json({ id: crypto.randomUUID(), reference: body.reference ?? null, content: {} }, { status: 201 });
    },
  });
});
afterAll(async () => {
  server?.stop(true);
  await database?.close();
});

test('the key splits into service id and secret', () => {
  expect(parseNotifyKey(API_KEY)).toEqual({ serviceId: SERVICE_ID, secret: SECRET });
  expect(() => parseNotifyKey('short')).toThrow();
});

test('NOTIFY_API_KEY picks Notify (and needs a template); NOTIFY_URL is overridable', () => {
  expect(() => loadConfig({ NOTIFY_API_KEY: API_KEY })).toThrow(/NOTIFY_TEMPLATE_ID/);
  const config = loadConfig({ NOTIFY_API_KEY: API_KEY, NOTIFY_TEMPLATE_ID: TEMPLATE, NOTIFY_URL: 'http://127.0.0.1:9/' });
  expect(config.notifyUrl).toBe('http://127.0.0.1:9');
  expect(senderFor(config)).toBeDefined();
});

test('a confirmation goes through Notify with a valid token; an outage leaves it to retry, then it is sent once', async () => {
  await resetReports(database);
  await database.db.execute(sql.raw('truncate alert_subscriptions, alert_tokens restart identity cascade'));
  const t = app(database, '2026-08-31T10:00:00+01:00');
  expect((await t.app.request('/api/v1/alerts', jsonPost({ uprn: HOME, email: 'ada@example.org', kinds: ['reminder'] }))).status).toBe(202);
  const sender = notifySender({ apiKey: API_KEY, templateId: TEMPLATE, baseUrl: `http://127.0.0.1:${server.port}`, timeoutMs: 2000 });
  answer = 500;
  expect(await deliverOutbox(t.deps, sender, { publicUrl: 'https://bins.example.gov.uk' })).toEqual({ sent: 0, failed: 1 });
  expect(received).toHaveLength(0);
  answer = 201;
  // The backoff is real time: a minute later as the deliverer sees it (no sleeping).
  const later = { publicUrl: 'https://bins.example.gov.uk', nowMs: () => Date.now() + 61_000 };
  expect(await deliverOutbox(t.deps, sender, later)).toEqual({ sent: 1, failed: 0 });
  expect(await deliverOutbox(t.deps, sender, later)).toEqual({ sent: 0, failed: 0 });
  expect(received).toHaveLength(1);
  const { body, claims } = received[0];
  expect(claims.iss).toBe(SERVICE_ID);
  expect(body.email_address).toBe('ada@example.org');
  expect(body.template_id).toBe(TEMPLATE);
  expect(body.personalisation.subject).toBe('Confirm your bin collection alerts');
  expect(body.personalisation.body).toContain('https://bins.example.gov.uk/alerts/confirm/');
  expect(body.one_click_unsubscribe_url).toMatch(/^https:\/\/bins\.example\.gov\.uk\/alerts\/unsubscribe\/[A-Za-z0-9_-]+$/);
  expect(body.reference).toMatch(/^kerbside-\d+$/);
});

test('a wrong secret is refused by the server, and that is a failed send', async () => {
  const wrong = notifySender({ apiKey: `k-${SERVICE_ID}-00000000-0000-0000-0000-000000000000`, templateId: TEMPLATE, baseUrl: `http://127.0.0.1:${server.port}` });
  await expect(wrong.send({ to: 'a@example.org', subject: 's', text: 'b' })).rejects.toThrow(/403/);
});
