/**
 * Open311 GeoReport v2 over missed-collection reports: one service per council waste service
 * (`missed-{serviceId}`), requests are reports (`service_request_id` = reference). Reporter details
 * and free-text notes never leave through here; the property's address is public and is given.
 */
import { isLang, translate, type Lang } from '../../web/i18n/index.ts';
import { pick } from '../../web/i18n/names.ts';
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { councils, missedReports, open311Submissions, properties, reportUpdates, services } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import type { LocalDate } from '../domain/dates.ts';
import { open311Status } from '../domain/missed-rules.ts';
import { parseReference } from '../domain/reference.ts';
import { DomainError, notFound } from '../errors.ts';

export const SERVICE_CODE_PREFIX = 'missed-';
export const serviceCode = (serviceId: string) => `${SERVICE_CODE_PREFIX}${serviceId}`;
export const serviceIdOf = (code: string) => (code.startsWith(SERVICE_CODE_PREFIX) ? code.slice(SERVICE_CODE_PREFIX.length) : undefined);

export type CouncilRow = typeof councils.$inferSelect;

/**
 * The council a request is for. `jurisdiction_id` is the council slug; it may be left out only when
 * the deployment serves one council (as the spec allows).
 */
export async function jurisdiction(ctx: ServiceContext, slug: string | undefined): Promise<CouncilRow> {
  if (slug) {
    const [council] = await ctx.db.select().from(councils).where(eq(councils.slug, slug));
    if (!council) throw new DomainError('unknown_jurisdiction', `No jurisdiction "${slug}".`, 404);
    return council;
  }
  const all = await ctx.db.select().from(councils).limit(2);
  if (all.length === 1) return all[0];
  throw new DomainError('jurisdiction_required', 'jurisdiction_id is required (the council slug).', 400);
}

/** An API key's own council (when a request leaves out jurisdiction_id). */
export async function councilById(ctx: ServiceContext, id: number): Promise<CouncilRow> {
  const [council] = await ctx.db.select().from(councils).where(eq(councils.id, id));
  if (!council) throw new DomainError('unknown_jurisdiction', 'No such jurisdiction.', 404);
  return council;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: true;
  type: 'realtime';
  keywords: string;
  group: string;
}

export const WASTE_KEYWORDS = 'waste_only,private';

/**
 * GeoReport v2 has no language parameter: services are described in the council's first language
 * (a Welsh-first council's FixMyStreet shows Welsh names), with the service's own name in it.
 */
const toService = (s: typeof services.$inferSelect, lang: Lang): Open311Service => {
  const name = pick(s.name, s.names, lang);
  return {
    service_code: serviceCode(s.id),
    service_name: translate(lang, 'open311.service_name', { service: name }),
    description: translate(lang, 'open311.service_description', { service: name.toLowerCase(), container: pick(s.container, s.containers, lang) }),
    metadata: true,
    type: 'realtime',
    // FixMyStreet splits keywords on bare commas: `waste_only` puts the service on its waste pages
    // only, `private` keeps reports off its public map (a report names a household).
    keywords: WASTE_KEYWORDS,
    group: translate(lang, 'open311.group'),
  };
};

const firstLang = (council: { languages?: string[] | null } | undefined): Lang => (council?.languages ?? []).find(isLang) ?? 'en';

export async function listServices(ctx: ServiceContext, councilId: number): Promise<Open311Service[]> {
  const [rows, [council]] = await Promise.all([
    ctx.db.select().from(services).where(eq(services.councilId, councilId)).orderBy(asc(services.id)),
    ctx.db.select({ languages: councils.languages }).from(councils).where(eq(councils.id, councilId)),
  ]);
  return rows.map((r) => toService(r, firstLang(council)));
}

export async function getService(ctx: ServiceContext, councilId: number, code: string): Promise<Open311Service> {
  const id = serviceIdOf(code);
  const [row] = id
    ? await ctx.db.select().from(services).where(and(eq(services.councilId, councilId), eq(services.id, id)))
    : [];
  if (!row) throw new DomainError('unknown_service', `No service "${code}".`, 404);
  const [council] = await ctx.db.select({ languages: councils.languages }).from(councils).where(eq(councils.id, councilId));
  return toService(row, firstLang(council));
}

/** The service definition: the one required attribute, the property's UPRN. */
export function serviceDefinition(code: string) {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'uprn',
        datatype: 'string',
        required: true,
        datatype_description: 'The Unique Property Reference Number of the property: 1–12 digits. Also accepted as address_id.',
        // FixMyStreet fills it from the address the resident picked and does not ask for it.
        automated: 'hidden_field',
        order: 1,
        description: 'Property (UPRN)',
      },
    ],
  };
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: Date;
  updated_datetime: Date;
  expected_datetime: Date;
  address: string;
  address_id: string;
  zipcode: string;
  lat: number;
  long: number;
}

