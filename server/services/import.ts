/**
 * Imports a council bundle (DESIGN.md "CLI"): validate everything first, report every bad row
 * with its path, and write nothing unless the whole bundle is good; then write it all in ONE
 * transaction, upserting by each entity's key, so importing the same bundle again updates in
 * place. Rows are written with chunked multi-row `insert … on conflict do update`, so a
 * 100,000-property council imports in seconds rather than minutes.
 */
import { splitLocal } from '../../web/i18n/names.ts';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import {
  assignments, contracts, councils, customers, properties, roundSchedules, rounds, scheduleExceptions, services,
} from '../../db/schema/index.ts';
import { attemptedKeys, exceptionKey, parseBundle, type Bundle, type SparseBundle } from '../domain/bundle.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { ServiceContext } from '../context.ts';
import { importCommercial } from './import-commercial.ts';
import { DomainError } from '../errors.ts';
import { ensureBankHolidays } from './bank-holidays.ts';

export interface ImportCounts {
  services: number;
  rounds: number;
  roundSchedules: number;
  properties: number;
  assignments: number;
  exceptions: number;
  customers: number;
  contracts: number;
  contractLines: number;
}

export interface ImportReport {
  council: { id: number; slug: string; name: string; created: boolean; scheduleVersion: number };
  /** Rows written (inserted or updated) per entity. */
  counts: ImportCounts;
}

/** What the database already holds that the bundle may refer to. */
interface Existing {
  councilId?: number;
  services: Set<string>;
  rounds: Set<string>;
  /** UPRN -> owning council id, for the bundle's UPRNs only. */
  uprnOwners: Map<number, number>;
  customers: Set<string>;
  /** contract reference -> owning council id. */
  contractOwners: Map<string, number>;
}

type Q = Db | Tx;

/** `uprn = any(...)` over a list passed as ONE text parameter (100,000 bind parameters would overflow). */
const bigintIn = (col: PgColumn, values: number[]): SQL =>
  sql`${col} = any(string_to_array(${values.join(',')}, ',')::bigint[])`;

const present = <T>(rows: Array<T | null>): T[] => rows.filter((r): r is T => r !== null);

async function loadExisting(db: Q, bundle: SparseBundle & { council: Bundle['council'] }): Promise<Existing> {
  const [council] = await db.select({ id: councils.id }).from(councils).where(eq(councils.slug, bundle.council.slug));
  const uprns = new Set<number>();
  for (const p of present(bundle.properties)) uprns.add(p.uprn);
  for (const a of present(bundle.assignments)) uprns.add(a.uprn);
  for (const c of present(bundle.contracts)) uprns.add(c.uprn);
  const refs = present(bundle.contracts).map((c) => c.reference);
  const [svc, rnd, owners, cust, contractRows] = await Promise.all([
    council ? db.select({ id: services.id }).from(services).where(eq(services.councilId, council.id)) : [],
    council ? db.select({ id: rounds.id }).from(rounds).where(eq(rounds.councilId, council.id)) : [],
    uprns.size
      ? db.select({ uprn: properties.uprn, councilId: properties.councilId }).from(properties).where(bigintIn(properties.uprn, [...uprns]))
      : [],
    council ? db.select({ id: customers.id }).from(customers).where(eq(customers.councilId, council.id)) : [],
    refs.length
      ? db.select({ reference: contracts.reference, councilId: contracts.councilId }).from(contracts).where(inArray(contracts.reference, refs))
      : [],
  ]);
  return {
    councilId: council?.id,
    services: new Set(svc.map((r) => r.id)),
    rounds: new Set(rnd.map((r) => r.id)),
    uprnOwners: new Map(owners.map((r) => [Number(r.uprn), r.councilId])),
    customers: new Set(cust.map((r) => r.id)),
    contractOwners: new Map(contractRows.map((r) => [r.reference, r.councilId])),
  };
}

