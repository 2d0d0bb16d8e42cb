/**
 * The three resident requests as Open311 services (issue 13 item 5; docs/requests.md "Open311"):
 * `garden-subscription`, `bulky-collection` and `container-request`, listed beside the missed-bin
 * services (server/services/open311.ts) for councils that offer them. One adapter per service code
 * says when the council offers it, what attributes its definition has and how a POST's attributes
 * become the kind's own create call (the same service verb the JSON API uses). The lifecycle does
 * the rest: a request costing something is `pending_payment`, its payment link in `service_notice`.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { payments, properties, requestHistory, residentRequests } from '../../db/schema/index.ts';
import type { RequestKind, RequestStatus } from '../../db/schema/requests.ts';
import type { ServiceContext } from '../context.ts';
import type { RequestsConfig } from '../domain/requests/config.ts';
import { DomainError, notFound } from '../errors.ts';
import { isLang, translate, type Lang, type MessageKey } from '../../web/i18n/index.ts';
import { formatPence, type SubmitResult } from './requests/lifecycle.ts';
import type { CouncilRow } from './schedule.ts';

/** FixMyStreet: `waste_only` shows a service on its waste pages only; `private` keeps requests (a household's) off its map. */
export const REQUEST_KEYWORDS = 'waste_only,private';

export interface Open311Attribute {
  variable: true;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  /** FixMyStreet's extension: `hidden_field` is filled in by the client (the UPRN of the address picked). */
  automated?: 'hidden_field';
  values?: Array<{ key: string; name: string }>;
}

/** What a POST gives an adapter: the property, the resident, and the `attribute[…]` values. */
export interface Open311RequestInput {
  uprn: number;
  name: string;
  email: string;
  phone: string | null;
  description: string | null;
  /** `attribute[code]` → value (trimmed text). */
  attributes: Record<string, string>;
  language: Lang;
}

export interface Open311RequestAdapter {
  code: string;
  kind: RequestKind;
  /** The council offers it (its bundle's `requests` has the part). */
  offered(requests: RequestsConfig): boolean;
  /** Attributes after the UPRN (order from 2). */
  attributes(council: CouncilRow, lang: Lang): Open311Attribute[];
  /** Reads the attributes (400 with a code for a missing or malformed one) and makes the request. */
  submit(ctx: ServiceContext, input: Open311RequestInput): Promise<SubmitResult>;
}

const adapters = new Map<string, Open311RequestAdapter>();
const byKind = new Map<RequestKind, Open311RequestAdapter>();

export function registerOpen311Adapter(adapter: Open311RequestAdapter): void {
  adapters.set(adapter.code, adapter);
  byKind.set(adapter.kind, adapter);
}

export const requestAdapter = (code: string) => adapters.get(code);
export const isRequestServiceCode = (code: string) => adapters.has(code);
/** Request references (`GW-26-000001`, `BW-…`, `BR-…`), as opposed to missed-bin reports (`KB-…`). */
export const isRequestReference = (id: string) => /^(GW|BW|BR)-\d{2}-\d{6}$/i.test(id.trim());

export const councilLang = (council: Pick<CouncilRow, 'languages'>): Lang => (council.languages ?? []).find(isLang) ?? 'en';

const word = (lang: Lang, code: string, part: 'name' | 'description') =>
  translate(lang, `containers.open311_${code.replace(/-/g, '_')}_${part}` as MessageKey);

export function requestService(council: CouncilRow, adapter: Open311RequestAdapter) {
  const lang = councilLang(council);
  return {
    service_code: adapter.code,
    service_name: word(lang, adapter.code, 'name'),
    description: word(lang, adapter.code, 'description'),
    metadata: true as const,
    type: 'realtime' as const,
    keywords: REQUEST_KEYWORDS,
    group: translate(lang, 'containers.open311_group'),
  };
}

/** The request services this council offers, in code order (listed after its missed-bin services). */
export function listRequestServices(council: CouncilRow) {
  return [...adapters.values()]
    .filter((a) => a.offered(council.requests ?? {}))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => requestService(council, a));
}

