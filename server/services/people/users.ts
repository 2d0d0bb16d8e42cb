/**
 * People of a council, for its admins (DESIGN.md "Officer API": GET|POST /api/v1/users, PATCH
 * /api/v1/users/{id}): list, add, change role, disable and enable. Every write runs in one transaction
 * with its audit row (before/after without the password hash). Decisions: docs/people.md.
 */
import { asc, and, eq } from 'drizzle-orm';
import { sessions, users } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { DomainError, forbidden, notFound, unauthorized } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { auditedUser } from '../auth.ts';
import { checkPassword, checkStaffRole, hashPassword, normaliseEmail } from './rules.ts';

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: 'admin' | 'officer' | 'crew' | 'customer';
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

export interface NewStaffUser {
  email: string;
  name?: string | null;
  role: string;
  password: string;
}

export interface UserChange {
  role?: string;
  disabled?: boolean;
}

/** Scope and role first: only an admin, only of their own council. */
export function adminCouncil(ctx: ServiceContext): number {
  if (!ctx.user) throw unauthorized();
  if (ctx.user.role !== 'admin') throw forbidden('Only an admin of the council can manage people and keys.');
  return ctx.councilId ?? ctx.user.councilId;
}

const view = (u: typeof users.$inferSelect): UserView => ({
  id: String(u.id), email: u.email, name: u.name, role: u.role as UserView['role'], disabled: u.disabledAt !== null,
  disabledAt: u.disabledAt ? u.disabledAt.toISOString() : null, createdAt: u.createdAt.toISOString(),
});

/** An id from a path: anything but a positive integer is simply not found. */
export const parseId = (id: string): number => {
  const n = /^[0-9]{1,9}$/.test(id) ? Number(id) : 0;
  if (!n) throw notFound('No such user.');
  return n;
};

export async function listUsers(ctx: ServiceContext): Promise<UserView[]> {
  const councilId = adminCouncil(ctx);
  const rows = await ctx.db.select().from(users).where(eq(users.councilId, councilId)).orderBy(asc(users.email));
  return rows.map(view);
}

export async function getUser(ctx: ServiceContext, id: string): Promise<UserView> {
  const councilId = adminCouncil(ctx);
  const [row] = await ctx.db.select().from(users).where(and(eq(users.id, parseId(id)), eq(users.councilId, councilId)));
  if (!row) throw notFound('No such user.');
  return view(row);
}

export async function createUser(ctx: ServiceContext, input: NewStaffUser): Promise<UserView> {
  const councilId = adminCouncil(ctx);
  const email = normaliseEmail(input.email);
  const role = checkStaffRole(input.role);
  checkPassword(input.password);
  const name = (input.name ?? '').trim().slice(0, 200) || null;
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    // Emails are unique across the platform (one sign-in form), so one in another council clashes too.
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (taken) throw new DomainError('email_exists', 'Someone already signs in with that email address.', 409);
    const [row] = await tx.insert(users).values({ councilId, email, name, passwordHash, role, createdAt: ctx.clock.now() })
      .onConflictDoNothing().returning();
    if (!row) throw new DomainError('email_exists', 'Someone already signs in with that email address.', 409);
    await recordAudit(tx, ctx, { councilId, action: 'user.create', entity: 'user', entityId: String(row.id), before: null, after: auditedUser(row) });
    return view(row);
  });
}

/**
 * Changes a user's role and/or disables or enables them. An admin cannot change themselves
 * (`cannot_change_self`): the acting admin always remains, so a council never loses its last admin.
 * Disabling deletes the user's sessions in the same transaction: they are signed out at once.
 */
export async function updateUser(ctx: ServiceContext, id: string, change: UserChange): Promise<UserView> {
  const councilId = adminCouncil(ctx);
  const userId = parseId(id);
  if (change.role === undefined && change.disabled === undefined) {
    throw new DomainError('invalid_request', 'Send role, disabled or both.', 400);
  }
  const role = change.role === undefined ? undefined : checkStaffRole(change.role);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(and(eq(users.id, userId), eq(users.councilId, councilId))).for('update');
    if (!before) throw notFound('No such user.');
    if (before.id === ctx.user!.id && ((role !== undefined && role !== before.role) || change.disabled === true)) {
      throw new DomainError('cannot_change_self', 'You cannot change your own role or disable yourself; ask another admin.', 422);
    }
    if (role !== undefined && role !== before.role && before.role === 'customer') {
      throw new DomainError('invalid_role', 'A business customer’s sign-in cannot be given a staff role.', 422);
    }
    const disabledAt = change.disabled === undefined ? before.disabledAt : change.disabled ? (before.disabledAt ?? ctx.clock.now()) : null;
    const nextRole = role ?? before.role;
    if (nextRole === before.role && (disabledAt === null) === (before.disabledAt === null)) return view(before);
    const [after] = await tx.update(users).set({ role: nextRole, disabledAt }).where(eq(users.id, before.id)).returning();
    if (disabledAt && !before.disabledAt) await tx.delete(sessions).where(eq(sessions.userId, before.id));
    const action = role !== undefined && role !== before.role ? 'user.role' : disabledAt ? 'user.disable' : 'user.enable';
    await recordAudit(tx, ctx, { councilId, action, entity: 'user', entityId: String(before.id), before: auditedUser(before), after: auditedUser(after) });
    return view(after);
  });
}