export interface RequestQuery {
  ids?: string[];
  /** Any of these codes (a comma-separated list in the query). */
  serviceCodes?: string[];
  /** Any of these statuses. */
  statuses?: Array<'open' | 'closed'>;
  start?: Date;
  end?: Date;
}

/** The spec's default window when no dates are given, and its cap on results. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;

export async function listRequests(ctx: ServiceContext, council: CouncilRow, q: RequestQuery): Promise<Open311Request[]> {
  const where = [eq(missedReports.councilId, council.id)];
  if (q.ids) {
    const refs = q.ids.map(parseReference).filter((r): r is string => r !== null);
    if (refs.length === 0) return [];
    where.push(inArray(missedReports.reference, refs));
  } else {
    if (q.serviceCodes?.length) {
      const ids = q.serviceCodes.map(serviceIdOf).filter((id): id is string => !!id);
      if (ids.length === 0) return [];
      where.push(inArray(missedReports.serviceId, ids));
    }
    if (q.statuses?.length) {
      const internal = [
        ...(q.statuses.includes('open') ? ['open', 'scheduled'] : []),
        ...(q.statuses.includes('closed') ? ['resolved', 'closed'] : []),
      ];
      where.push(inArray(missedReports.status, internal));
    }
    const end = q.end ?? ctx.clock.now();
    const start = q.start ?? new Date((q.end ?? ctx.clock.now()).getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
    where.push(gte(missedReports.createdAt, start));
    where.push(lt(missedReports.createdAt, new Date(end.getTime() + 1)));
  }
  const rows = await ctx.db
    .select({
      reference: missedReports.reference, status: missedReports.status, serviceId: missedReports.serviceId,
      serviceName: services.name, collectionDate: missedReports.collectionDate, dueBy: missedReports.dueBy,
      createdAt: missedReports.createdAt, updatedAt: missedReports.updatedAt,
      uprn: missedReports.uprn, address: properties.address, postcode: properties.postcode, lat: properties.lat, lon: properties.lon,
    })
    .from(missedReports)
    .innerJoin(services, and(eq(services.councilId, missedReports.councilId), eq(services.id, missedReports.serviceId)))
    .innerJoin(properties, eq(properties.uprn, missedReports.uprn))
    .where(and(...where))
    .orderBy(desc(missedReports.createdAt))
    .limit(MAX_REQUESTS);
  if (rows.length === 0) return [];
  // The latest public note per report is its status_notes.
  const notes = await ctx.db
    .select({ reference: reportUpdates.reference, note: reportUpdates.note })
    .from(reportUpdates)
    .where(and(eq(reportUpdates.councilId, council.id), inArray(reportUpdates.reference, rows.map((r) => r.reference))))
    .orderBy(asc(reportUpdates.at), asc(reportUpdates.id));
  const lastNote = new Map<string, string>();
  for (const n of notes) if (n.note) lastNote.set(n.reference, n.note);
  return rows.map((r) => ({
    service_request_id: r.reference,
    status: open311Status(r.status),
    status_notes: lastNote.get(r.reference) ?? null,
    service_name: `Missed collection: ${r.serviceName}`,
    service_code: serviceCode(r.serviceId),
    agency_responsible: council.name,
    service_notice: collectionNotice(r.collectionDate),
    requested_datetime: r.createdAt,
    updated_datetime: r.updatedAt,
    expected_datetime: r.dueBy,
    address: r.address,
    address_id: String(r.uprn),
    zipcode: r.postcode,
    lat: r.lat,
    long: r.lon,
  }));
}

/**
 * The report this API key already made for that collection (a retried POST), if any. Looked up by
 * property, service and collection date, so a retry is recognised even after the reporting window
 * has closed (that refusal is checked before the duplicate one).
 */
export async function submittedBy(
  ctx: ServiceContext,
  input: { councilId: number; apiKeyId: number; uprn: number; serviceId: string; collectionDate: string },
) {
  const [row] = await ctx.db
    .select({ reference: missedReports.reference, collectionDate: missedReports.collectionDate })
    .from(open311Submissions)
    .innerJoin(missedReports, eq(missedReports.reference, open311Submissions.reference))
    .where(and(
      eq(open311Submissions.councilId, input.councilId),
      eq(open311Submissions.apiKeyId, input.apiKeyId),
      eq(missedReports.uprn, input.uprn),
      eq(missedReports.serviceId, input.serviceId),
      eq(missedReports.collectionDate, input.collectionDate),
    ));
  return row;
}

export const collectionNotice = (date: LocalDate) => `Missed collection of ${date}.`;

export async function getRequest(ctx: ServiceContext, council: CouncilRow, id: string): Promise<Open311Request> {
  const ref = parseReference(id);
  const [row] = ref ? await listRequests(ctx, council, { ids: [ref] }) : [];
  if (!row) throw notFound(`No request "${id}".`);
  return row;
}
