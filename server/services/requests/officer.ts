/**
 * Officers' view of requests (DESIGN.md: `GET /api/v1/requests?kind=&status=` and `.csv`): the
 * council's requests, newest first, with the contact details residents gave (officers may see them;
 * the public view never does), and one request in full for /officer/requests/{reference}.
 */
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { payments, requestHistory, residentRequests, users } from '../../../db/schema/index.ts';
import { REQUEST_KINDS, REQUEST_STATUSES, type RequestKind, type RequestStatus } from '../../../db/schema/requests.ts';
import type { ServiceContext } from '../../context.ts';
import { csvLine } from '../../domain/csv.ts';
import { DomainError, forbidden, unauthorized } from '../../errors.ts';
import { findRequest } from './lifecycle.ts';
import { kindHooks, type RequestRow } from './kinds.ts';

export interface OfficerRequestRow {
  reference: string;
  kind: RequestKind;
  status: RequestStatus;
  uprn: string;
  amountPence: number;
  paidPence: number;
  refundedPence: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  channel: string;
  createdAt: string;
  updatedAt: string;
}

export interface RequestQuery {
  kind?: string;
  status?: string;
  cursor?: number;
  limit?: number;
}

function councilOf(ctx: ServiceContext): number {
  if (!ctx.user) throw unauthorized();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId ?? ctx.user.councilId;
}

export async function listRequests(ctx: ServiceContext, q: RequestQuery): Promise<{ rows: OfficerRequestRow[]; next?: number }> {
  const councilId = councilOf(ctx);
  if (q.kind && !(REQUEST_KINDS as readonly string[]).includes(q.kind)) throw new DomainError('invalid_request', `kind must be one of ${REQUEST_KINDS.join(', ')}.`, 400);
  if (q.status && !(REQUEST_STATUSES as readonly string[]).includes(q.status)) throw new DomainError('invalid_request', `status must be one of ${REQUEST_STATUSES.join(', ')}.`, 400);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 5000);
  const rows = await ctx.db.select().from(residentRequests)
    .where(and(
      eq(residentRequests.councilId, councilId),
      q.kind ? eq(residentRequests.kind, q.kind as RequestKind) : undefined,
      q.status ? eq(residentRequests.status, q.status as RequestStatus) : undefined,
      q.cursor ? lt(residentRequests.id, q.cursor) : undefined,
    ))
    .orderBy(desc(residentRequests.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      reference: r.reference, kind: r.kind, status: r.status, uprn: String(r.uprn), amountPence: r.amountPence, paidPence: r.paidPence,
      refundedPence: r.refundedPence, name: r.name, email: r.email, phone: r.phone, channel: r.channel,
      createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    })),
    next: rows.length > limit ? page[page.length - 1].id : undefined,
  };
}

/**
 * What each listed request is, in the kind's own words (its `describe()`: bins and year for garden,
 * date and items for bulky, the container for a bin request), in English like the officer pages.
 * One transaction for the page's rows (hooks read in one).
 */
export async function describeListed(ctx: ServiceContext, references: string[]): Promise<Map<string, string[]>> {
  const councilId = councilOf(ctx);
  const out = new Map<string, string[]>();
  if (references.length === 0) return out;
  const rows = await ctx.db.select().from(residentRequests)
    .where(and(eq(residentRequests.councilId, councilId), inArray(residentRequests.reference, references)));
  await ctx.db.transaction(async (tx) => {
    for (const r of rows) {
      out.set(r.reference, await kindHooks(r.kind).describe(tx, ctx, { ...r, language: 'en' } as RequestRow).catch(() => []));
    }
  });
  return out;
}

const CSV_COLUMNS = ['reference', 'kind', 'status', 'uprn', 'amountPence', 'paidPence', 'refundedPence', 'name', 'email', 'phone', 'channel', 'createdAt', 'updatedAt'] as const;

export function requestsCsv(rows: OfficerRequestRow[]): string {
  return [csvLine([...CSV_COLUMNS]), ...rows.map((r) => csvLine(CSV_COLUMNS.map((k) => r[k])))].join('\r\n') + '\r\n';
}

export interface OfficerRequestDetail extends OfficerRequestRow {
  refundDuePence: number;
  holdUntil: string | null;
  language: string;
  lines: string[];
  payments: Array<{ id: string; provider: string; state: string; amountPence: number; refundedPence: number; failureCode: string | null; createdAt: string; finishedAt: string | null }>;
  history: Array<{ at: string; status: string; note: string | null; by: string | null }>;
  actions: Array<{ label: string; path: string }>;
}

export async function getOfficerRequest(ctx: ServiceContext, reference: string): Promise<OfficerRequestDetail> {
  const councilId = councilOf(ctx);
  const r = await findRequest({ ...ctx, councilId }, reference);
  const hooks = kindHooks(r.kind);
  // The kind's description reads in a transaction of its own (hooks take one), after the plain reads.
  const [ps, hs] = await Promise.all([
    ctx.db.select().from(payments).where(eq(payments.requestId, r.id)).orderBy(asc(payments.createdAt), asc(payments.id)),
    ctx.db.select({ at: requestHistory.at, status: requestHistory.status, note: requestHistory.note, email: users.email })
      .from(requestHistory).leftJoin(users, eq(users.id, requestHistory.userId))
      .where(eq(requestHistory.requestId, r.id)).orderBy(asc(requestHistory.at), asc(requestHistory.id)),
  ]);
  const lines = await ctx.db.transaction((tx) => hooks.describe(tx, ctx, r as RequestRow));
  return {
    reference: r.reference, kind: r.kind, status: r.status, uprn: String(r.uprn), amountPence: r.amountPence, paidPence: r.paidPence,
    refundedPence: r.refundedPence, refundDuePence: r.refundDuePence, name: r.name, email: r.email, phone: r.phone, channel: r.channel,
    language: r.language, holdUntil: r.holdUntil?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    lines,
    payments: ps.map((p) => ({
      id: p.id, provider: p.provider, state: p.state, amountPence: p.amountPence, refundedPence: p.refundedPence, failureCode: p.failureCode,
      createdAt: p.createdAt.toISOString(), finishedAt: p.finishedAt?.toISOString() ?? null,
    })),
    history: hs.map((h) => ({ at: h.at.toISOString(), status: h.status, note: h.note, by: h.email ?? null })),
    actions: hooks.officerActions?.(r as RequestRow) ?? [],
  };
}
