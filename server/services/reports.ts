/**
 * Missed-collection reports: making one (exactly once per collection), reading it back without
 * personal data, and moving it through open → scheduled → resolved | closed. Every change writes
 * `report_updates` and, when the reporter left an email, an outbox message, in the same transaction.
 *
 * Exactly once: the reference counter row is taken first (it serialises report inserts for a
 * moment), then `insert … on conflict (uprn, service, collection_date) do nothing`. When nothing is
 * inserted, the existing report is read and the transaction is rolled back (counter included), so a
 * refused duplicate never uses up a number and references stay gap-free.
 */
import { pick } from '../../web/i18n/names.ts';
import { recordAudit } from './audit/record.ts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { councils, missedReports, open311Submissions, reportUpdates, referenceCounters, services } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { formatLongDate, localDateAt, type LocalDate } from '../domain/dates.ts';
import { canTransition, REPORT_STATUSES, type ReportStatus } from '../domain/missed-rules.ts';
import { counterKey, formatReference, parseReference } from '../domain/reference.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { assertCouncil } from './auth.ts';
import { queueReportAlerts } from './alerts/report-alerts.ts';
import { enqueue, PUBLIC_URL_TOKEN } from './outbox.ts';
import { assessServices } from './reportability.ts';
import { loadPropertySchedule } from './schedule.ts';
import { emitEvent } from './webhooks/emit.ts';
import { isLang, translate, type Lang } from '../../web/i18n/index.ts';
import { longDate } from '../../web/i18n/dates.ts';

