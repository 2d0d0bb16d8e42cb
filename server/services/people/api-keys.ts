/**
 * API keys of a council, for its admins (DESIGN.md "Officer API": GET|POST /api/v1/api-keys, DELETE
 * /api/v1/api-keys/{id}). The key is returned once, by `createKey`; the table keeps its prefix and
 * SHA-256 only. Revoking sets revoked_at, which Open311's key check (verifyApiKey) refuses at once.
 */
import { and, desc, eq } from 'drizzle-orm';
import { apiKeys } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { auditedKey } from '../auth.ts';
import { checkKeyName, newApiKey } from './rules.ts';
import { adminCouncil } from './users.ts';

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

const view = (k: typeof apiKeys.$inferSelect): KeyView => ({
  id: String(k.id), name: k.name, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

const keyId = (id: string): number => {
  const n = /^[0-9]{1,9}$/.test(id) ? Number(id) : 0;
  if (!n) throw notFound('No such API key.');
  return n;
};

/** Every key of the council, newest first, revoked ones too (with when). Never the key itself. */
export async function listKeys(ctx: ServiceContext): Promise<KeyView[]> {
  const councilId = adminCouncil(ctx);
  const rows = await ctx.db.select().from(apiKeys).where(eq(apiKeys.councilId, councilId)).orderBy(desc(apiKeys.id));
  return rows.map(view);
}

export async function getKey(ctx: ServiceContext, id: string): Promise<KeyView> {
  const councilId = adminCouncil(ctx);
  const [row] = await ctx.db.select().from(apiKeys).where(and(eq(apiKeys.id, keyId(id)), eq(apiKeys.councilId, councilId)));
  if (!row) throw notFound('No such API key.');
  return view(row);
}

/** Creates a key: the answer is the only place the key ever appears. */
export async function createKey(ctx: ServiceContext, input: { name: string }): Promise<KeyView & { key: string }> {
  const councilId = adminCouncil(ctx);
  const name = checkKeyName(input.name);
  const { key, prefix, keyHash } = newApiKey();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(apiKeys).values({ councilId, name, prefix, keyHash, createdAt: ctx.clock.now() }).returning();
    await recordAudit(tx, ctx, { councilId, action: 'api_key.create', entity: 'api_key', entityId: String(row.id), before: null, after: auditedKey(row) });
    return { ...view(row), key };
  });
}

/** Revokes a key (idempotent: an already revoked key stays as it was, with no second audit row). */
export async function revokeKey(ctx: ServiceContext, id: string): Promise<KeyView> {
  const councilId = adminCouncil(ctx);
  const n = keyId(id);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(apiKeys).where(and(eq(apiKeys.id, n), eq(apiKeys.councilId, councilId))).for('update');
    if (!before) throw notFound('No such API key.');
    if (before.revokedAt) return view(before);
    const [after] = await tx.update(apiKeys).set({ revokedAt: ctx.clock.now() }).where(eq(apiKeys.id, n)).returning();
    await recordAudit(tx, ctx, { councilId, action: 'api_key.revoke', entity: 'api_key', entityId: String(n), before: auditedKey(before), after: auditedKey(after) });
    return view(after);
  });
}
