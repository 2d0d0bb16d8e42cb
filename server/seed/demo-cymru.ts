/**
 * "Cyngor Demo" (Demo Council, Wales): a small Welsh-first council beside Demo Borough Council, so the
 * site can be tried end to end in Welsh. Its languages are Welsh then English; service and container
 * names come in both (DESIGN.md "Languages"). About 500 homes on twelve streets of a fictional town
 * near Aberystwyth, SY23 postcodes; deterministic like the English demo (seeded PRNG).
 */
import type { DemoBundle } from './demo-bundle.ts';
import { addDays } from '../domain/dates.ts';
import { seededRandom } from './demo-bundle.ts';

export const DEMO_CYMRU_SLUG = 'demo-cymru';
const CENTRE = { lat: 52.4153, lon: -4.0829 };
const TOWN = 'Trefdemo';
const STREETS = [
  'Heol y Bont', 'Stryd Fawr', 'Ffordd y Môr', 'Heol yr Eglwys', 'Rhodfa’r Castell', 'Lôn y Felin',
  'Heol y Wig', 'Ffordd Penglais', 'Stryd y Baddon', 'Heol Llanbadarn', 'Maes y Ddôl', 'Clos yr Ysgol',
];
const DAYS = ['LLUN', 'MAW', 'MER', 'IAU'] as const;
const DAY_NAMES = ['Dydd Llun', 'Dydd Mawrth', 'Dydd Mercher', 'Dydd Iau'];
/** Week A's Monday (as in the English demo): Christmas week 2026 is week A. */
const WEEK_A = '2026-01-05';
const FROM = '2025-04-01';

type Bundle = Omit<DemoBundle, 'customers' | 'contracts'>;

export function demoCymruBundle(): Bundle {
  const rand = seededRandom(20261207);
  const properties: Bundle['properties'] = [];
  const assignments: Bundle['assignments'] = [];
  const seq = new Map<string, number>();
  const assign = (uprn: string, round: string) => {
    const n = (seq.get(round) ?? 0) + 1;
    seq.set(round, n);
    assignments.push({ uprn, round, from: FROM, sequence: n });
  };
  let serial = 0;
  STREETS.forEach((street, i) => {
    const day = DAYS[i % DAYS.length];
    const half = i % 2 === 0 ? 'A' : 'B';
    const angle = (i / STREETS.length) * 2 * Math.PI;
    const r = 300 + rand() * 900;
    const lat = CENTRE.lat + (r * Math.sin(angle)) / 111_320;
    const lon = CENTRE.lon + (r * Math.cos(angle)) / (111_320 * Math.cos((CENTRE.lat * Math.PI) / 180));
    const houses = 30 + Math.floor(rand() * 30);
    for (let n = 1; n <= houses; n++) {
      serial++;
      const uprn = String(100100000000 + serial * 41);
      properties.push({
        uprn,
        address: `${n} ${street}, ${TOWN}`,
        postcode: `SY23 ${1 + (i % 4)}${'ABDEFGHJLN'[i % 10]}${'PQRSTUWXYZ'[Math.floor(n / 14) % 10]}`,
        lat: Math.round((lat + (n * 9) / 111_320) * 1e6) / 1e6,
        lon: Math.round((lon + ((n % 2 ? 1 : -1) * 9) / 111_320) * 1e6) / 1e6,
      });
      assign(uprn, `SBW-${day}-${half}`);
      assign(uprn, `AIL-${day}-${half === 'A' ? 'B' : 'A'}`);
      assign(uprn, `BWYD-${day}`);
    }
  });
  const rounds: Bundle['rounds'] = [];
  DAYS.forEach((day, d) => {
    const monday = (h: 'A' | 'B') => addDays(h === 'A' ? WEEK_A : addDays(WEEK_A, 7), d);
    for (const h of ['A', 'B'] as const) {
      rounds.push({ id: `SBW-${day}-${h}`, service: 'sbwriel', name: `Sbwriel ${DAY_NAMES[d]} wythnos ${h}`, schedules: [{ from: FROM, anchor: monday(h), everyWeeks: 2 }] });
      rounds.push({ id: `AIL-${day}-${h}`, service: 'ailgylchu', name: `Ailgylchu ${DAY_NAMES[d]} wythnos ${h}`, schedules: [{ from: FROM, anchor: monday(h), everyWeeks: 2 }] });
    }
    rounds.push({ id: `BWYD-${day}`, service: 'bwyd', name: `Gwastraff bwyd ${DAY_NAMES[d]}`, schedules: [{ from: FROM, anchor: monday('A'), everyWeeks: 1 }] });
  });
  return {
    council: {
      slug: DEMO_CYMRU_SLUG, name: 'Cyngor Demo', timezone: 'Europe/London', nation: 'wales',
      bankHolidayDivision: 'england-and-wales', bankHolidayRule: 'slip', brandColour: '#8f2332', languages: ['cy', 'en'],
    },
    services: [
      { id: 'sbwriel', name: { cy: 'Sbwriel', en: 'Rubbish' }, stream: 'residual', container: { cy: 'Bin olwynion du', en: 'Black wheelie bin' }, colour: '#1f1f1f', ewcCode: '20 03 01' },
      { id: 'ailgylchu', name: { cy: 'Ailgylchu', en: 'Recycling' }, stream: 'dry_mixed_with_paper', container: { cy: 'Bocs glas', en: 'Blue box' }, colour: '#1d70b8', ewcCode: '15 01 06' },
      { id: 'bwyd', name: { cy: 'Gwastraff bwyd', en: 'Food waste' }, stream: 'food', container: { cy: 'Cadi bwyd', en: 'Food caddy' }, colour: '#8b5a2b', ewcCode: '20 01 08' },
    ],
    rounds,
    properties,
    assignments,
    exceptions: [],
  };
}
