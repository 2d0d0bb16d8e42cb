/**
 * The one way officer and admin writes are audited. Call it with the write's own transaction, so the
 * audit row and the change commit or roll back together.
 */
import { auditLog } from '../../../db/schema/index.ts';
import type { Tx } from '../../../db/client.ts';
import type { ServiceContext } from '../../context.ts';

/** The entities the Officer API's `GET /api/v1/audit?entity=` filters by (DESIGN.md "Officer API"). */
export const AUDIT_ENTITIES = ['exception', 'round', 'assignment', 'property', 'user', 'api_key', 'report', 'contract', 'request', 'webhook'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export interface AuditEntry {
  councilId: number;
  /** A dotted verb: `exception.create`, `round.period`, `user.update`… */
  action: string;
  entity: AuditEntity;
  entityId: string;
  /** The entity's relevant fields before the write (null when created). */
  before?: unknown;
  /** … and after it (null when deleted or withdrawn). */
  after?: unknown;
}

/** Records who (ctx.user) did what, when (ctx.clock), inside `tx`. */
export async function recordAudit(tx: Tx | ServiceContext['db'], ctx: Pick<ServiceContext, 'clock' | 'user'>, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    councilId: entry.councilId,
    userId: ctx.user?.id ?? null,
    action: entry.action,
    subject: entry.entityId,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: ctx.clock.now(),
  });
}
