/**
 * Scheduled and collected lifts and the charge per contract line (DESIGN.md "Commercial").
 * Scheduled lifts come from the schedule engine (exceptions and bank-holiday moves applied,
 * cancellations excluded); collected lifts from crew `collected` outcomes, shown beside them.
 */
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { crewEvents } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { daysBetween, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { roundCollections } from '../../domain/schedule.ts';
import { chargeWindow, lineCharge, monthsIn, totalPence, type LineCharge, type Window } from '../../domain/commercial/charges.ts';
import { DomainError } from '../../errors.ts';
import { loadCouncilSchedule, type CouncilSchedule } from '../schedule.ts';
import { contractDetail, type ContractDetail } from './access.ts';

export const MAX_CHARGE_RANGE_DAYS = 400;

export interface ContractCharges {
  reference: string;
  from: LocalDate;
  to: LocalDate;
  lines: LineCharge[];
  totalPence: number;
}

export function checkRange(from: unknown, to: unknown): Window {
  if (!isLocalDate(from) || !isLocalDate(to)) throw new DomainError('invalid_date', 'from and to must be dates YYYY-MM-DD.', 400);
  if (to < from) throw new DomainError('invalid_range', 'to must not be before from.', 400);
  if (daysBetween(from, to) > MAX_CHARGE_RANGE_DAYS) {
    throw new DomainError('invalid_range', `The range may be at most ${MAX_CHARGE_RANGE_DAYS} days.`, 400);
  }
  return { from, to };
}

/** Dates with a `collected` outcome, per service, for the contract's site within [from, to]. */
async function collectedDates(ctx: ServiceContext, d: ContractDetail, window: Window): Promise<Map<string, Set<LocalDate>>> {
  const serviceIds = [...new Set(d.lines.map((l) => l.serviceId))];
  const out = new Map<string, Set<LocalDate>>();
  if (!serviceIds.length) return out;
  const rows = await ctx.db
    .select({ serviceId: crewEvents.serviceId, date: crewEvents.date })
    .from(crewEvents)
    .where(and(
      eq(crewEvents.councilId, d.contract.councilId),
      eq(crewEvents.uprn, d.contract.uprn),
      inArray(crewEvents.serviceId, serviceIds),
      eq(crewEvents.outcome, 'collected'),
      gte(crewEvents.date, window.from),
      lte(crewEvents.date, window.to),
    ));
  for (const r of rows) {
    const set = out.get(r.serviceId) ?? new Set<LocalDate>();
    set.add(r.date);
    out.set(r.serviceId, set);
  }
  return out;
}

/** Collection dates of each line within the period (clipped to the contract), by line id. */
export function lineCollections(d: ContractDetail, schedule: CouncilSchedule, period: Window): Map<number, LocalDate[]> {
  const out = new Map<number, LocalDate[]>();
  const window = chargeWindow(period, d.contract);
  for (const line of d.lines) {
    const round = schedule.rounds.get(line.roundId);
    if (!window || !round) {
      out.set(line.id, []);
      continue;
    }
    const occ = roundCollections(round, schedule.rules, window.from, window.to, {
      windows: [{ from: d.contract.start, to: d.contract.end }],
    });
    out.set(line.id, occ.map((o) => o.date!));
  }
  return out;
}

/**
 * Collected dates per line. A service with one line gets all its collected dates; when a contract has
 * several lines of one service (say, Monday and Thursday rounds) a date goes to the line scheduled on
 * it, or to the first such line when none is, so no collection is counted twice.
 */
function collectedPerLine(d: ContractDetail, dates: Map<number, LocalDate[]>, collected: Map<string, Set<LocalDate>>, window: Window | null) {
  const out = new Map<number, number>(d.lines.map((l) => [l.id, 0]));
  if (!window) return out;
  for (const [service, set] of collected) {
    const lines = d.lines.filter((l) => l.serviceId === service);
    if (!lines.length) continue;
    for (const date of set) {
      if (date < window.from || date > window.to) continue;
      const line = lines.find((l) => dates.get(l.id)?.includes(date)) ?? lines[0];
      out.set(line.id, out.get(line.id)! + 1);
    }
  }
  return out;
}

function chargesFor(d: ContractDetail, schedule: CouncilSchedule, collected: Map<string, Set<LocalDate>>, period: Window): LineCharge[] {
  const window = chargeWindow(period, d.contract);
  const dates = lineCollections(d, schedule, period);
  const done = collectedPerLine(d, dates, collected, window);
  return d.lines.map((line) => lineCharge(
    { service: line.serviceId, quantity: line.quantity, pricePerLiftPence: line.pricePerLiftPence },
    dates.get(line.id)?.length ?? 0,
    done.get(line.id) ?? 0,
  ));
}

export async function contractCharges(ctx: ServiceContext, input: { reference: string; from: unknown; to: unknown }): Promise<ContractCharges> {
  const period = checkRange(input.from, input.to);
  const d = await contractDetail(ctx, input.reference);
  const schedule = await loadCouncilSchedule(ctx, d.contract.councilId);
  const collected = await collectedDates(ctx, d, period);
  const lines = chargesFor(d, schedule, collected, period);
  return { reference: d.contract.reference, from: period.from, to: period.to, lines, totalPence: totalPence(lines) };
}

export interface StatementMonth {
  month: string;
  from: LocalDate;
  to: LocalDate;
  lines: Array<LineCharge & { serviceName: string; container: string }>;
  totalPence: number;
}

export interface Statement {
  detail: ContractDetail;
  from: LocalDate;
  to: LocalDate;
  months: StatementMonth[];
  totalPence: number;
}

/** Per line and calendar month, for the statement page and CSV. */
export async function contractStatement(ctx: ServiceContext, input: { reference: string; from: unknown; to: unknown }): Promise<Statement> {
  const period = checkRange(input.from, input.to);
  const d = await contractDetail(ctx, input.reference);
  const schedule = await loadCouncilSchedule(ctx, d.contract.councilId);
  const collected = await collectedDates(ctx, d, period);
  // Months the contract does not reach are left out; the others show the days it covers.
  const months = monthsIn(period).flatMap((m) => {
    const covered = chargeWindow(m, d.contract);
    if (!covered) return [];
    const charges = chargesFor(d, schedule, collected, covered);
    const lines = charges.map((c, i) => ({ ...c, serviceName: d.lines[i].serviceName, container: d.lines[i].container }));
    return [{ month: m.month, from: covered.from, to: covered.to, lines, totalPence: totalPence(lines) }];
  });
  return { detail: d, from: period.from, to: period.to, months, totalPence: months.reduce((s, m) => s + m.totalPence, 0) };
}