export const CHANNELS = ['web', 'open311', 'phone', 'crew'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface NewReport {
  uprn: number;
  service: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
  channel: Channel;
  /** The page's language, for the emails; the council's first language otherwise. */
  lang?: Lang;
  /** Open311: the API key it came with, so a retry of the same POST finds its first answer. */
  apiKeyId?: number;
}

export interface ReportReceipt {
  reference: string;
  status: ReportStatus;
  service: string;
  collectionDate: LocalDate;
  dueBy: string;
  councilId: number;
}

const sqlIncrement = sql`${referenceCounters.value} + 1`;

/** Rule refusals are 422 (duplicate 409) with the rule's code and what the resident needs to know. */
function refusal(d: { code: string; message: string; collectionDate?: string; outcome?: string; reference?: string }) {
  const details: Record<string, unknown> = {};
  if (d.collectionDate) details.collectionDate = d.collectionDate;
  if (d.outcome) details.outcome = d.outcome;
  if (d.reference) details.reference = d.reference;
  return new DomainError(d.code, d.message, d.code === 'duplicate' ? 409 : 422, details);
}

/**
 * Makes a report. `ctx.councilId`, when set (Open311 key, staff), restricts it to that council's
 * properties: another council's UPRN is `not_found`.
 */
export async function submitReport(ctx: ServiceContext, input: NewReport): Promise<ReportReceipt> {
  const ps = await loadPropertySchedule(ctx, input.uprn);
  const council = ps.schedule.council;
  if (ctx.councilId !== undefined && ctx.councilId !== council.id) throw notFound(`No property with UPRN ${input.uprn}`);
  const service = ps.services.find((s) => s.id === input.service);
  if (!service) {
    throw new DomainError('unknown_service', `The property has no "${input.service}" collection to report.`, 400);
  }
  // Emails about the report go in the language it was made in, when the council offers it.
  const offered = (council.languages ?? ['en']).filter(isLang);
  const reportLang: Lang = input.lang && offered.includes(input.lang) ? input.lang : offered[0] ?? 'en';
  const decision = (await assessServices(ctx, ps, [service.id])).get(service.id)!;
  if (!decision.accepted) throw refusal(decision);

  const now = ctx.clock.now();
  const year = +localDateAt(now, council.timezone).slice(0, 4);
  const receipt = await ctx.db.transaction(async (tx) => {
    const [counter] = await tx
      .insert(referenceCounters)
      .values({ prefix: counterKey(year), value: 1 })
      .onConflictDoUpdate({ target: referenceCounters.prefix, set: { value: sqlIncrement } })
      .returning({ value: referenceCounters.value });
    const reference = formatReference(year, counter.value);
    const inserted = await tx
      .insert(missedReports)
      .values({
        reference,
        councilId: council.id,
        uprn: input.uprn,
        serviceId: service.id,
        collectionDate: decision.collectionDate,
        reporterName: input.name || null,
        reporterEmail: input.email || null,
        reporterPhone: input.phone || null,
        notes: input.notes || null,
        channel: input.channel,
        language: reportLang,
        status: 'open',
        dueBy: decision.dueBy,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [missedReports.uprn, missedReports.serviceId, missedReports.collectionDate] })
      .returning({ reference: missedReports.reference });
    if (inserted.length === 0) {
      const [existing] = await tx
        .select({ reference: missedReports.reference })
        .from(missedReports)
        .where(and(eq(missedReports.uprn, input.uprn), eq(missedReports.serviceId, service.id), eq(missedReports.collectionDate, decision.collectionDate)));
      // Throwing rolls the counter back too.
      throw refusal({
        code: 'duplicate',
        message: `This collection has already been reported (reference ${existing?.reference}).`,
        collectionDate: decision.collectionDate,
        reference: existing?.reference,
      });
    }
    await tx.insert(reportUpdates).values({
      councilId: council.id, reference, at: now, status: 'open', note: 'Report received.', userId: ctx.user?.id ?? null,
    });
    if (input.apiKeyId !== undefined) {
      await tx.insert(open311Submissions).values({ reference, councilId: council.id, apiKeyId: input.apiKeyId });
    }
    // Council systems hear of it in the same transaction (no personal data in the event).
    await emitEvent({ ...ctx, db: tx }, {
      councilId: council.id,
      type: 'report.created',
      data: {
        reference, uprn: String(input.uprn), service: service.id, collectionDate: decision.collectionDate, channel: input.channel,
        status: 'open', dueBy: decision.dueBy.toISOString(), createdAt: now.toISOString(),
      },
    });
    if (input.email) {
      await enqueue({ ...ctx, db: tx }, {
        councilId: council.id,
        kind: 'report.received',
        recipient: input.email,
        subject: translate(reportLang, 'email.received_subject', { reference }),
        body: [
          translate(reportLang, 'email.received_thanks', {
            council: council.name, service: pick(service.name, service.names, reportLang).toLowerCase(), address: ps.property.address,
            date: longDate(reportLang, decision.collectionDate, true),
          }),
          '',
          translate(reportLang, 'email.received_reference', {
            reference, date: longDate(reportLang, localDateAt(decision.dueBy, council.timezone), true),
          }),
          translate(reportLang, 'email.track', { url: `${PUBLIC_URL_TOKEN}/reports/${reference}` }),
        ].join('\n'),
        payload: { reference, status: 'open' },
      });
    }
    return reference;
  });
  return {
    reference: receipt,
    status: 'open',
    service: service.id,
    collectionDate: decision.collectionDate,
    dueBy: decision.dueBy.toISOString(),
    councilId: council.id,
  };
}

async function findReport(ctx: ServiceContext, reference: string) {
  const ref = parseReference(reference);
  if (!ref) throw notFound('No report with that reference');
  const [row] = await ctx.db.select().from(missedReports).where(eq(missedReports.reference, ref));
  if (!row) throw notFound('No report with that reference');
  return row;
}

export interface PublicReport {
  reference: string;
  status: string;
  service: string;
  serviceName: string;
  collectionDate: LocalDate;
  dueBy: string;
  createdAt: string;
  updatedAt: string;
  history: Array<{ at: string; status: string; note?: string }>;
}

async function serviceName(ctx: ServiceContext, councilId: number, serviceId: string) {
  const [s] = await ctx.db.select({ name: services.name }).from(services).where(and(eq(services.councilId, councilId), eq(services.id, serviceId)));
  return s?.name ?? serviceId;
}

/** What anyone with the reference may see: status and public history, never personal data. */
export async function getPublicReport(ctx: ServiceContext, reference: string): Promise<PublicReport> {
  const row = await findReport(ctx, reference);
  if (ctx.councilId !== undefined && row.councilId !== ctx.councilId) throw notFound('No report with that reference');
  const history = await ctx.db
    .select({ at: reportUpdates.at, status: reportUpdates.status, note: reportUpdates.note })
    .from(reportUpdates)
    .where(and(eq(reportUpdates.councilId, row.councilId), eq(reportUpdates.reference, row.reference)))
    .orderBy(asc(reportUpdates.at), asc(reportUpdates.id));
  return {
    reference: row.reference,
    status: row.status,
    service: row.serviceId,
    serviceName: await serviceName(ctx, row.councilId, row.serviceId),
    collectionDate: row.collectionDate,
    dueBy: row.dueBy.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    history: history.map((h) => ({ at: h.at.toISOString(), status: h.status, ...(h.note ? { note: h.note } : {}) })),
  };
}

/** Staff view (officer of the report's council): everything, reporter details and internal notes included. */
export async function getStaffReport(ctx: ServiceContext, reference: string) {
  const row = await findReport(ctx, reference);
  assertCouncil(ctx.user, row.councilId);
  const history = await ctx.db
    .select()
    .from(reportUpdates)
    .where(and(eq(reportUpdates.councilId, row.councilId), eq(reportUpdates.reference, row.reference)))
    .orderBy(asc(reportUpdates.at), asc(reportUpdates.id));
  return {
    reference: row.reference,
    status: row.status,
    uprn: String(row.uprn),
    service: row.serviceId,
    collectionDate: row.collectionDate,
    dueBy: row.dueBy.toISOString(),
    channel: row.channel,
    reporter: { name: row.reporterName, email: row.reporterEmail, phone: row.reporterPhone },
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    history: history.map((h) => ({
      at: h.at.toISOString(), status: h.status, note: h.note ?? undefined, internalNote: h.internalNote ?? undefined, userId: h.userId ?? undefined,
    })),
  };
}

export interface ReportChange {
  status: string;
  /** Shown to the resident (history, email). */
  note?: string | null;
  /** Staff only. */
  internalNote?: string | null;
}


/**
 * Moves a report on. Officers of the report's council (PATCH) and crews resolving a return visit.
 * The update is conditional on the status it was read with, so two racing changes cannot both apply.
 */
export async function updateReport(ctx: ServiceContext, reference: string, change: ReportChange) {
  if (!ctx.user) throw new DomainError('unauthorized', 'Sign in to continue.', 401);
  const row = await findReport(ctx, reference);
  assertCouncil(ctx.user, row.councilId);
  if (!(REPORT_STATUSES as readonly string[]).includes(change.status)) {
    throw new DomainError('invalid_status', `Status must be one of ${REPORT_STATUSES.join(', ')}.`, 400);
  }
  if (!canTransition(row.status, change.status)) {
    throw new DomainError('invalid_transition', `A report that is ${row.status} cannot become ${change.status}.`, 409, { status: row.status });
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(missedReports)
      .set({ status: change.status, updatedAt: now })
      .where(and(eq(missedReports.reference, row.reference), eq(missedReports.status, row.status), eq(missedReports.councilId, row.councilId)))
      .returning({ reference: missedReports.reference });
    if (updated.length === 0) {
      throw new DomainError('invalid_transition', 'The report changed while you were editing it; reload and try again.', 409);
    }
    await tx.insert(reportUpdates).values({
      councilId: row.councilId, reference: row.reference, at: now, status: change.status,
      note: change.note || null, internalNote: change.internalNote || null, userId: ctx.user!.id,
    });
    await emitEvent({ ...ctx, db: tx }, {
      councilId: row.councilId,
      type: 'report.updated',
      data: { reference: row.reference, status: change.status, previousStatus: row.status, note: change.note || null, updatedAt: now.toISOString(), source: 'officer' },
    });
    await recordAudit(tx, ctx, {
      councilId: row.councilId, action: 'report.update', entity: 'report', entityId: row.reference,
      before: { status: row.status }, after: { status: change.status, note: change.note || null, internalNote: change.internalNote || null },
    });
    // Residents who asked for report alerts at this property (services/alerts/report-alerts.ts).
    await queueReportAlerts({ ...ctx, db: tx }, {
      councilId: row.councilId, uprn: Number(row.uprn), reference: row.reference, status: change.status, note: change.note, reporterEmail: row.reporterEmail,
    });
    if (row.reporterEmail) {
      const [council] = await tx.select({ name: councils.name }).from(councils).where(eq(councils.id, row.councilId));
      const lang: Lang = isLang(row.language) ? row.language : 'en';
      await enqueue({ ...ctx, db: tx }, {
        councilId: row.councilId,
        kind: 'report.updated',
        recipient: row.reporterEmail,
        subject: translate(lang, 'email.updated_subject', { reference: row.reference, status: translate(lang, `report_status.${change.status as ReportStatus}`) }),
        body: [
          translate(lang, `email.status_${change.status as ReportStatus}`, { reference: row.reference }),
          ...(change.note ? ['', change.note] : []),
          '',
          translate(lang, 'email.track', { url: `${PUBLIC_URL_TOKEN}/reports/${row.reference}` }),
          '',
          council?.name ?? '',
        ].join('\n'),
        payload: { reference: row.reference, status: change.status },
      });
    }
  });
  return getStaffReport(ctx, row.reference);
}

