/**
 * Users, sessions and API keys. Passwords: argon2id (Bun.password). Session tokens and API keys are
 * random; the database keeps only their SHA-256, so a leaked table signs nobody in.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { apiKeys, councils, sessions, users } from '../../db/schema/index.ts';
import type { ServiceContext, SessionUser } from '../context.ts';
import { DomainError, forbidden } from '../errors.ts';
import { recordAudit } from './audit/record.ts';
import { checkKeyName, checkPassword, hashPassword, newApiKey, normaliseEmail } from './people/rules.ts';
import { clearLimit, enforceLimit } from './rate-limit.ts';

/**
 * `resident`: a person who signed in through a council's shared resident account (a provider with
 * `residents: true`); no staff rights, only their own account page (docs/sign-in.md).
 */
export const ROLES = ['admin', 'officer', 'crew', 'customer', 'resident'] as const;
export type Role = (typeof ROLES)[number];

export const SESSION_DAYS = 14;
/** Failed sign-ins allowed per email per 15 minutes before throttling. */
export const LOGIN_FAILURES_ALLOWED = 10;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const sha256 = (text: string) => new Bun.CryptoHasher('sha256').update(text).digest('hex');
export const randomToken = (bytes = 32) => hex(crypto.getRandomValues(new Uint8Array(bytes)));

const toSessionUser = (u: typeof users.$inferSelect): SessionUser => ({
  id: u.id, councilId: u.councilId, email: u.email, name: u.name, role: u.role as Role, customerId: u.customerId,
});

export interface NewUser {
  councilSlug: string;
  email: string;
  password: string;
  role: Role;
  name?: string;
  customerId?: string;
}

/** The fields of a user the audit trail keeps (never the password hash). */
export const auditedUser = (u: typeof users.$inferSelect) => ({
  email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null, ...(u.customerId ? { customerId: u.customerId } : {}),
});

/**
 * The CLI's and the seed's "add (or update) a user": an existing email is updated (new password, role,
 * council) and enabled again. The admin API's create-only verb is server/services/people/users.ts.
 */
export async function addUser(ctx: ServiceContext, input: NewUser): Promise<SessionUser> {
  if (!ROLES.includes(input.role)) throw new DomainError('invalid_role', `Role must be one of ${ROLES.join(', ')}`, 422);
  checkPassword(input.password);
  if (input.role === 'customer' && !input.customerId) {
    throw new DomainError('customer_required', 'A customer sign-in needs --customer {id}.', 422);
  }
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [council] = await tx.select().from(councils).where(eq(councils.slug, input.councilSlug));
    if (!council) throw new DomainError('unknown_council', `No council called "${input.councilSlug}"`, 404);
    const [before] = await tx.select().from(users).where(eq(users.email, email));
    const [row] = await tx
      .insert(users)
      .values({ councilId: council.id, email, name: input.name ?? null, passwordHash, role: input.role, customerId: input.customerId ?? null })
      .onConflictDoUpdate({
        target: users.email,
        set: { councilId: council.id, passwordHash, role: input.role, name: input.name ?? null, customerId: input.customerId ?? null, disabledAt: null },
      })
      .returning();
    await recordAudit(tx, ctx, {
      councilId: council.id, action: before ? 'user.update' : 'user.add', entity: 'user', entityId: String(row.id),
      before: before ? auditedUser(before) : null, after: auditedUser(row),
    });
    return toSessionUser(row);
  });
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: SessionUser;
}

/** Verifies a password and opens a session. Failures are throttled per email across instances. */
export async function login(ctx: ServiceContext, input: { email: string; password: string }): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const throttleKey = `login:${email}`;
  await enforceLimit(ctx, throttleKey, LOGIN_FAILURES_ALLOWED, 15 * 60);
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who has an account.
  const ok = user
    ? await Bun.password.verify(input.password, user.passwordHash)
    : (await Bun.password.verify(input.password, DUMMY_HASH), false);
  // A disabled account gets the wrong-password answer (docs/people.md): the form reveals nothing more.
  if (!user || !ok || user.disabledAt) throw new DomainError('invalid_credentials', 'Email or password is not right.', 401);
  await clearLimit(ctx, throttleKey);
  return openSession(ctx, user);
}

/** Opens a session for a user already proven (password above, or an OpenID Connect provider). */
export async function openSession(
  ctx: ServiceContext, user: typeof users.$inferSelect, via?: { oidcProviderId: string; idTokenHint: string },
): Promise<SignedIn> {
  const token = randomToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  const signedIn = toSessionUser(user);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: sha256(token), userId: user.id, createdAt: now, expiresAt,
      oidcProviderId: via?.oidcProviderId ?? null, idTokenHint: via?.idTokenHint ?? null,
    });
    await recordAudit(tx, { clock: ctx.clock, user: signedIn }, {
      councilId: user.councilId, action: 'user.sign_in', entity: 'user', entityId: String(user.id),
      ...(via ? { after: { provider: via.oidcProviderId } } : {}),
    });
  });
  return { token, expiresAt, user: signedIn };
}

