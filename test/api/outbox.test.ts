import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { logSender, smtpSender, type OutgoingMessage, type Sender } from '../../server/services/mailer.ts';
import { deliverOutbox } from '../../server/services/outbox.ts';
import { parseAge, purgePersonalData } from '../../server/services/privacy.ts';
import { openReportsFor, resolveReturnVisit } from '../../server/services/reports.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, HOME, jsonPost, NEIGHBOUR, report, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetReports(database));

function capture(): Sender & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { sent, async send(m) { sent.push(m); } };
}
const failing: Sender = { async send() { throw new Error('connection refused'); } };

async function makeReport(t: ReturnType<typeof app>, over: Record<string, unknown> = {}) {
  const res = await t.app.request('/api/v1/missed-reports', jsonPost(report(over)));
  expect(res.status).toBe(201);
  return (await res.json()).reference as string;
}

describe('delivery', () => {
  test('a report confirmation is sent once, with an absolute tracking link', async () => {
    const t = app(database);
    const ref = await makeReport(t);
    const sender = capture();
    expect(await deliverOutbox(t.deps, sender, { publicUrl: 'https://bins.example.gov.uk' })).toEqual({ sent: 1, failed: 0 });
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].to).toBe('ada@example.org');
    expect(sender.sent[0].subject).toContain(ref);
    expect(sender.sent[0].text).toContain(`https://bins.example.gov.uk/reports/${ref}`);
    expect(sender.sent[0].text).toContain('Tuesday 1 September 2026');
    expect(await deliverOutbox(t.deps, sender)).toEqual({ sent: 0, failed: 0 });
    expect(sender.sent).toHaveLength(1);
  });

  test('a failed send keeps the message and retries it after a backoff', async () => {
    const t = app(database);
    await makeReport(t);
    expect(await deliverOutbox(t.deps, failing)).toEqual({ sent: 0, failed: 1 });
    const [row] = rows(await database.db.execute(sql`select attempts, last_error, sent_at, next_attempt_at from outbox`));
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('connection refused');
    expect(row.sent_at).toBeNull();
    const sender = capture();
    // Backoff is real elapsed time: moving the service clock does not bring the retry forward.
    t.clock.advance(3600_000);
    expect(await deliverOutbox(t.deps, sender)).toEqual({ sent: 0, failed: 0 });
    // Real time as the deliverer sees it, moved on by the test instead of sleeping.
    let real = Date.now();
    const at = { nowMs: () => real };
    real += 30_000;
    expect(await deliverOutbox(t.deps, sender, at)).toEqual({ sent: 0, failed: 0 }); // still backing off
    real += 31_000;
    expect(await deliverOutbox(t.deps, failing, at)).toEqual({ sent: 0, failed: 1 }); // second failure: 2 minutes
    real += 119_000;
    expect(await deliverOutbox(t.deps, sender, at)).toEqual({ sent: 0, failed: 0 });
    real += 2_000;
    expect(await deliverOutbox(t.deps, sender, at)).toEqual({ sent: 1, failed: 0 });
    expect(sender.sent).toHaveLength(1);
    const [done] = rows(await database.db.execute(sql`select attempts, last_error, sent_at from outbox`));
    expect([done.attempts, done.last_error, done.sent_at === null]).toEqual([3, null, false]);
  });

  test('two deliverers running at once send each message once', async () => {
    const t = app(database, '2026-09-02T10:00:00+01:00', { rateLimitPerMinute: 0 });
    for (const uprn of [HOME, NEIGHBOUR, '100090000003', '100090000004', '100090000005']) await makeReport(t, { uprn });
    const a = capture();
    const b = capture();
    await Promise.all([deliverOutbox(t.deps, a), deliverOutbox(t.deps, b)]);
    expect(a.sent.length + b.sent.length).toBe(5);
    expect(new Set([...a.sent, ...b.sent].map((m) => m.subject)).size).toBe(5);
  });

  test('the log sender logs; the SMTP sender speaks SMTP', async () => {
    const lines: string[] = [];
    await logSender((l) => lines.push(l)).send({ to: 'a@example.org', subject: 'Hello', text: 'Body' });
    expect(lines).toEqual(['[mail] to=a@example.org subject="Hello"']);

    const received: string[] = [];
    const server = Bun.listen<{ data: boolean }>({
      hostname: '127.0.0.1',
      port: 0,
      socket: {
        open(s) { s.data = { data: false } as any; s.write('220 test ESMTP\r\n'); },
        data(s, chunk) {
          const text = Buffer.from(chunk).toString();
          for (const line of text.split('\r\n').filter((l, i, all) => l !== '' || i < all.length - 1)) {
            if ((s.data as any).data) {
              received.push(line);
              if (line === '.') { (s.data as any).data = false; s.write('250 queued\r\n'); }
              continue;
            }
            const cmd = line.slice(0, 4).toUpperCase();
            if (cmd === 'EHLO' || cmd === 'HELO') s.write('250 test\r\n');
            else if (cmd === 'MAIL' || cmd === 'RCPT') s.write('250 ok\r\n');
            else if (cmd === 'DATA') { (s.data as any).data = true; s.write('354 go\r\n'); }
            else if (cmd === 'QUIT') { s.write('221 bye\r\n'); s.end(); }
            else if (line) s.write('250 ok\r\n');
          }
        },
      },
    });
    try {
      await smtpSender(`smtp://127.0.0.1:${server.port}`, 'Kerbside <no-reply@example.org>')
        .send({ to: 'resident@example.org', subject: 'Your report', text: 'It is resolved.' });
    } finally {
      server.stop(true);
    }
    const message = received.join('\n');
    expect(message).toContain('Subject: Your report');
    expect(message).toContain('To: resident@example.org');
    expect(message).toContain('It is resolved.');
  });
});