export const UPRN_ATTRIBUTE: Open311Attribute = {
  variable: true, code: 'uprn', datatype: 'string', required: true, automated: 'hidden_field', order: 1,
  datatype_description: 'The Unique Property Reference Number of the property: 1–12 digits. Also accepted as address_id.',
  description: 'Property (UPRN)',
};

export function requestServiceDefinition(council: CouncilRow, code: string) {
  const adapter = adapters.get(code);
  if (!adapter || !adapter.offered(council.requests ?? {})) throw new DomainError('unknown_service', `No service "${code}".`, 404);
  return { service_code: code, attributes: [UPRN_ATTRIBUTE, ...adapter.attributes(council, councilLang(council))] };
}

/** A missing or malformed attribute: 400, its code first in the description (the Open311 error shape). */
export const badAttribute = (code: string, message: string) => new DomainError(code, message, 400);

/** The notice a client shows the resident: what happens next, with the payment link when there is one. */
export function requestNotice(lang: Lang, r: { reference: string; status: string; amountPence: number }, nextUrl: string | null): string {
  if (r.status === 'pending_payment' && nextUrl) {
    return translate(lang, 'containers.open311_notice_pay', { reference: r.reference, amount: formatPence(r.amountPence), url: nextUrl });
  }
  if (r.status === 'pending_payment') return translate(lang, 'containers.open311_notice_invoice', { reference: r.reference, amount: formatPence(r.amountPence) });
  return translate(lang, 'containers.open311_notice_done', { reference: r.reference });
}

/** Open311 has two statuses: a request is open until it is completed, cancelled or expired. */
export const open311RequestStatus = (status: string): 'open' | 'closed' =>
  ['pending_payment', 'active', 'confirmed'].includes(status) ? 'open' : 'closed';

const requestColumns = {
  id: residentRequests.id, reference: residentRequests.reference, kind: residentRequests.kind, status: residentRequests.status,
  amountPence: residentRequests.amountPence, createdAt: residentRequests.createdAt, updatedAt: residentRequests.updatedAt,
  uprn: residentRequests.uprn, address: properties.address, postcode: properties.postcode, lat: properties.lat, lon: properties.lon,
  councilId: residentRequests.councilId,
};
type RequestListRow = { id: number; reference: string; kind: RequestKind; status: string; createdAt: Date; updatedAt: Date; uprn: number; address: string; postcode: string; lat: number; lon: number };

/** The GeoReport shape of requests, no personal data; `status_notes` is the latest history note. */
async function asGeoReport(ctx: ServiceContext, council: CouncilRow, rows: RequestListRow[]) {
  const known = rows.filter((r) => byKind.has(r.kind));
  if (known.length === 0) return [];
  const notes = await ctx.db.select({ requestId: requestHistory.requestId, note: requestHistory.note }).from(requestHistory)
    .where(and(eq(requestHistory.councilId, council.id), inArray(requestHistory.requestId, known.map((r) => r.id))))
    .orderBy(asc(requestHistory.at), asc(requestHistory.id));
  const last = new Map<number, string>();
  for (const n of notes) if (n.note) last.set(n.requestId, n.note);
  const lang = councilLang(council);
  return known.map((row) => {
    const adapter = byKind.get(row.kind)!;
    return {
      service_request_id: row.reference,
      status: open311RequestStatus(row.status),
      status_notes: last.get(row.id) ?? null,
      service_name: word(lang, adapter.code, 'name'),
      service_code: adapter.code,
      agency_responsible: council.name,
      service_notice: null,
      requested_datetime: row.createdAt,
      updated_datetime: row.updatedAt,
      expected_datetime: null,
      address: row.address,
      address_id: String(row.uprn),
      zipcode: row.postcode,
      lat: row.lat,
      long: row.lon,
    };
  });
}

/** `GET requests/{id}` for a request reference: the GeoReport shape, no personal data. */
export async function getOpen311Request(ctx: ServiceContext, council: CouncilRow, id: string) {
  const reference = id.trim().toUpperCase();
  const [row] = await ctx.db.select(requestColumns).from(residentRequests)
    .innerJoin(properties, eq(properties.uprn, residentRequests.uprn))
    .where(eq(residentRequests.reference, reference));
  if (!row || row.councilId !== council.id || !byKind.get(row.kind)) throw notFound(`No request "${id}".`);
  return (await asGeoReport(ctx, council, [row]))[0];
}