/** References between rows, checked against the bundle and what the council already has. */
function crossReferenceErrors(bundle: SparseBundle, existing: Existing, attempted: ReturnType<typeof attemptedKeys>): string[] {
  const errors: string[] = [];
  const serviceIds = new Set([...existing.services, ...attempted.services]);
  const roundIds = new Set([...existing.rounds, ...attempted.rounds]);
  const customerIds = new Set([...existing.customers, ...attempted.customers]);
  const ours = (uprn: number) => {
    const owner = existing.uprnOwners.get(uprn);
    return owner !== undefined && owner === existing.councilId;
  };
  const bundleUprns = attempted.uprns;
  const knownUprn = (uprn: number) => bundleUprns.has(uprn) || ours(uprn);

  bundle.rounds.forEach((r, i) => {
    if (r && !serviceIds.has(r.service)) errors.push(`rounds[${i}].service: unknown service "${r.service}"`);
  });
  bundle.properties.forEach((p, i) => {
    if (!p) return;
    const owner = existing.uprnOwners.get(p.uprn);
    if (owner !== undefined && owner !== existing.councilId) {
      errors.push(`properties[${i}].uprn: ${p.uprn} already belongs to another council`);
    }
  });
  bundle.assignments.forEach((a, i) => {
    if (!a) return;
    if (!roundIds.has(a.round)) errors.push(`assignments[${i}].round: unknown round "${a.round}"`);
    if (!knownUprn(a.uprn)) errors.push(`assignments[${i}].uprn: unknown property ${a.uprn} (not in the bundle or this council)`);
  });
  bundle.exceptions.forEach((e, i) => {
    if (!e) return;
    e.rounds.forEach((r, j) => {
      if (!roundIds.has(r)) errors.push(`exceptions[${i}].rounds[${j}]: unknown round "${r}"`);
    });
    e.services.forEach((s, j) => {
      if (!serviceIds.has(s)) errors.push(`exceptions[${i}].services[${j}]: unknown service "${s}"`);
    });
  });
  bundle.contracts.forEach((c, i) => {
    if (!c) return;
    const owner = existing.contractOwners.get(c.reference);
    if (owner !== undefined && owner !== existing.councilId) {
      errors.push(`contracts[${i}].reference: ${c.reference} already belongs to another council`);
    }
    if (!customerIds.has(c.customer)) errors.push(`contracts[${i}].customer: unknown customer "${c.customer}"`);
    if (!knownUprn(c.uprn)) errors.push(`contracts[${i}].uprn: unknown property ${c.uprn} (not in the bundle or this council)`);
    c.lines.forEach((l, j) => {
      if (!serviceIds.has(l.service)) errors.push(`contracts[${i}].lines[${j}].service: unknown service "${l.service}"`);
      if (!roundIds.has(l.round)) errors.push(`contracts[${i}].lines[${j}].round: unknown round "${l.round}"`);
    });
  });
  return errors;
}

/**
 * Every error in the bundle: row shapes first, then references (checked for the good rows even
 * when others are bad, so one run lists everything to fix).
 */
async function bundleErrors(db: Q, input: unknown): Promise<{ bundle?: Bundle; existing?: Existing; errors: string[] }> {
  const parsed = parseBundle(input);
  const sparse = parsed.ok ? (parsed.bundle as unknown as SparseBundle) : parsed.sparse;
  if (!sparse?.council) return { errors: parsed.errors };
  const existing = await loadExisting(db, sparse as SparseBundle & { council: Bundle['council'] });
  const errors = [...parsed.errors, ...crossReferenceErrors(sparse, existing, attemptedKeys(input))];
  return parsed.ok && !errors.length ? { bundle: parsed.bundle, existing, errors } : { errors };
}

/** Validates a bundle without writing: the list of errors (empty when it would import). */
export async function checkBundle(ctx: ServiceContext, input: unknown): Promise<string[]> {
  return (await bundleErrors(ctx.db, input)).errors;
}

