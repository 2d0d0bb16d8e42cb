/** Shared set-up for the commercial API tests: the fixture council, its contracts and sign-ins. */
import { readFileSync } from 'node:fs';
import type { Database } from '../../db/client.ts';
import { eq } from 'drizzle-orm';
import { councils, sessions, users } from '../../db/schema/index.ts';
import type { Clock } from '../../server/clock.ts';
import type { AppDeps } from '../../server/context.ts';
import { parseBundle, type Bundle } from '../../server/domain/bundle.ts';
import { randomToken, sha256 } from '../../server/services/auth.ts';
import { importBundle } from '../../server/services/import.ts';
import { importCommercial } from '../../server/services/import-commercial.ts';

export const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/commercial-bundle.json', import.meta.url), 'utf8'));
export const PASSWORD = 'a long enough password';

export function commercialPart(bundle = FIXTURE): Pick<Bundle, 'customers' | 'contracts'> {
  const parsed = parseBundle(bundle);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return { customers: parsed.bundle.customers, contracts: parsed.bundle.contracts };
}

/** Imports the fixture (rest via importBundle, commercial part via importCommercial) and adds sign-ins. */
export async function seedCommercial(database: Database, deps: AppDeps) {
  const { customers: _c, contracts: _k, ...rest } = FIXTURE;
  const report = await importBundle(deps, rest);
  const councilId = report.council.id;
  const counts = await database.db.transaction((tx) => importCommercial(tx, councilId, commercialPart()));
  await database.db.insert(councils).values({ slug: 'elsewhere', name: 'Elsewhere Council' });
  const [elsewhere] = await database.db.select().from(councils).where(eq(councils.slug, 'elsewhere'));
  // Password hashing is deliberately slow, and sign-in itself is tested in auth.test.ts: these users
  // share one hash and the tests open sessions directly (signIn below).
  const passwordHash = await (passwordHashOnce ??= Bun.password.hash(PASSWORD, { algorithm: 'argon2id' }));
  await database.db.insert(users).values([
    { councilId, email: 'officer@tradeborough.example', passwordHash, role: 'officer', name: 'Olive Officer' },
    { councilId, email: 'owner@cornercafe.example', passwordHash, role: 'customer', customerId: 'corner-cafe', name: 'Cora Corner' },
    { councilId, email: 'hello@littlebean.example', passwordHash, role: 'customer', customerId: 'little-bean' },
    { councilId, email: 'crew@tradeborough.example', passwordHash, role: 'crew' },
    { councilId: elsewhere.id, email: 'officer@elsewhere.example', passwordHash, role: 'officer' },
  ]);
  return { councilId, counts };
}

let passwordHashOnce: Promise<string> | undefined;

/** Opens a session for `email` as sign-in would (random token, SHA-256 stored) and returns the cookie header value. */
export async function signIn(database: Database, clock: Clock, email: string): Promise<string> {
  const [user] = await database.db.select().from(users).where(eq(users.email, email));
  const token = randomToken();
  const now = clock.now();
  await database.db.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + 14 * 86_400_000) });
  return `kerbside_session=${token}`;
}

export const jsonPost = (cookie: string, body: unknown): RequestInit => ({
  method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body),
});

export const formPost = (cookie: string, body: Record<string, string>): RequestInit => ({
  method: 'POST', headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(),
});
