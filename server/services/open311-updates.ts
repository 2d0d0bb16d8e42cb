/**
 * FixMyStreet's service request updates extension (DESIGN.md "Open311 GeoReport v2"):
 * GET lists a council's report history in a time window so FixMyStreet can pull officers' status
 * changes; POST adds a resident's follow-up comment to a report's history.
 *
 * What leaves: the status and the note for the resident of every history row after the first (the
 * first is the report itself, not an update). Internal notes never leave. `update_id` is the
 * history row's id: FixMyStreet stores the id we answer a POST with as its comment's external id,
 * so when the same row comes back in GET it recognises its own comment and skips it.
 */
import { and, asc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import { missedReports, open311UpdateReceipts, reportUpdates } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { parseReference } from '../domain/reference.ts';
import { DomainError, notFound } from '../errors.ts';
import type { CouncilRow } from './open311.ts';
import { emitEvent } from './webhooks/emit.ts';

/** FixMyStreet's extended statuses (its map_state understands each). */
const UPDATE_STATUS: Record<string, string> = {
  open: 'open',
  scheduled: 'action_scheduled',
  resolved: 'fixed',
  closed: 'closed',
};
export const updateStatus = (status: string) => UPDATE_STATUS[status] ?? 'open';

export interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: Date;
  description: string;
}

/** Without dates, the last day; the answer is capped like requests'. */
export const DEFAULT_UPDATE_WINDOW_MS = 24 * 3600_000;
export const MAX_UPDATES = 1000;

export async function listRequestUpdates(
  ctx: ServiceContext,
  council: CouncilRow,
  q: { start?: Date; end?: Date },
): Promise<Open311Update[]> {
  const end = q.end ?? ctx.clock.now();
  const start = q.start ?? new Date(end.getTime() - DEFAULT_UPDATE_WINDOW_MS);
  if (start > end) throw new DomainError('invalid_date', 'start_date must not be after end_date.', 400);
  const first = sql`(select min(f.id) from report_updates f where f.reference = ${reportUpdates.reference})`;
  const rows = await ctx.db
    .select({ id: reportUpdates.id, reference: reportUpdates.reference, status: reportUpdates.status, at: reportUpdates.at, note: reportUpdates.note })
    .from(reportUpdates)
    .innerJoin(missedReports, eq(missedReports.reference, reportUpdates.reference))
    .where(and(
      eq(reportUpdates.councilId, council.id),
      eq(missedReports.councilId, council.id),
      gte(reportUpdates.at, start),
      lte(reportUpdates.at, end),
      gt(reportUpdates.id, first),
    ))
    .orderBy(asc(reportUpdates.at), asc(reportUpdates.id))
    .limit(MAX_UPDATES);
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.reference,
    status: updateStatus(r.status),
    updated_datetime: r.at,
    description: r.note ?? '',
  }));
}

export interface ResidentComment {
  apiKeyId: number;
  serviceRequestId: string;
  /** The client's own id for the comment: posting it again changes nothing. */
  clientUpdateId: string;
  description: string;
  name?: string;
  email?: string;
}

/** Thrown inside the transaction when another request stored the same update_id first. */
class AlreadyStored extends Error {}

async function receiptOf(ctx: ServiceContext, councilId: number, apiKeyId: number, clientUpdateId: string) {
  const [row] = await ctx.db
    .select({ id: open311UpdateReceipts.reportUpdateId })
    .from(open311UpdateReceipts)
    .where(and(
      eq(open311UpdateReceipts.councilId, councilId),
      eq(open311UpdateReceipts.apiKeyId, apiKeyId),
      eq(open311UpdateReceipts.clientUpdateId, clientUpdateId),
    ));
  return row?.id;
}

/**
 * Adds the resident's comment to the report's history (status unchanged: a resident cannot close
 * or reopen a council's report from outside) and answers with the history row's id.
 */
export async function addResidentComment(ctx: ServiceContext, council: CouncilRow, input: ResidentComment): Promise<{ update_id: string }> {
  const ref = parseReference(input.serviceRequestId);
  const [report] = ref
    ? await ctx.db.select().from(missedReports).where(and(eq(missedReports.councilId, council.id), eq(missedReports.reference, ref)))
    : [];
  if (!report) throw notFound(`No request "${input.serviceRequestId}".`);
  const known = await receiptOf(ctx, council.id, input.apiKeyId, input.clientUpdateId);
  if (known !== undefined) return { update_id: String(known) };
  const now = ctx.clock.now();
  const who = [input.name, input.email ? `<${input.email}>` : ''].filter(Boolean).join(' ');
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(reportUpdates)
        .values({
          councilId: council.id, reference: report.reference, at: now, status: report.status, note: input.description,
          internalNote: `Comment from the resident${who ? ` (${who})` : ''} through Open311.`, userId: null,
        })
        .returning({ id: reportUpdates.id });
      const stored = await tx
        .insert(open311UpdateReceipts)
        .values({ councilId: council.id, apiKeyId: input.apiKeyId, clientUpdateId: input.clientUpdateId, reportUpdateId: row.id, receivedAt: now })
        .onConflictDoNothing()
        .returning({ id: open311UpdateReceipts.reportUpdateId });
      if (stored.length === 0) throw new AlreadyStored();
      await tx.update(missedReports).set({ updatedAt: now }).where(eq(missedReports.reference, report.reference));
      await emitEvent({ ...ctx, db: tx }, {
        councilId: council.id,
        type: 'report.updated',
        data: { reference: report.reference, status: report.status, previousStatus: report.status, note: input.description, updatedAt: now.toISOString(), source: 'open311' },
      });
      return row.id;
    });
    return { update_id: String(id) };
  } catch (err) {
    if (!(err instanceof AlreadyStored)) throw err;
    return { update_id: String(await receiptOf(ctx, council.id, input.apiKeyId, input.clientUpdateId)) };
  }
}