/** Inserts rows in chunks that stay well under PostgreSQL's 65,535 bind parameters. */
async function upsertChunked<T extends Record<string, unknown>>(
  tx: Tx,
  table: PgTable,
  rows: T[],
  target: PgColumn[],
  updateColumns: string[],
): Promise<void> {
  if (!rows.length) return;
  const perRow = Object.keys(rows[0]).length;
  const chunk = Math.max(1, Math.floor(20_000 / perRow));
  const set = Object.fromEntries(updateColumns.map((c) => [c, sql.raw(`excluded."${columnName(table, c)}"`)]));
  for (let i = 0; i < rows.length; i += chunk) {
    const q = tx.insert(table).values(rows.slice(i, i + chunk) as any);
    await (updateColumns.length ? q.onConflictDoUpdate({ target, set }) : q.onConflictDoNothing({ target }));
  }
}

const columnName = (table: PgTable, key: string): string => ((table as any)[key] as PgColumn).name;

/**
 * The fast path for big tables: each chunk of rows travels as ONE jsonb parameter, unpacked by
 * `jsonb_to_recordset`, instead of one bind parameter per value. Several times faster than
 * multi-row VALUES for 100,000 rows on both PostgreSQL and PGlite. Scalar columns only.
 */
async function upsertRecordset<T extends Record<string, unknown>>(
  tx: Tx,
  table: PgTable,
  rows: T[],
  target: PgColumn[],
  updateColumns: string[],
  chunk = 10_000,
): Promise<void> {
  if (!rows.length) return;
  const keys = Object.keys(rows[0]);
  const cols = keys.map((k) => (table as any)[k] as PgColumn);
  const names = cols.map((c) => `"${c.name}"`).join(', ');
  const defs = cols.map((c) => `"${c.name}" ${c.getSQLType()}`).join(', ');
  const conflict = target.map((c) => `"${c.name}"`).join(', ');
  const set = updateColumns.map((k) => `"${columnName(table, k)}" = excluded."${columnName(table, k)}"`).join(', ');
  const action = set ? `do update set ${set}` : 'do nothing';
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(
      rows.slice(i, i + chunk).map((r) => Object.fromEntries(keys.map((k, j) => [cols[j].name, r[k] ?? null]))),
    );
    await tx.execute(
      sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(defs)}) on conflict (${sql.raw(conflict)}) ${sql.raw(action)}`,
    );
  }
}

/**
 * Validates and imports a bundle. Throws `invalid_bundle` (422) with `details.errors` listing
 * every bad row as `path: message`, having written nothing; otherwise writes everything in one
 * transaction and bumps the council's schedule_version.
 */
export async function importBundle(ctx: ServiceContext, input: unknown): Promise<ImportReport> {
  return ctx.db.transaction(async (tx) => {
    // Read and check inside the transaction, so what was checked is what gets written to.
    const { bundle, existing, errors } = await bundleErrors(tx, input);
    if (!bundle || !existing) throw invalidBundle(errors);

    await ensureBankHolidays({ ...ctx, db: tx });

    const c = bundle.council;
    const councilValues = {
      slug: c.slug,
      name: c.name,
      timezone: c.timezone,
      bankHolidayDivision: c.bankHolidayDivision,
      bankHolidayRule: c.bankHolidayRule,
      ...(c.reportWindowWorkingDays !== undefined && { reportWindowWorkingDays: c.reportWindowWorkingDays }),
      ...(c.sameDayCutoff !== undefined && { sameDayCutoff: c.sameDayCutoff }),
      ...(c.slaWorkingDays !== undefined && { slaWorkingDays: c.slaWorkingDays }),
      ...(c.brandColour !== undefined && { brandColour: c.brandColour }),
      ...(c.nation !== undefined && { nation: c.nation }),
      ...(c.carrierRegistration !== undefined && { carrierRegistration: c.carrierRegistration }),
      ...(c.logoUrl !== undefined && { logoUrl: c.logoUrl }),
      ...(c.oidc !== undefined && { oidc: c.oidc }),
      ...(c.languages !== undefined && { languages: c.languages }),
    };
    const { slug: _slug, ...councilUpdate } = councilValues;
    const [council] = await tx
      .insert(councils)
      .values(councilValues)
      .onConflictDoUpdate({
        target: councils.slug,
        set: { ...councilUpdate, scheduleVersion: sql`${councils.scheduleVersion} + 1` },
      })
      .returning({ id: councils.id, slug: councils.slug, name: councils.name, scheduleVersion: councils.scheduleVersion });
    const councilId = council.id;

    await upsertRecordset(
      tx, services,
      bundle.services.map((s) => {
        // Per-language names: the stored name is the council's first language's (web/i18n/names.ts).
        const languages = c.languages ?? ['en'];
        const name = splitLocal(s.name, languages);
        const container = splitLocal(s.container, languages);
        return {
          councilId, id: s.id, name: name.plain, names: name.names, stream: s.stream, container: container.plain, containers: container.names,
          colour: s.colour.toLowerCase(), ewcCode: s.ewcCode ?? null,
        };
      }),
      [services.councilId, services.id], ['name', 'names', 'stream', 'container', 'containers', 'colour', 'ewcCode'],
    );

    await upsertRecordset(
      tx, rounds,
      bundle.rounds.map((r) => ({ councilId, id: r.id, serviceId: r.service, name: r.name })),
      [rounds.councilId, rounds.id], ['serviceId', 'name'],
    );

    // The bundle's periods for a round replace the round's periods.
    const roundIds = bundle.rounds.map((r) => r.id);
    for (let i = 0; i < roundIds.length; i += 5000) {
      await tx.delete(roundSchedules).where(
        and(eq(roundSchedules.councilId, councilId), inArray(roundSchedules.roundId, roundIds.slice(i, i + 5000))),
      );
    }
    const periodRows = bundle.rounds.flatMap((r) =>
      r.schedules.map((p) => ({ councilId, roundId: r.id, from: p.from, to: p.to ?? null, anchor: p.anchor, everyWeeks: p.everyWeeks })),
    );
    await upsertRecordset(tx, roundSchedules, periodRows, [roundSchedules.councilId, roundSchedules.roundId, roundSchedules.from], ['to', 'anchor', 'everyWeeks']);

    await upsertRecordset(
      tx, properties,
      bundle.properties.map((p) => ({
        uprn: p.uprn, councilId, address: p.address, postcode: p.postcode, usrn: p.usrn ?? null,
        lat: p.lat, lon: p.lon, kind: p.kind, assisted: p.assisted,
      })),
      [properties.uprn], ['address', 'postcode', 'usrn', 'lat', 'lon', 'kind', 'assisted'],
    );

    await upsertRecordset(
      tx, assignments,
      bundle.assignments.map((a) => ({ councilId, uprn: a.uprn, roundId: a.round, from: a.from, to: a.to ?? null, sequence: a.sequence })),
      [assignments.councilId, assignments.uprn, assignments.roundId, assignments.from], ['to', 'sequence'],
    );

    await upsertChunked(
      tx, scheduleExceptions,
      bundle.exceptions.map((e) => ({
        councilId, id: exceptionKey(e), date: e.date, action: e.action, to: e.to ?? null,
        rounds: [...e.rounds].sort(), services: [...e.services].sort(), reason: e.reason,
      })),
      [scheduleExceptions.councilId, scheduleExceptions.id], ['date', 'action', 'to', 'rounds', 'services', 'reason'],
    );

    // Customers, contracts and lines carry their own rules (commercial site, EWC code, no overlaps…).
    const commercial = await importCommercial(tx, councilId, bundle);

    return {
      council: { ...council, created: existing.councilId === undefined },
      counts: {
        services: bundle.services.length,
        rounds: bundle.rounds.length,
        roundSchedules: periodRows.length,
        properties: bundle.properties.length,
        assignments: bundle.assignments.length,
        exceptions: bundle.exceptions.length,
        ...commercial,
      },
    };
  });
}

function invalidBundle(errors: string[]): DomainError {
  return new DomainError(
    'invalid_bundle',
    `The bundle has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported.`,
    422,
    { errors },
  );
}
