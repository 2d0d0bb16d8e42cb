import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { and, count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bankHolidays, councils } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import type { ServiceContext } from '../../server/context.ts';
import { isoWeekday } from '../../server/domain/dates.ts';
import { DomainError } from '../../server/errors.ts';
import { ensureBankHolidays, loadBankHolidays, shippedBankHolidays } from '../../server/services/bank-holidays.ts';
import { importBundle } from '../../server/services/import.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import northshireBundle from '../fixtures/northshire-bundle.json' with { type: 'json' };

const file = shippedBankHolidays() as Record<string, { division: string; events: Array<{ title: string; date: string; notes: string; bunting: boolean }> }>;
const datesOf = (division: string) => file[division].events.map((e) => e.date);

// Known dates, checked by hand against GOV.UK's published lists and the substitute-day rules.
const known: Record<string, string[]> = {
  'england-and-wales': [
    '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26',
    '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
    '2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26',
  ],
  scotland: [
    '2024-01-01', '2024-01-02', '2024-03-29', '2024-05-06', '2024-05-27', '2024-08-05', '2024-12-02', '2024-12-25', '2024-12-26',
    '2025-01-01', '2025-01-02', '2025-04-18', '2025-05-05', '2025-05-26', '2025-08-04', '2025-12-01', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-01-04', '2027-03-26', '2027-05-03', '2027-05-31', '2027-08-02', '2027-11-30', '2027-12-27', '2027-12-28',
    '2028-01-03', '2028-01-04', '2028-04-14', '2028-05-01', '2028-05-29', '2028-08-07', '2028-11-30', '2028-12-25', '2028-12-26',
  ],
  'northern-ireland': [
    '2024-01-01', '2024-03-18', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-07-12', '2024-08-26', '2024-12-25', '2024-12-26',
    '2025-01-01', '2025-03-17', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-07-14', '2025-08-25', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-03-17', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-07-13', '2026-08-31', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-03-17', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-07-12', '2027-08-30', '2027-12-27', '2027-12-28',
    '2028-01-03', '2028-03-17', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-07-12', '2028-08-28', '2028-12-25', '2028-12-26',
  ],
};

test('the shipped file lists exactly the known bank holidays 2024–2028 for each division', () => {
  expect(Object.keys(file).sort()).toEqual(['england-and-wales', 'northern-ireland', 'scotland']);
  for (const division of Object.keys(known)) {
    expect(file[division].division).toBe(division);
    expect(datesOf(division)).toEqual(known[division]);
  }
});

test('every shipped bank holiday is a weekday, and substitute days say so', () => {
  for (const division of Object.keys(file)) {
    for (const e of file[division].events) {
      expect(isoWeekday(e.date)).toBeLessThanOrEqual(5);
      expect(typeof e.bunting).toBe('boolean');
    }
  }
  const boxing2026 = file['england-and-wales'].events.find((e) => e.date === '2026-12-28')!;
  expect(boxing2026).toEqual({ title: 'Boxing Day', date: '2026-12-28', notes: 'Substitute day', bunting: true });
  expect(file.scotland.events.find((e) => e.date === '2027-01-04')!.title).toBe('2nd January');
  expect(file['northern-ireland'].events.find((e) => e.date === '2026-07-13')!.title).toBe('Battle of the Boyne (Orangemen’s Day)');
});

let database: Database;
let ctx: ServiceContext;
beforeAll(async () => {
  database = await openTestDatabase();
  ctx = { db: database.db, clock: fixedClock('2026-11-27T09:00:00Z') };
});
afterAll(() => database.close());
beforeEach(() => resetDatabase(database));

const rowsFor = async (division: string) =>
  (await database.db.select({ n: count() }).from(bankHolidays).where(eq(bankHolidays.division, division)))[0].n;

test('ensureBankHolidays loads the shipped file into an empty table, and only then', async () => {
  expect(await ensureBankHolidays(ctx)).toBe(true);
  expect(await rowsFor('england-and-wales')).toBe(40);
  expect(await rowsFor('scotland')).toBe(45);
  expect(await rowsFor('northern-ireland')).toBe(50);
  expect(await ensureBankHolidays(ctx)).toBe(false);
});

test('loading a newer GOV.UK file upserts by (division, date) and refreshes councils in those divisions only', async () => {
  await importBundle(ctx, smallBundle); // england-and-wales
  await importBundle(ctx, northshireBundle); // scotland
  const version = async (slug: string) => (await database.db.select().from(councils).where(eq(councils.slug, slug)))[0].scheduleVersion;
  const [ew, sc] = [await version('testshire'), await version('northshire')];
  const report = await loadBankHolidays(ctx, {
    'england-and-wales': {
      division: 'england-and-wales',
      events: [
        { title: 'Christmas Day (renamed)', date: '2026-12-25', notes: '', bunting: true },
        { title: 'Extra bank holiday', date: '2029-06-04', notes: '', bunting: true },
      ],
    },
  });
  expect(report).toEqual({
    divisions: [{ division: 'england-and-wales', events: 2, from: '2026-12-25', to: '2029-06-04' }], rows: 2, councilsBumped: 1,
  });
  expect(await rowsFor('england-and-wales')).toBe(41);
  const [xmas] = await database.db.select().from(bankHolidays)
    .where(and(eq(bankHolidays.division, 'england-and-wales'), eq(bankHolidays.date, '2026-12-25')));
  expect(xmas.title).toBe('Christmas Day (renamed)');
  expect(await version('testshire')).toBe(ew + 1);
  expect(await version('northshire')).toBe(sc);
});

test('a malformed file is refused with every problem listed and nothing written', async () => {
  let err: unknown;
  try {
    await loadBankHolidays(ctx, {
      'england-and-wales': { division: 'scotland', events: [{ title: 'X', date: '2026-02-30' }] },
      wales: { division: 'wales', events: [] },
    });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe('invalid_bank_holidays');
  expect((err as DomainError).details!.errors).toEqual([
    'england-and-wales.events[0].date: must be a date YYYY-MM-DD',
    'england-and-wales.division: must be "england-and-wales"',
    'wales: unknown division; expected one of england-and-wales, scotland, northern-ireland',
  ]);
  expect((await database.db.select({ n: count() }).from(bankHolidays))[0].n).toBe(0);
});

test('the CLI loads the shipped file when given no path', async () => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/kerbside-bh-cli-${process.pid}`;
  const out = Bun.spawnSync(['bun', 'server/cli.ts', 'bank-holidays', 'load'], {
    env: { ...process.env, KERBSIDE_DATA_DIR: dir, DATABASE_URL: '' }, cwd: `${import.meta.dir}/../..`,
  });
  expect(out.stdout.toString()).toContain('Loaded 135 bank holidays');
  expect(out.exitCode).toBe(0);
  await Bun.$`rm -rf ${dir}`.quiet();
}, 60_000);
