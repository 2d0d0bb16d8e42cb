/**
 * Bank holidays per GOV.UK division, loaded from a file in the GOV.UK `bank-holidays.json`
 * shape (https://www.gov.uk/bank-holidays.json). Kerbside ships 2024–2028
 * (server/data/bank-holidays.json); a council loads a newer copy with
 * `npm run kerbside -- bank-holidays load file.json`.
 */
import { count, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { bankHolidays, councils } from '../../db/schema/index.ts';
import { isLocalDate } from '../domain/dates.ts';
import { DIVISIONS, type Division } from '../domain/holidays.ts';
import { formatPath } from '../domain/bundle.ts';
import type { ServiceContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import shipped from '../data/bank-holidays.json' with { type: 'json' };

const eventSchema = z.object({
  title: z.string().trim().min(1),
  date: z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD'),
  notes: z.string().default(''),
  bunting: z.boolean().default(false),
});

/** The GOV.UK file: `{ "england-and-wales": { division, events: [...] }, "scotland": …, "northern-ireland": … }`. Any subset of divisions may be given. */
export const bankHolidaysFileSchema = z
  .record(
    z.string(),
    z.object({ division: z.string(), events: z.array(eventSchema) }),
  )
  .superRefine((file, ctx) => {
    for (const [key, value] of Object.entries(file)) {
      if (!(DIVISIONS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown division; expected one of ${DIVISIONS.join(', ')}` });
      } else if (value.division !== key) {
        ctx.addIssue({ code: 'custom', path: [key, 'division'], message: `must be "${key}"` });
      }
    }
    if (Object.keys(file).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'no divisions in the file' });
  });

export type BankHolidaysFile = z.input<typeof bankHolidaysFileSchema>;

export interface BankHolidaysReport {
  divisions: Array<{ division: Division; events: number; from?: string; to?: string }>;
  rows: number;
  councilsBumped: number;
}

/** The file Kerbside ships (2024–2028, all three divisions). */
export const shippedBankHolidays = (): BankHolidaysFile => shipped as BankHolidaysFile;

/**
 * Validates a GOV.UK bank-holidays file and upserts its (division, date) rows in one transaction.
 * Councils in the touched divisions get their schedule_version bumped, so cached schedules and
 * feed validators change. Existing dates not in the file are kept (a newer GOV.UK file only
 * covers recent years).
 */
export async function loadBankHolidays(ctx: ServiceContext, json: unknown): Promise<BankHolidaysReport> {
  const parsed = bankHolidaysFileSchema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new DomainError('invalid_bank_holidays', `The bank holidays file has ${errors.length} error(s).`, 422, { errors });
  }
  const rows: Array<{ division: string; date: string; title: string }> = [];
  const report: BankHolidaysReport = { divisions: [], rows: 0, councilsBumped: 0 };
  for (const [division, { events }] of Object.entries(parsed.data)) {
    const byDate = new Map<string, string>();
    for (const e of events) byDate.set(e.date, e.title);
    const dates = [...byDate.keys()].sort();
    for (const date of dates) rows.push({ division, date, title: byDate.get(date)! });
    report.divisions.push({ division: division as Division, events: dates.length, from: dates[0], to: dates.at(-1) });
  }
  const touched = report.divisions.map((d) => d.division);
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 2000) {
      await tx
        .insert(bankHolidays)
        .values(rows.slice(i, i + 2000))
        .onConflictDoUpdate({ target: [bankHolidays.division, bankHolidays.date], set: { title: sql`excluded.title` } });
    }
    const bumped = await tx
      .update(councils)
      .set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` })
      .where(inArray(councils.bankHolidayDivision, touched))
      .returning({ id: councils.id });
    report.councilsBumped = bumped.length;
  });
  report.rows = rows.length;
  return report;
}

/** Loads the shipped file when no bank holidays are stored at all (fresh database). Returns whether it loaded. */
export async function ensureBankHolidays(ctx: ServiceContext): Promise<boolean> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(bankHolidays);
  if (n > 0) return false;
  await loadBankHolidays(ctx, shippedBankHolidays());
  return true;
}
