/**
 * Users, sessions and API keys. Passwords: argon2id (Bun.password). Session tokens and API keys are
 * random; the database keeps only their SHA-256, so a leaked table signs nobody in.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { apiKeys, auditLog, councils, sessions, users } from '../../db/schema/index.ts';
import type { ServiceContext, SessionUser } from '../context.ts';
import { DomainError, forbidden } from '../errors.ts';
import { clearLimit, enforceLimit } from './rate-limit.ts';

export const ROLES = ['admin', 'officer', 'crew', 'customer'] as const;
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

export async function addUser(ctx: ServiceContext, input: NewUser): Promise<SessionUser> {
  if (!ROLES.includes(input.role)) throw new DomainError('invalid_role', `Role must be one of ${ROLES.join(', ')}`);
  if (input.password.length < 10) throw new DomainError('weak_password', 'Passwords need at least 10 characters.');
  if (input.role === 'customer' && !input.customerId) {
    throw new DomainError('customer_required', 'A customer sign-in needs --customer {id}.');
  }
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new DomainError('invalid_email', 'That email address does not look right.');
  const passwordHash = await Bun.password.hash(input.password, { algorithm: 'argon2id' });
  return ctx.db.transaction(async (tx) => {
    const [council] = await tx.select().from(councils).where(eq(councils.slug, input.councilSlug));
    if (!council) throw new DomainError('unknown_council', `No council called "${input.councilSlug}"`, 404);
    const [row] = await tx
      .insert(users)
      .values({ councilId: council.id, email, name: input.name ?? null, passwordHash, role: input.role, customerId: input.customerId ?? null })
      .onConflictDoUpdate({
        target: users.email,
        set: { councilId: council.id, passwordHash, role: input.role, name: input.name ?? null, customerId: input.customerId ?? null },
      })
      .returning();
    await tx.insert(auditLog).values({ councilId: council.id, action: 'user.add', subject: email, detail: { role: input.role }, at: ctx.clock.now() });
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
  if (!user || !ok) throw new DomainError('invalid_credentials', 'Email or password is not right.', 401);
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
  await ctx.db.insert(sessions).values({
    tokenHash: sha256(token), userId: user.id, createdAt: now, expiresAt,
    oidcProviderId: via?.oidcProviderId ?? null, idTokenHint: via?.idTokenHint ?? null,
  });
  return { token, expiresAt, user: toSessionUser(user) };
}

const DUMMY_HASH = await Bun.password.hash('not-a-real-password', { algorithm: 'argon2id' });

export async function userForSession(ctx: ServiceContext, token: string): Promise<SessionUser | undefined> {
  if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
  const [row] = await ctx.db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, ctx.clock.now())));
  return row ? toSessionUser(row.user) : undefined;
}

/** Ends the session; answers how it was opened, so sign-out can also end an OpenID Connect provider's session. */
export async function logout(ctx: ServiceContext, token: string): Promise<{ oidcProviderId: string | null; idTokenHint: string | null } | undefined> {
  const [row] = await ctx.db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)))
    .returning({ oidcProviderId: sessions.oidcProviderId, idTokenHint: sessions.idTokenHint });
  return row;
}

/** Scope check every verb does first: a user acts only within their own council. */
export function assertCouncil(user: SessionUser | undefined, councilId: number): void {
  if (!user || user.councilId !== councilId) throw forbidden('That belongs to another council.');
}

export async function createApiKey(ctx: ServiceContext, input: { councilSlug: string; name: string }) {
  const key = `kb_${randomToken(24)}`;
  const prefix = key.slice(0, 10);
  return ctx.db.transaction(async (tx) => {
    const [council] = await tx.select().from(councils).where(eq(councils.slug, input.councilSlug));
    if (!council) throw new DomainError('unknown_council', `No council called "${input.councilSlug}"`, 404);
    await tx.insert(apiKeys).values({ councilId: council.id, name: input.name, prefix, keyHash: sha256(key), createdAt: ctx.clock.now() });
    await tx.insert(auditLog).values({ councilId: council.id, action: 'apikey.create', subject: input.name, detail: { prefix }, at: ctx.clock.now() });
    return { key, prefix, council: council.slug };
  });
}

/** The council an API key acts for, or undefined when the key is unknown or revoked. */
export async function verifyApiKey(ctx: ServiceContext, key: string): Promise<{ id: number; councilId: number; name: string } | undefined> {
  if (!key || key.length > 200) return undefined;
  const [row] = await ctx.db
    .select({ id: apiKeys.id, councilId: apiKeys.councilId, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt)));
  return row;
}

export async function revokeApiKey(ctx: ServiceContext, input: { councilSlug: string; prefix: string }): Promise<number> {
  const result = (await ctx.db.execute(sql`
    update api_keys set revoked_at = ${ctx.clock.now().toISOString()}
    where prefix = ${input.prefix} and revoked_at is null
      and council_id = (select id from councils where slug = ${input.councilSlug})
    returning id`)) as any;
  return (result.rows ?? result).length;
}