export interface Open311ListQuery {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: Array<'open' | 'closed'>;
  start: Date;
  end: Date;
  limit: number;
}

/**
 * `GET requests.{json,xml}`: the council's requests (every channel, like reports), by reference, or
 * by service code, status and when they were made; newest first.
 */
export async function listOpen311Requests(ctx: ServiceContext, council: CouncilRow, q: Open311ListQuery) {
  const where = [eq(residentRequests.councilId, council.id)];
  if (q.ids) {
    const refs = q.ids.filter(isRequestReference).map((r) => r.trim().toUpperCase());
    if (refs.length === 0) return [];
    where.push(inArray(residentRequests.reference, refs));
  } else {
    if (q.serviceCodes?.length) {
      const kinds = q.serviceCodes.map((c) => adapters.get(c)?.kind).filter((k): k is RequestKind => !!k);
      if (kinds.length === 0) return [];
      where.push(inArray(residentRequests.kind, kinds));
    }
    if (q.statuses?.length) {
      const internal = [
        ...(q.statuses.includes('open') ? ['pending_payment', 'active', 'confirmed'] : []),
        ...(q.statuses.includes('closed') ? ['cancelled', 'expired', 'completed'] : []),
      ] as RequestStatus[];
      where.push(inArray(residentRequests.status, internal));
    }
    where.push(gte(residentRequests.createdAt, q.start), lte(residentRequests.createdAt, q.end));
  }
  const rows = await ctx.db.select(requestColumns).from(residentRequests)
    .innerJoin(properties, eq(properties.uprn, residentRequests.uprn))
    .where(and(...where)).orderBy(desc(residentRequests.createdAt), desc(residentRequests.id)).limit(q.limit);
  return asGeoReport(ctx, council, rows);
}

/**
 * `GET servicerequestupdates`: every status change of the council's requests after the first
 * (made), oldest first. `update_id` is `R` + the history row, apart from reports' numeric ids.
 */
export async function listOpen311RequestUpdates(ctx: ServiceContext, council: CouncilRow, q: { start: Date; end: Date; limit: number }) {
  const first = sql`(select min(f.id) from request_history f where f.request_id = ${requestHistory.requestId})`;
  const rows = await ctx.db
    .select({ id: requestHistory.id, reference: residentRequests.reference, kind: residentRequests.kind, status: requestHistory.status, at: requestHistory.at, note: requestHistory.note })
    .from(requestHistory)
    .innerJoin(residentRequests, eq(residentRequests.id, requestHistory.requestId))
    .where(and(
      eq(requestHistory.councilId, council.id), eq(residentRequests.councilId, council.id),
      gte(requestHistory.at, q.start), lte(requestHistory.at, q.end), gt(requestHistory.id, first),
    ))
    .orderBy(asc(requestHistory.at), asc(requestHistory.id)).limit(q.limit);
  return rows.filter((r) => byKind.has(r.kind)).map((r) => ({
    update_id: `R${r.id}`,
    service_request_id: r.reference,
    status: open311RequestStatus(r.status),
    updated_datetime: r.at,
    description: r.note ?? '',
  }));
}

/**
 * A retried POST whose answer was lost: the open request that refused it (`request_open`) was made
 * over Open311 for the same email, so the client gets the same answer again (with the payment link
 * still open) instead of an error it would retry forever.
 */
export async function sameOpen311Request(ctx: ServiceContext, councilId: number, reference: string, email: string) {
  const [row] = await ctx.db.select().from(residentRequests)
    .where(and(eq(residentRequests.councilId, councilId), eq(residentRequests.reference, reference), eq(residentRequests.channel, 'open311')));
  if (!row || (row.email ?? '').trim().toLowerCase() !== email.trim().toLowerCase()) return undefined;
  const [open] = await ctx.db.select({ nextUrl: payments.nextUrl }).from(payments)
    .where(and(eq(payments.requestId, row.id), isNull(payments.finishedAt))).orderBy(desc(payments.createdAt)).limit(1);
  return { request: row, nextUrl: open?.nextUrl ?? null };
}
