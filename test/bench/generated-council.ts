/**
 * A synthetic council for the schedule benchmark, shaped like a real one: rounds of ~1,000 stops,
 * refuse and recycling fortnightly on alternate weeks, food weekly, garden waste on ~40% of homes
 * as yearly subscriptions (assignment windows), some joining part-way through the year.
 * Deterministic (seeded PRNG) so runs compare.
 */
import { addDays } from '../../server/domain/dates.ts';
import type { PropertyAssignment, RoundPlan } from '../../server/domain/schedule.ts';
import { seededRandom } from '../../server/seed/demo-bundle.ts';

export interface BenchProperty {
  uprn: number;
  assignments: PropertyAssignment[];
}

export interface BenchCouncil {
  rounds: RoundPlan[];
  properties: BenchProperty[];
}

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
const WEEK_A = '2026-01-05';
const WEEK_B = '2026-01-12';
const FROM = '2025-04-01';
const STOPS_PER_ROUND = 1000;

export function generateCouncil(propertyCount: number, seed = 100_000): BenchCouncil {
  const rand = seededRandom(seed);
  const rounds: RoundPlan[] = [];
  const roundIds = new Set<string>();
  const addRound = (id: string, serviceId: string, periods: RoundPlan['periods']) => {
    if (roundIds.has(id)) return;
    roundIds.add(id);
    rounds.push({ id, serviceId, periods });
  };
  const properties: BenchProperty[] = [];
  // Properties fill the week's ten day/half slots in turn; each slot's crews take 1,000 stops each.
  const perSlot = Math.ceil(propertyCount / 10);
  const gardenCount: number[] = DAYS.map(() => 0);
  for (let i = 0; i < propertyCount; i++) {
    const slot = Math.floor(i / perSlot);
    const d = slot % 5;
    const half = slot < 5 ? 'A' : 'B';
    const other = half === 'A' ? 'B' : 'A';
    const crew = Math.floor((i % perSlot) / STOPS_PER_ROUND);
    const anchor = (h: string) => addDays(h === 'A' ? WEEK_A : WEEK_B, d);
    const ref = `REF-${DAYS[d]}-${half}-${crew}`;
    const rec = `REC-${DAYS[d]}-${other}-${crew}`;
    const food = `FOOD-${DAYS[d]}-${half}-${crew}`;
    addRound(ref, 'refuse', [{ from: FROM, to: null, anchor: anchor(half), everyWeeks: 2 }]);
    addRound(rec, 'recycling', [{ from: FROM, to: null, anchor: anchor(other), everyWeeks: 2 }]);
    addRound(food, 'food', [{ from: FROM, to: null, anchor: anchor('A'), everyWeeks: 1 }]);
    const assignments: PropertyAssignment[] = [
      { round: ref, from: FROM, to: null },
      { round: rec, from: FROM, to: null },
      { round: food, from: FROM, to: null },
    ];
    const g = rand();
    if (g < 0.4) {
      const crewG = Math.floor(gardenCount[d]++ / STOPS_PER_ROUND);
      const gdn = `GDN-${DAYS[d]}-${crewG}`;
      // Fortnightly March–November, every four weeks in winter: effective-dated periods.
      addRound(gdn, 'garden', [
        { from: FROM, to: '2025-11-30', anchor: anchor('B'), everyWeeks: 2 },
        { from: '2025-12-01', to: '2026-02-28', anchor: anchor('B'), everyWeeks: 4 },
        { from: '2026-03-01', to: '2026-11-30', anchor: anchor('B'), everyWeeks: 2 },
        { from: '2026-12-01', to: '2027-02-28', anchor: anchor('B'), everyWeeks: 4 },
        { from: '2027-03-01', to: null, anchor: anchor('B'), everyWeeks: 2 },
      ]);
      if (g < 0.31) {
        assignments.push({ round: gdn, from: '2025-04-01', to: '2026-03-31' }, { round: gdn, from: '2026-04-01', to: '2027-03-31' });
      } else {
        assignments.push({ round: gdn, from: addDays('2026-05-01', Math.floor(rand() * 180)), to: '2027-03-31' });
      }
    }
    properties.push({ uprn: 100_000_000_000 + i, assignments });
  }
  return { rounds, properties };
}
