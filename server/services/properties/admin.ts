/**
 * Officer property writes (docs/officer.md "Properties and data"): add a property with its round
 * assignments from a date, change its details, demolish it from a date. Each write runs in one
 * transaction with its audit row and bumps the council's schedule_version, so the lookup cache,
 * calendar validators and crew lists see it on the next request (docs/lookup.md "The rule for writers").
 * Create and demolish have a preview mode that runs the same checks and writes nothing.
 */
import { and, asc, eq, ilike, isNull, gte, max, or, sql } from 'drizzle-orm';
import { assignments, councils, properties, rounds } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { PROPERTY_KINDS } from '../../domain/bundle.ts';
import { addDays, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { normalisePostcode } from '../../domain/postcode.ts';
import { propertyCollections } from '../../domain/schedule.ts';
import { parseUprn } from '../../domain/uprn.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { councilToday, getCouncil, loadCouncilSchedule, type PropertyRow } from '../schedule.ts';

/** Set by `demolishProperty`; never accepted from a form or PATCH (demolition has its own verb). */
export const DEMOLISHED = 'demolished';
/** Collections counted by a preview: a year from the change. */
const PREVIEW_DAYS = 365;

export interface Preview {
  properties: number;
  collections: number;
  sample: Array<{ uprn: string; address: string; service: string; originalDate: LocalDate; before: LocalDate | null; after: LocalDate | null }>;
}

export interface AdminAssignment { round: string; service: string | null; from: LocalDate; to: LocalDate | null; sequence: number }
export interface AdminProperty {
  uprn: string; address: string; postcode: string; usrn: number | null; lat: number; lon: number; kind: string; assisted: boolean;
  assignments: AdminAssignment[];
}

function scope(ctx: ServiceContext): number {
  if (!ctx.user || ctx.councilId === undefined) throw forbidden();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId;
}

const unprocessable = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 422, details);