/** A crew resolving a return visit (the bin has now been emptied). */
export async function resolveReturnVisit(ctx: ServiceContext, reference: string, note?: string) {
  if (!ctx.user || !['crew', 'officer', 'admin'].includes(ctx.user.role)) throw forbidden();
  return updateReport(ctx, reference, { status: 'resolved', note: note || 'The crew has returned and emptied your bin.' });
}

export interface OpenReport {
  reference: string;
  uprn: number;
  service: string;
  status: string;
  collectionDate: LocalDate;
  dueBy: string;
}

/** Open and scheduled reports at these properties: the return visits a crew should make. */
export async function openReportsFor(ctx: ServiceContext, input: { councilId: number; uprns: number[] }): Promise<OpenReport[]> {
  if (ctx.user) assertCouncil(ctx.user, input.councilId);
  if (input.uprns.length === 0) return [];
  const rows = await ctx.db
    .select({
      reference: missedReports.reference, uprn: missedReports.uprn, service: missedReports.serviceId,
      status: missedReports.status, collectionDate: missedReports.collectionDate, dueBy: missedReports.dueBy,
    })
    .from(missedReports)
    .where(and(
      eq(missedReports.councilId, input.councilId),
      inArray(missedReports.uprn, input.uprns),
      inArray(missedReports.status, ['open', 'scheduled']),
    ))
    .orderBy(asc(missedReports.createdAt));
  return rows.map((r) => ({ ...r, dueBy: r.dueBy.toISOString() }));
}
