/**
 * The officer console's list of missed-collection reports: one council's reports (the signed-in
 * officer's), newest first, with the property's address and service name, plus the counts the
 * dashboard leads with. Council scope is checked first and every query is filtered by council.
 */
import { and, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { missedReports, properties, services } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { canTransition, REPORT_STATUSES } from '../domain/missed-rules.ts';
import { parseReference } from '../domain/reference.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { getStaffReport } from './reports.ts';

export interface ReportListItem {
  reference: string;
  uprn: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  service: string;
  serviceName: string;
  collectionDate: string;
  status: string;
  dueBy: string;
  channel: string;
  createdAt: string;
  /** Still open or scheduled and past its due-by (ctx.clock). */
  overdue: boolean;
}

export interface ReportCounts {
  open: number;
  scheduled: number;
  /** Open or scheduled with due_by before now. */
  overdue: number;
}

const ACTIVE = ['open', 'scheduled'];
export const MAX_LIST = 500;

function officerCouncil(ctx: ServiceContext): number {
  if (!ctx.user) throw new DomainError('unauthorized', 'Sign in to continue.', 401);
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  if (ctx.councilId === undefined || ctx.councilId !== ctx.user.councilId) throw forbidden('That belongs to another council.');
  return ctx.councilId;
}

/**
 * Reports of the officer's council, newest first; `status`, `service`, `overdue` and `round` narrow the
 * list. `round`: reports of the round's service whose property was assigned to that round on the
 * report's collection date (so a street moved to another round keeps its old reports on the old one).
 */
export async function listReports(
  ctx: ServiceContext,
  input: { status?: string; service?: string; overdue?: boolean; round?: string; limit: number; offset?: number },
): Promise<ReportListItem[]> {
  const councilId = officerCouncil(ctx);
  if (input.status !== undefined && !(REPORT_STATUSES as readonly string[]).includes(input.status)) {
    throw new DomainError('invalid_status', `Status must be one of ${REPORT_STATUSES.join(', ')}.`, 400);
  }
  const limit = Math.max(1, Math.min(MAX_LIST, Math.floor(input.limit) || 1));
  const now = ctx.clock.now();
  const rows = await ctx.db
    .select({
      reference: missedReports.reference, uprn: missedReports.uprn, service: missedReports.serviceId,
      serviceName: services.name, collectionDate: missedReports.collectionDate, status: missedReports.status,
      dueBy: missedReports.dueBy, channel: missedReports.channel, createdAt: missedReports.createdAt,
      address: properties.address, lat: properties.lat, lon: properties.lon,
    })
    .from(missedReports)
    .leftJoin(properties, and(eq(properties.uprn, missedReports.uprn), eq(properties.councilId, missedReports.councilId)))
    .leftJoin(services, and(eq(services.councilId, missedReports.councilId), eq(services.id, missedReports.serviceId)))
    .where(and(
      eq(missedReports.councilId, councilId),
      input.status ? eq(missedReports.status, input.status) : undefined,
      input.service ? eq(missedReports.serviceId, input.service) : undefined,
      input.overdue ? and(inArray(missedReports.status, ACTIVE), lt(missedReports.dueBy, now)) : undefined,
      input.round ? onRound(input.round) : undefined,
    ))
    .orderBy(desc(missedReports.createdAt), desc(missedReports.reference))
    .limit(limit)
    .offset(Math.max(0, Math.floor(input.offset ?? 0)));
  return rows.map((r) => ({
    reference: r.reference,
    uprn: String(r.uprn),
    address: r.address ?? null,
    lat: r.lat === null || r.lat === undefined ? null : Number(r.lat),
    lon: r.lon === null || r.lon === undefined ? null : Number(r.lon),
    service: r.service,
    serviceName: r.serviceName ?? r.service,
    collectionDate: r.collectionDate,
    status: r.status,
    dueBy: r.dueBy.toISOString(),
    channel: r.channel,
    createdAt: r.createdAt.toISOString(),
    overdue: ACTIVE.includes(r.status) && r.dueBy.getTime() < now.getTime(),
  }));
}

/** The report's property was on `round` (a round of the report's service) on its collection date. */
const onRound = (round: string) => sql`exists (
  select 1 from assignments a join rounds ro on ro.council_id = a.council_id and ro.id = a.round_id
  where a.council_id = ${missedReports.councilId} and a.uprn = ${missedReports.uprn} and a.round_id = ${round}
    and ro.service_id = ${missedReports.serviceId}
    and a."from" <= ${missedReports.collectionDate} and (a."to" is null or a."to" >= ${missedReports.collectionDate}))`;

/** Open, scheduled and overdue counts for the officer's council. */
export async function reportCounts(ctx: ServiceContext): Promise<ReportCounts> {
  const councilId = officerCouncil(ctx);
  const now = ctx.clock.now();
  const byStatus = await ctx.db
    .select({ status: missedReports.status, n: count() })
    .from(missedReports)
    .where(and(eq(missedReports.councilId, councilId), inArray(missedReports.status, ACTIVE)))
    .groupBy(missedReports.status);
  const [late] = await ctx.db
    .select({ n: count() })
    .from(missedReports)
    .where(and(eq(missedReports.councilId, councilId), inArray(missedReports.status, ACTIVE), lt(missedReports.dueBy, now)));
  const of = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  return { open: of('open'), scheduled: of('scheduled'), overdue: Number(late?.n ?? 0) };
}


/** The staff view of one report (getStaffReport: council checked there) plus its address and service name. */
export async function getOfficerReport(ctx: ServiceContext, reference: string) {
  const councilId = officerCouncil(ctx);
  // Another council's report is "not found" here, not "forbidden": references are guessable.
  const ref = parseReference(reference);
  const [own] = ref
    ? await ctx.db.select({ reference: missedReports.reference }).from(missedReports)
      .where(and(eq(missedReports.councilId, councilId), eq(missedReports.reference, ref)))
    : [];
  if (!own) throw notFound('No report with that reference');
  const report = await getStaffReport(ctx, own.reference);
  const [place] = await ctx.db
    .select({ address: properties.address })
    .from(properties)
    .where(and(eq(properties.councilId, councilId), eq(properties.uprn, Number(report.uprn))));
  const [svc] = await ctx.db
    .select({ name: services.name })
    .from(services)
    .where(and(eq(services.councilId, councilId), eq(services.id, report.service)));
  const nextStatuses = REPORT_STATUSES.filter((s) => canTransition(report.status, s));
  return { report, address: place?.address, serviceName: svc?.name, nextStatuses: [...nextStatuses] };
}
