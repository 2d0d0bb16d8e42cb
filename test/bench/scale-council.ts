/**
 * Councils for the national-scale benchmark, written straight to a bundle file (never held in
 * memory): rounds of 1,000 stops; refuse and recycling fortnightly on alternate weeks, food
 * weekly, garden waste for ~40% of homes; about 14 homes a postcode. Deterministic, so the same
 * rows can be produced again as COPY text for the baseline.
 */
import { addDays } from '../../server/domain/dates.ts';
import { seededRandom } from '../../server/seed/demo-bundle.ts';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
export const WEEK_A = '2026-01-05';
const WEEK_B = '2026-01-12';
const FROM = '2025-04-01';
export const STOPS_PER_ROUND = 1000;
// Letters a postcode may use in those places (server/domain/postcode.ts).
const AREAS = ['SA', 'SE', 'SG', 'SK', 'SL', 'SN', 'SP', 'SR', 'SS', 'ST', 'SW', 'SY', 'TA', 'TD', 'TF', 'TN', 'TQ', 'TR', 'TS', 'TW'];
const UNIT = 'ABDEFGHJLNPQRSTUWXYZ';
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Victoria Street', 'Park Avenue', 'The Green', 'Queens Road'];

export interface ScaleCouncil {
  index: number;
  slug: string;
  size: number;
}

export const uprnOf = (council: number, i: number) => 100_000_000_000 + council * 10_000_000 + i;

export function postcodeOf(council: number, i: number): string {
  const k = Math.floor(i / 14);
  const unit = k % 400, sector = Math.floor(k / 400) % 10, district = 1 + Math.floor(k / 4000);
  return `${AREAS[council % AREAS.length]}${district} ${sector}${UNIT[Math.floor(unit / 20)]}${UNIT[unit % 20]}`;
}

export interface PropertyRow {
  uprn: number; address: string; postcode: string; lat: number; lon: number;
  assignments: Array<{ round: string; from: string; to: string | null; sequence: number }>;
}

/** The refuse round a property is on, and a date it runs on or after `day` (for the round sheet). */
export function refuseRoundOf(size: number, i: number, day: string): { round: string; date: string } {
  const perSlot = Math.ceil(size / 10);
  const slot = Math.floor(i / perSlot), d = slot % 5, half = slot < 5 ? 'A' : 'B';
  const anchor = addDays(half === 'A' ? WEEK_A : WEEK_B, d);
  let date = anchor;
  while (date < day) date = addDays(date, 14);
  return { round: `REF-${DAYS[d]}-${half}-${Math.floor((i % perSlot) / STOPS_PER_ROUND)}`, date };
}

/** Every property of a council with its assignments, in order; the rounds come out of `rounds`. */
export function* councilRows(c: ScaleCouncil, rounds: Map<string, unknown>): Generator<PropertyRow> {
  const rand = seededRandom(1000 + c.index);
  const perSlot = Math.ceil(c.size / 10);
  const garden = DAYS.map(() => 0);
  const lat0 = 50.6 + (c.index % 9) * 0.5, lon0 = -3.5 + (c.index % 7) * 0.5;
  const addRound = (id: string, service: string, schedules: unknown[]) => {
    if (!rounds.has(id)) rounds.set(id, { id, service, name: id, schedules });
  };
  for (let i = 0; i < c.size; i++) {
    const slot = Math.floor(i / perSlot), d = slot % 5;
    const half = slot < 5 ? 'A' : 'B', other = half === 'A' ? 'B' : 'A';
    const crew = Math.floor((i % perSlot) / STOPS_PER_ROUND), seq = (i % perSlot) % STOPS_PER_ROUND + 1;
    const anchor = (h: string) => addDays(h === 'A' ? WEEK_A : WEEK_B, d);
    const ref = `REF-${DAYS[d]}-${half}-${crew}`, rec = `REC-${DAYS[d]}-${other}-${crew}`, food = `FOOD-${DAYS[d]}-${half}-${crew}`;
    addRound(ref, 'refuse', [{ from: FROM, anchor: anchor(half), everyWeeks: 2 }]);
    addRound(rec, 'recycling', [{ from: FROM, anchor: anchor(other), everyWeeks: 2 }]);
    addRound(food, 'food', [{ from: FROM, anchor: anchor('A'), everyWeeks: 1 }]);
    const assignments: PropertyRow['assignments'] = [
      { round: ref, from: FROM, to: null, sequence: seq },
      { round: rec, from: FROM, to: null, sequence: seq },
      { round: food, from: FROM, to: null, sequence: seq },
    ];
    if (rand() < 0.4) {
      const n = garden[d]++;
      const gdn = `GDN-${DAYS[d]}-${Math.floor(n / STOPS_PER_ROUND)}`;
      addRound(gdn, 'garden', [{ from: FROM, anchor: anchor('B'), everyWeeks: 2 }]);
      assignments.push({ round: gdn, from: '2026-04-01', to: '2027-03-31', sequence: (n % STOPS_PER_ROUND) + 1 });
    }
    yield {
      uprn: uprnOf(c.index, i),
      address: `${(i % 400) + 1} ${STREETS[Math.floor(i / 400) % STREETS.length]}, Town ${c.index}-${Math.floor(i / 3200)}`,
      postcode: postcodeOf(c.index, i),
      lat: +(lat0 + rand() * 0.3).toFixed(6),
      lon: +(lon0 + rand() * 0.3).toFixed(6),
      assignments,
    };
  }
}

const SERVICES = [
  { id: 'refuse', name: 'Rubbish', stream: 'residual', container: '240L black bin', colour: '#1f1f1f' },
  { id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: '240L blue bin', colour: '#1d70b8' },
  { id: 'food', name: 'Food waste', stream: 'food', container: '23L caddy', colour: '#00703c' },
  { id: 'garden', name: 'Garden waste', stream: 'garden', container: '240L green bin', colour: '#85994b' },
];

/**
 * Writes the council's bundle to `path` as it generates it: council, services, then properties
 * and assignments (the assignments gathered into a second temporary file, then appended), then rounds.
 */
export async function writeCouncilBundle(c: ScaleCouncil, path: string): Promise<{ bytes: number; assignments: number }> {
  const rounds = new Map<string, unknown>();
  const out = Bun.file(path).writer({ highWaterMark: 1 << 20 });
  const side = Bun.file(`${path}.assignments`).writer({ highWaterMark: 1 << 20 });
  out.write(`{"council":${JSON.stringify({ slug: c.slug, name: `Scale Council ${c.index}` })},\n"services":${JSON.stringify(SERVICES)},\n"properties":[\n`);
  let first = true, firstA = true, assignments = 0;
  for (const p of councilRows(c, rounds)) {
    const { assignments: list, ...property } = p;
    out.write(`${first ? '' : ',\n'}${JSON.stringify({ ...property, uprn: String(p.uprn) })}`);
    first = false;
    for (const a of list) {
      side.write(`${firstA ? '' : ',\n'}${JSON.stringify({ uprn: String(p.uprn), ...a })}`);
      firstA = false;
      assignments++;
    }
  }
  await side.end();
  out.write('\n],\n"assignments":[\n');
  await out.flush();
  const sideFile = Bun.file(`${path}.assignments`);
  for await (const chunk of sideFile.stream()) out.write(chunk);
  await sideFile.delete();
  out.write(`\n],\n"rounds":${JSON.stringify([...rounds.values()])}}\n`);
  await out.end();
  return { bytes: Bun.file(path).size, assignments };
}