const bump = (db: ServiceContext['db'], councilId: number) =>
  db.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` }).where(eq(councils.id, councilId));

/** The property row of this council, or 404 (another council's UPRN is not confirmed to exist). */
async function ownProperty(ctx: ServiceContext, councilId: number, uprn: number | string): Promise<PropertyRow> {
  const n = parseUprn(uprn);
  if (n === null) throw new DomainError('invalid_uprn', 'A UPRN is 1 to 12 digits.', 400);
  const [row] = await ctx.db.select().from(properties).where(and(eq(properties.uprn, n), eq(properties.councilId, councilId)));
  if (!row) throw notFound(`No property with UPRN ${n} in your council.`);
  return row;
}

async function assignmentsOf(ctx: ServiceContext, councilId: number, uprn: number): Promise<AdminAssignment[]> {
  const rows = await ctx.db.select({ round: assignments.roundId, service: rounds.serviceId, from: assignments.from, to: assignments.to, sequence: assignments.sequence })
    .from(assignments).leftJoin(rounds, and(eq(rounds.councilId, assignments.councilId), eq(rounds.id, assignments.roundId)))
    .where(and(eq(assignments.councilId, councilId), eq(assignments.uprn, uprn))).orderBy(asc(assignments.from), asc(assignments.roundId));
  return rows;
}

const view = (p: PropertyRow, list: AdminAssignment[]): AdminProperty => ({
  uprn: String(p.uprn), address: p.address, postcode: p.postcode, usrn: p.usrn, lat: p.lat, lon: p.lon, kind: p.kind, assisted: p.assisted, assignments: list,
});

export async function getAdminProperty(ctx: ServiceContext, uprn: number | string): Promise<AdminProperty> {
  const councilId = scope(ctx);
  const p = await ownProperty(ctx, councilId, uprn);
  return view(p, await assignmentsOf(ctx, councilId, p.uprn));
}

/** Search by UPRN, postcode or part of the address (at most `limit` rows, by address). */
export async function searchProperties(ctx: ServiceContext, q: string, limit = 50) {
  const councilId = scope(ctx);
  const text = q.trim().slice(0, 200);
  if (!text) return [];
  const uprn = /^[0-9]{1,12}$/.test(text) ? parseUprn(text) : null;
  const postcode = normalisePostcode(text);
  const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const match = or(
    ...(uprn !== null ? [eq(properties.uprn, uprn)] : []),
    ...(postcode ? [eq(properties.postcode, postcode)] : []),
    ilike(properties.address, like),
  );
  const rows = await ctx.db.select().from(properties).where(and(eq(properties.councilId, councilId), match))
    .orderBy(asc(properties.postcode), asc(properties.address)).limit(limit);
  return rows.map((p) => view(p, []));
}

async function notPast(ctx: ServiceContext, councilId: number, from: LocalDate) {
  const today = councilToday(ctx, await getCouncil(ctx, councilId));
  if (from < today) throw unprocessable('in_the_past', `The date must be today (${today}) or later.`);
}

/** Address, postcode, location, kind and the assisted flag, checked the way the bundle checks them. */
export interface PropertyFields { address?: string; postcode?: string; usrn?: number | null; lat?: number; lon?: number; kind?: string; assisted?: boolean }

function checkFields(input: PropertyFields): PropertyFields {
  const out: PropertyFields = {};
  if (input.address !== undefined) {
    const a = input.address.trim();
    if (!a || a.length > 300) throw unprocessable('invalid_address', 'Enter the address (at most 300 characters).');
    out.address = a;
  }
  if (input.postcode !== undefined) {
    const p = normalisePostcode(input.postcode);
    if (!p) throw unprocessable('invalid_postcode', `"${input.postcode}" is not a UK postcode such as "DE1 1AA".`);
    out.postcode = p;
  }
  if (input.lat !== undefined) {
    if (!Number.isFinite(input.lat) || input.lat < 49.8 || input.lat > 60.9) throw unprocessable('invalid_location', 'The latitude must be in the UK (49.8 to 60.9).');
    out.lat = input.lat;
  }
  if (input.lon !== undefined) {
    if (!Number.isFinite(input.lon) || input.lon < -8.7 || input.lon > 1.8) throw unprocessable('invalid_location', 'The longitude must be in the UK (-8.7 to 1.8).');
    out.lon = input.lon;
  }
  if (input.usrn !== undefined) {
    if (input.usrn !== null && (!Number.isInteger(input.usrn) || input.usrn < 1 || input.usrn > 99_999_999)) throw unprocessable('invalid_usrn', 'A USRN is 1 to 8 digits.');
    out.usrn = input.usrn;
  }
  if (input.kind !== undefined) {
    if (!(PROPERTY_KINDS as readonly string[]).includes(input.kind)) throw unprocessable('invalid_kind', `The kind is one of ${PROPERTY_KINDS.join(', ')}.`);
    out.kind = input.kind;
  }
  if (input.assisted !== undefined) out.assisted = input.assisted;
  return out;
}

export interface NewProperty extends PropertyFields {
  uprn: string | number; address: string; postcode: string; lat: number; lon: number;
  /** The day the rounds start (required when `rounds` is not empty). */
  from?: LocalDate;
  /** Rounds to put the property on from `from`; the stop goes last on each round unless `sequence` is given. */
  rounds?: Array<{ round: string; sequence?: number }>;
  preview?: boolean;
}

export async function createProperty(ctx: ServiceContext, input: NewProperty): Promise<AdminProperty | Preview> {
  const councilId = scope(ctx);
  const uprn = parseUprn(input.uprn);
  if (uprn === null) throw unprocessable('invalid_uprn', 'A UPRN is 1 to 12 digits, at least 1.');
  const fields = checkFields({ kind: 'domestic', assisted: false, ...input });
  const wanted = input.rounds ?? [];
  if (wanted.length && !isLocalDate(input.from)) throw unprocessable('from_required', 'Give the date the property joins its rounds (YYYY-MM-DD).');
  if (input.from !== undefined && !isLocalDate(input.from)) throw unprocessable('invalid_date', 'The date must be YYYY-MM-DD.');
  if (wanted.length) await notPast(ctx, councilId, input.from!);
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const seen = new Set<string>();
  for (const r of wanted) {
    if (!schedule.rounds.has(r.round)) throw unprocessable('unknown_round', `No round "${r.round}" in your council.`, { round: r.round });
    if (seen.has(r.round)) throw unprocessable('duplicate_round', `Round "${r.round}" is listed twice.`);
    seen.add(r.round);
  }
  // UPRNs are unique across the deployment; which council holds one is not said.
  const [taken] = await ctx.db.select({ uprn: properties.uprn }).from(properties).where(eq(properties.uprn, uprn));
  if (taken) throw new DomainError('uprn_exists', `A property with UPRN ${uprn} already exists.`, 409);

  if (input.preview) {
    const from = input.from ?? councilToday(ctx, schedule.council);
    const list = wanted.map((r) => ({ round: r.round, from, to: null }));
    const after = propertyCollections(list, schedule.rounds, schedule.rules, from, addDays(from, PREVIEW_DAYS));
    return {
      properties: 1, collections: after.length,
      sample: after.slice(0, 10).map((o) => ({ uprn: String(uprn), address: fields.address!, service: o.service, originalDate: o.originalDate, before: null, after: o.date })),
    };
  }

  return ctx.db.transaction(async (tx) => {
    const row = {
      uprn, councilId, address: fields.address!, postcode: fields.postcode!, usrn: fields.usrn ?? null, lat: fields.lat!, lon: fields.lon!,
      kind: fields.kind!, assisted: fields.assisted!,
    };
    const inserted = await tx.insert(properties).values(row).onConflictDoNothing().returning({ uprn: properties.uprn });
    if (!inserted.length) throw new DomainError('uprn_exists', `A property with UPRN ${uprn} already exists.`, 409);
    const made: AdminAssignment[] = [];
    for (const r of wanted) {
      let sequence = r.sequence;
      if (sequence === undefined) {
        const [{ top }] = await tx.select({ top: max(assignments.sequence) }).from(assignments)
          .where(and(eq(assignments.councilId, councilId), eq(assignments.roundId, r.round)));
        sequence = (top ?? 0) + 1;
      }
      await tx.insert(assignments).values({ councilId, uprn, roundId: r.round, from: input.from!, sequence });
      const a = { round: r.round, service: schedule.rounds.get(r.round)!.serviceId, from: input.from!, to: null, sequence };
      made.push(a);
      await recordAudit(tx, ctx, { councilId, action: 'assignment.create', entity: 'assignment', entityId: String(uprn), before: null, after: a });
    }
    await bump(tx, councilId);
    const { councilId: _c, ...after } = row;
    await recordAudit(tx, ctx, { councilId, action: 'property.create', entity: 'property', entityId: String(uprn), before: null, after: { ...after, uprn: String(uprn) } });
    return view({ ...row }, made);
  });
}

/** Changes details; only the fields given. Kind may not be set to demolished here. */
export async function updateProperty(ctx: ServiceContext, uprn: number | string, input: PropertyFields): Promise<AdminProperty> {
  const councilId = scope(ctx);
  const fields = checkFields(input);
  if (!Object.keys(fields).length) throw unprocessable('nothing_to_change', 'Give at least one field to change.');
  return ctx.db.transaction(async (tx) => {
    const current = await ownProperty({ ...ctx, db: tx }, councilId, uprn);
    const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => (current as any)[k] !== v)) as PropertyFields;
    const list = await assignmentsOf({ ...ctx, db: tx }, councilId, current.uprn);
    if (!Object.keys(changed).length) return view(current, list);
    const [row] = await tx.update(properties).set(changed).where(and(eq(properties.uprn, current.uprn), eq(properties.councilId, councilId))).returning();
    const before = Object.fromEntries(Object.keys(changed).map((k) => [k, (current as any)[k]]));
    await bump(tx, councilId);
    await recordAudit(tx, ctx, { councilId, action: 'property.update', entity: 'property', entityId: String(current.uprn), before, after: changed });
    return view(row, list);
  });
}

export interface DemolishResult { uprn: string; kind: string; from: LocalDate; ended: number; removed: number }

/**
 * Demolition from `from` (today or later): every assignment ends the day before `from` (one that
 * would only start on or after `from` is removed) and the kind becomes `demolished`. Collections
 * before `from` stay as they were.
 */
export async function demolishProperty(ctx: ServiceContext, uprn: number | string, input: { from: LocalDate; preview?: boolean }): Promise<DemolishResult | Preview> {
  const councilId = scope(ctx);
  const current = await ownProperty(ctx, councilId, uprn);
  if (!isLocalDate(input.from)) throw unprocessable('invalid_date', 'The date must be YYYY-MM-DD.');
  if (current.kind === DEMOLISHED) throw new DomainError('already_demolished', `UPRN ${current.uprn} is already recorded as demolished.`, 409);
  await notPast(ctx, councilId, input.from);
  const list = await ctx.db.select().from(assignments).where(and(eq(assignments.councilId, councilId), eq(assignments.uprn, current.uprn),
    or(isNull(assignments.to), gte(assignments.to, input.from))));
  if (input.preview) {
    const schedule = await loadCouncilSchedule(ctx, councilId);
    const lost = propertyCollections(list.map((a) => ({ round: a.roundId, from: a.from, to: a.to })), schedule.rounds, schedule.rules, input.from, addDays(input.from, PREVIEW_DAYS))
      .filter((o) => o.originalDate >= input.from);
    return {
      properties: 1, collections: lost.length,
      sample: lost.slice(0, 10).map((o) => ({ uprn: String(current.uprn), address: current.address, service: o.service, originalDate: o.originalDate, before: o.date, after: null })),
    };
  }
  return ctx.db.transaction(async (tx) => {
    let ended = 0;
    let removed = 0;
    for (const a of list) {
      const key = and(eq(assignments.councilId, councilId), eq(assignments.uprn, a.uprn), eq(assignments.roundId, a.roundId), eq(assignments.from, a.from));
      const before = { round: a.roundId, from: a.from, to: a.to, sequence: a.sequence };
      if (a.from >= input.from) {
        await tx.delete(assignments).where(key);
        removed++;
        await recordAudit(tx, ctx, { councilId, action: 'assignment.delete', entity: 'assignment', entityId: String(a.uprn), before, after: null });
      } else {
        await tx.update(assignments).set({ to: addDays(input.from, -1) }).where(key);
        ended++;
        await recordAudit(tx, ctx, { councilId, action: 'assignment.end', entity: 'assignment', entityId: String(a.uprn), before, after: { ...before, to: addDays(input.from, -1) } });
      }
    }
    await tx.update(properties).set({ kind: DEMOLISHED }).where(and(eq(properties.uprn, current.uprn), eq(properties.councilId, councilId)));
    await bump(tx, councilId);
    await recordAudit(tx, ctx, {
      councilId, action: 'property.demolish', entity: 'property', entityId: String(current.uprn),
      before: { kind: current.kind }, after: { kind: DEMOLISHED, from: input.from },
    });
    return { uprn: String(current.uprn), kind: DEMOLISHED, from: input.from, ended, removed };
  });
}
