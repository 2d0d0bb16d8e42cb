/**
 * The audit trail for officers: GET /api/v1/audit (newest first, cursor paging) and its CSV export.
 * The cursor is the last row's id: ids rise with inserts, so "older than id" pages stably.
 */
import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { auditLog, users } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { DomainError, forbidden } from '../../errors.ts';
import { AUDIT_ENTITIES } from './record.ts';
import { csvLine } from '../../domain/csv.ts';

export interface AuditQuery {
  from?: string;
  to?: string;
  user?: string;
  entity?: string;
  cursor?: number;
  limit?: number;
}

export interface AuditRow {
  at: string;
  user: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** `from`/`to` are instants or dates (a date `to` includes that whole day, UTC). */
const instant = (s: string, end: boolean): Date => {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : new Date(s);
  if (Number.isNaN(d.getTime())) throw new DomainError('invalid_request', `"${s}" is not a date.`, 400);
  if (end && /^\d{4}-\d{2}-\d{2}$/.test(s)) d.setUTCDate(d.getUTCDate() + 1);
  return d;
};

export async function listAudit(ctx: ServiceContext, q: AuditQuery): Promise<{ rows: AuditRow[]; next?: number }> {
  if (!ctx.user) throw new DomainError('unauthorized', 'Sign in to continue.', 401);
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  const councilId = ctx.councilId ?? ctx.user.councilId;
  if (q.entity && !(AUDIT_ENTITIES as readonly string[]).includes(q.entity)) {
    throw new DomainError('invalid_request', `entity must be one of ${AUDIT_ENTITIES.join(', ')}.`, 400);
  }
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const rows = await ctx.db
    .select({ id: auditLog.id, at: auditLog.at, email: users.email, action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, subject: auditLog.subject, before: auditLog.before, after: auditLog.after, detail: auditLog.detail })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(
      eq(auditLog.councilId, councilId),
      q.from ? gte(auditLog.at, instant(q.from, false)) : undefined,
      q.to ? (/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? lt(auditLog.at, instant(q.to, true)) : lte(auditLog.at, instant(q.to, false))) : undefined,
      q.user ? eq(users.email, q.user.toLowerCase()) : undefined,
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.cursor ? lt(auditLog.id, q.cursor) : undefined,
    ))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      at: r.at.toISOString(), user: r.email, action: r.action, entity: r.entity, entityId: r.entityId ?? r.subject,
      before: r.before ?? null, after: r.after ?? r.detail ?? null,
    })),
    next: rows.length > limit ? page[page.length - 1].id : undefined,
  };
}

export function auditCsv(rows: AuditRow[]): string {
  const head = ['at', 'user', 'action', 'entity', 'entityId', 'before', 'after'];
  return [head.join(','), ...rows.map((r) => csvLine([r.at, r.user, r.action, r.entity, r.entityId, r.before, r.after]))].join('\r\n') + '\r\n';
}