describe('crew return visits', () => {
  test('open reports are listed for the round; a crew resolving one emails the reporter', async () => {
    const t = app(database);
    const ref = await makeReport(t);
    await signIn(t, 'testshire', 'crew');
    const [crew] = rows(await database.db.execute(sql`select id, council_id, email, role from users`));
    const ctx = { ...t.deps, user: { id: crew.id, councilId: crew.council_id, email: crew.email, name: null, role: 'crew' as const, customerId: null } };
    const open = await openReportsFor(ctx, { councilId: crew.council_id, uprns: [Number(HOME), Number(NEIGHBOUR)] });
    expect(open.map((o) => [o.reference, o.service, o.uprn, o.status])).toEqual([[ref, 'refuse', Number(HOME), 'open']]);
    await resolveReturnVisit(ctx, ref);
    expect(await openReportsFor(ctx, { councilId: crew.council_id, uprns: [Number(HOME)] })).toEqual([]);
    const pub = await (await t.app.request(`/api/v1/missed-reports/${ref}`)).json();
    expect(pub.status).toBe('resolved');
    const sender = capture();
    await deliverOutbox(t.deps, sender);
    expect(sender.sent.map((m) => m.subject)).toEqual([`Missed collection report ${ref} received`, `Missed collection report ${ref}: Sorted`]);
    // Another council's crew cannot resolve it (and cannot list it).
    const stranger = { ...ctx, user: { ...ctx.user, councilId: 999 } };
    await expect(openReportsFor(stranger, { councilId: crew.council_id, uprns: [Number(HOME)] })).rejects.toThrow();
  });
});

describe('purge-personal-data', () => {
  test('blanks reporter details on reports finished longer ago than the age; keeps the rest', async () => {
    // Made now, then back-dated: "finished 400 days ago".
    const now = app(database);
    const closedOld = await makeReport(now, { uprn: HOME });
    const closedRecent = await makeReport(now, { uprn: NEIGHBOUR });
    const stillOpen = await makeReport(now, { uprn: '100090000003' });
    const officer = await signIn(now, 'testshire', 'officer');
    for (const ref of [closedOld, closedRecent]) {
      const res = await now.app.request(`/api/v1/missed-reports/${ref}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: officer }, body: JSON.stringify({ status: 'closed' }) });
      expect(res.status).toBe(200);
    }
    await deliverOutbox(now.deps, capture());
    await database.db.execute(sql`update missed_reports set updated_at = updated_at - interval '400 days' where reference in (${closedOld}, ${stillOpen})`);
    await database.db.execute(sql`update outbox set created_at = created_at - interval '400 days' where payload->>'reference' = ${closedOld}`);

    expect(parseAge('365d')).toBe(365);
    expect(parseAge('52w')).toBe(364);
    expect(() => parseAge('a year')).toThrow();
    const result = await purgePersonalData(now.deps, { olderThanDays: 365 });
    expect(result.reports).toBe(1);
    expect(result.messages).toBe(2);
    const stored = rows(await database.db.execute(sql`
      select reference, reporter_name, reporter_email, reporter_phone, notes, personal_data_purged_at is not null as purged
      from missed_reports order by reference`));
    expect(stored).toEqual([
      { reference: closedOld, reporter_name: null, reporter_email: null, reporter_phone: null, notes: null, purged: true },
      { reference: closedRecent, reporter_name: 'Ada Resident', reporter_email: 'ada@example.org', reporter_phone: '01234 567890', notes: 'Bin left at the kerb', purged: false },
      { reference: stillOpen, reporter_name: 'Ada Resident', reporter_email: 'ada@example.org', reporter_phone: '01234 567890', notes: 'Bin left at the kerb', purged: false },
    ]);
    expect(await count(database, 'outbox')).toBe(3); // 5 messages, the closed-old report's 2 deleted
    // The report and its history stay.
    const pub = await (await now.app.request(`/api/v1/missed-reports/${closedOld}`)).json();
    expect(pub.status).toBe('closed');
  });
});