const DUMMY_HASH = await Bun.password.hash('not-a-real-password', { algorithm: 'argon2id' });

export async function userForSession(ctx: ServiceContext, token: string): Promise<SessionUser | undefined> {
  if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
  const [row] = await ctx.db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    // A disabled user's sessions stop at once (disabling also deletes them; this covers any race).
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, ctx.clock.now()), isNull(users.disabledAt)));
  return row ? toSessionUser(row.user) : undefined;
}

/**
 * Ends the session; a session that was still live is recorded as a sign-out in the audit trail.
 * Answers how it was opened, so sign-out can also end an OpenID Connect provider's session.
 */
export async function logout(ctx: ServiceContext, token: string): Promise<{ oidcProviderId: string | null; idTokenHint: string | null } | undefined> {
  if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
  return ctx.db.transaction(async (tx) => {
    const [ended] = await tx.delete(sessions).where(eq(sessions.tokenHash, sha256(token)))
      .returning({ userId: sessions.userId, expiresAt: sessions.expiresAt, oidcProviderId: sessions.oidcProviderId, idTokenHint: sessions.idTokenHint });
    if (!ended) return undefined;
    const via = { oidcProviderId: ended.oidcProviderId, idTokenHint: ended.idTokenHint };
    if (ended.expiresAt <= ctx.clock.now()) return via;
    const [user] = await tx.select().from(users).where(eq(users.id, ended.userId));
    if (user) {
      await recordAudit(tx, { clock: ctx.clock, user: toSessionUser(user) }, { councilId: user.councilId, action: 'user.sign_out', entity: 'user', entityId: String(user.id) });
    }
    return via;
  });
}

/** Scope check every verb does first: a user acts only within their own council. */
export function assertCouncil(user: SessionUser | undefined, councilId: number): void {
  if (!user || user.councilId !== councilId) throw forbidden('That belongs to another council.');
}

/** The CLI's `apikey create`: the admin API's verb is server/services/people/api-keys.ts. */
export async function createApiKey(ctx: ServiceContext, input: { councilSlug: string; name: string }) {
  const name = checkKeyName(input.name);
  const { key, prefix, keyHash } = newApiKey();
  return ctx.db.transaction(async (tx) => {
    const [council] = await tx.select().from(councils).where(eq(councils.slug, input.councilSlug));
    if (!council) throw new DomainError('unknown_council', `No council called "${input.councilSlug}"`, 404);
    const [row] = await tx.insert(apiKeys).values({ councilId: council.id, name, prefix, keyHash, createdAt: ctx.clock.now() }).returning();
    await recordAudit(tx, ctx, { councilId: council.id, action: 'api_key.create', entity: 'api_key', entityId: String(row.id), before: null, after: auditedKey(row) });
    return { key, prefix, council: council.slug, id: row.id };
  });
}

/** The fields of a key the audit trail keeps (never the key or its hash). */
export const auditedKey = (k: typeof apiKeys.$inferSelect) => ({
  name: k.name, prefix: k.prefix, revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

/** The council an API key acts for, or undefined when the key is unknown or revoked. */
export async function verifyApiKey(ctx: ServiceContext, key: string): Promise<{ id: number; councilId: number; name: string } | undefined> {
  if (!key || key.length > 200) return undefined;
  const [row] = await ctx.db
    .select({ id: apiKeys.id, councilId: apiKeys.councilId, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt)));
  return row;
}

/** The CLI's `apikey revoke --prefix`: stops every live key of the council with that prefix. */
export async function revokeApiKey(ctx: ServiceContext, input: { councilSlug: string; prefix: string }): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const [council] = await tx.select().from(councils).where(eq(councils.slug, input.councilSlug));
    if (!council) return 0;
    const before = await tx.select().from(apiKeys)
      .where(and(eq(apiKeys.councilId, council.id), eq(apiKeys.prefix, input.prefix), isNull(apiKeys.revokedAt)));
    for (const k of before) {
      const [after] = await tx.update(apiKeys).set({ revokedAt: ctx.clock.now() }).where(eq(apiKeys.id, k.id)).returning();
      await recordAudit(tx, ctx, { councilId: council.id, action: 'api_key.revoke', entity: 'api_key', entityId: String(k.id), before: auditedKey(k), after: auditedKey(after) });
    }
    return before.length;
  });
}
