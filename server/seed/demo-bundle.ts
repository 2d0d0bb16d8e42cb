/**
 * "Demo Borough Council": a deterministic, realistic-looking council bundle built from a seeded
 * PRNG (never Math.random), so every fresh database, test and screenshot shows the same data.
 * About 5,200 properties on ~60 named streets within ~3 km of Derby city centre (52.9225, -1.4746),
 * DE1/DE21–DE24 postcodes, 12-digit UPRNs. Decisions are written up in docs/import.md.
 */
import { addDays, isoWeekday } from '../domain/dates.ts';
import type { BundleInput } from '../domain/bundle.ts';

export const DEMO_SLUG = 'demo';
const CENTRE = { lat: 52.9225, lon: -1.4746 };
const TOWN = 'Demo';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Abbey', 'Albert', 'Arboretum', 'Ashbourne', 'Balmoral', 'Becket', 'Belper', 'Bramble', 'Briar', 'Brook',
  'Burton', 'Canal', 'Cavendish', 'Chapel', 'Chester', 'Church', 'Clarence', 'Cornhill', 'Crompton', 'Darley',
  'Derwent', 'Duffield', 'Elm', 'Empress', 'Ferrers', 'Field', 'Friary', 'Garden', 'Gisborne', 'Green',
  'Hartington', 'Hazel', 'Holly', 'Kedleston', 'Kingsway', 'Larch', 'Lime', 'Markeaton', 'Meadow', 'Mill',
  'Nightingale', 'Normanton', 'Oak', 'Orchard', 'Osmaston', 'Park', 'Rowan', 'Sherwood', 'Siddals', 'Stafford',
  'Station', 'Strutt', 'Sunny Hill', 'Vernon', 'Victoria', 'Wardwick', 'Willow', 'Windmill', 'Woodland', 'Yew Tree',
];
const SUFFIXES = ['Street', 'Road', 'Avenue', 'Close', 'Lane', 'Grove', 'Crescent', 'Drive', 'Way', 'Gardens'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const;
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
/** Week A's Monday; week B is the following one. Mon 31 Aug 2026 and Fri 25 Dec 2026 are week A. */
const WEEK_A = '2026-01-05';
const WEEK_B = '2026-01-12';
const SCHEDULE_FROM = '2025-04-01';
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

interface Street { angle: number; name: string; lat: number; lon: number; bearing: number; houses: number; day: number; half: 'A' | 'B'; outward: string; sector: number; order: number }

function streets(rand: () => number): Street[] {
  const list: Street[] = [];
  const used = new Set<string>();
  for (let i = 0; i < NAMES.length; i++) {
    let name = `${NAMES[i]} ${SUFFIXES[Math.floor(rand() * SUFFIXES.length)]}`;
    if (used.has(name)) name = `${NAMES[i]} ${SUFFIXES[(SUFFIXES.indexOf(name.split(' ').at(-1)!) + 1) % SUFFIXES.length]}`;
    used.add(name);
    // Spread street midpoints over a disc of ~3 km radius (sqrt for even density).
    const r = 3000 * Math.sqrt(0.02 + 0.98 * rand());
    const theta = rand() * 2 * Math.PI;
    const dx = r * Math.cos(theta);
    const dy = r * Math.sin(theta);
    const angle = (Math.atan2(dy, dx) + 2 * Math.PI) % (2 * Math.PI);
    const outward = r < 1000 ? 'DE1' : dx >= 0 ? (dy >= 0 ? 'DE21' : 'DE24') : dy >= 0 ? 'DE22' : 'DE23';
    list.push({
      name, bearing: rand() * Math.PI, houses: 60 + Math.floor(rand() * 60),
      lat: CENTRE.lat + dy / 111_320, lon: CENTRE.lon + dx / (111_320 * Math.cos((CENTRE.lat * Math.PI) / 180)),
      angle, day: 0, half: 'A', outward, sector: 1 + Math.floor(rand() * 9), order: r,
    });
  }
  list.push({
    name: 'High Street', bearing: 0.3, houses: 80, lat: CENTRE.lat + 0.0006, lon: CENTRE.lon - 0.0009, angle: 2, day: 0, half: 'A', outward: 'DE1', sector: 1, order: 0,
  });
  // Days: contiguous wedges around the centre, split by house count so each day's work is even.
  const byAngle = [...list].sort((a, b) => a.day - b.day || a.angle - b.angle);
  const everything = list.reduce((n, s) => n + s.houses, 0);
  let running = 0;
  for (const s of byAngle) {
    s.day = Math.min(4, Math.floor((running + s.houses / 2) / (everything / 5)));
    running += s.houses;
  }
  // Within a day's area, the inner half of streets is collected in week A, the outer half in week B.
  for (let d = 0; d < 5; d++) {
    const area = list.filter((s) => s.day === d).sort((a, b) => a.order - b.order);
    let houses = 0;
    const total = area.reduce((n, s) => n + s.houses, 0);
    for (const s of area) {
      s.half = houses < total / 2 ? 'A' : 'B';
      houses += s.houses;
    }
  }
  return list;
}

type Rows<K extends keyof BundleInput> = NonNullable<BundleInput[K]>;
/** The demo bundle as written to a file: UPRNs as text, every list present. Import it with importBundle. */
export interface DemoBundle {
  council: BundleInput['council'];
  services: Rows<'services'>;
  rounds: Rows<'rounds'>;
  properties: Array<Rows<'properties'>[number] & { uprn: string }>;
  assignments: Rows<'assignments'>;
  exceptions: Rows<'exceptions'>;
  customers: Rows<'customers'>;
  contracts: Rows<'contracts'>;
  /** At the top level, as DESIGN.md "Requests and payments" shows it. */
  requests?: NonNullable<BundleInput['council']['requests']>;
}
type Prop = DemoBundle['properties'][number];

/** The demo bundle. Deterministic: two calls return deep-equal bundles. */
export function demoBundle(): DemoBundle {
  const rand = seededRandom(20261127);
  const all = streets(rand);
  const properties: Prop[] = [];
  const assignments: DemoBundle['assignments'] = [];
  const sequences = new Map<string, number>();
  const assign = (uprn: string, round: string, from: string, to?: string) => {
    const seq = (sequences.get(round) ?? 0) + 1;
    sequences.set(round, seq);
    assignments.push({ uprn, round, from, ...(to ? { to } : {}), sequence: seq });
  };
  let uprnSerial = 0;
  const postcodeSerial = new Map<string, number>();

  // Streets in route order: by day, then week half, then outward from the centre.
  const route = [...all].sort((a, b) => a.day - b.day || a.half.localeCompare(b.half) || a.order - b.order);
  for (const st of route) {
    const day = DAYS[st.day];
    const other = st.half === 'A' ? 'B' : 'A';
    const length = st.houses * 6; // metres: ~12 m frontage per house, both sides
    // Odd numbers up one side, even numbers back down the other: the order a crew walks it.
    const numbers = [
      ...Array.from({ length: Math.ceil(st.houses / 2) }, (_, i) => 2 * i + 1),
      ...Array.from({ length: Math.floor(st.houses / 2) }, (_, i) => 2 * (Math.floor(st.houses / 2) - i)),
    ];
    let pcKey = '';
    for (const n of numbers) {
      const along = ((n - 1) / 2 / Math.max(1, st.houses / 2) - 0.5) * length;
      const side = n % 2 === 1 ? 9 : -9;
      const dx = along * Math.cos(st.bearing) - side * Math.sin(st.bearing);
      const dy = along * Math.sin(st.bearing) + side * Math.cos(st.bearing);
      // A postcode covers ~14 neighbouring houses on one side of a street.
      const unit = `${st.name}|${n % 2}|${Math.floor((n - 1) / 28)}`;
      if (unit !== pcKey) {
        pcKey = unit;
        postcodeSerial.set(st.outward, (postcodeSerial.get(st.outward) ?? 0) + 1);
      }
      const k = postcodeSerial.get(st.outward)!;
      const postcode = `${st.outward} ${(st.sector + Math.floor(k / 400)) % 10}${INWARD_LETTERS[Math.floor(k / 20) % 20]}${INWARD_LETTERS[k % 20]}`;
      uprnSerial++;
      const uprn = String(100030000000 + uprnSerial * 37);
      const onHigh = st.name === 'High Street';
      const kind = onHigh ? (n % 4 === 1 ? 'commercial' : n % 4 === 3 ? 'mixed' : 'domestic') : 'domestic';
      properties.push({
        uprn,
        address: `${onHigh && kind === 'mixed' ? `Flat 1, ${n}` : n} ${st.name}, ${TOWN}`,
        postcode,
        lat: Math.round((st.lat + dy / 111_320) * 1e6) / 1e6,
        lon: Math.round((st.lon + dx / (111_320 * Math.cos((CENTRE.lat * Math.PI) / 180))) * 1e6) / 1e6,
        kind,
        ...(rand() < 0.02 ? { assisted: true } : {}),
      });
      if (kind === 'commercial') {
        assign(uprn, 'TRADE-TUE', SCHEDULE_FROM);
        continue;
      }
      assign(uprn, `REF-${day}-${st.half}`, SCHEDULE_FROM);
      assign(uprn, `REC-${day}-${other}`, SCHEDULE_FROM);
      assign(uprn, `FOOD-${day}-${st.half}`, SCHEDULE_FROM);
      // Garden waste is a paid subscription year, 1 April to 31 March; ~40% of homes take it.
      const g = rand();
      if (kind === 'domestic' && g < 0.40) {
        if (g < 0.31) {
          assign(uprn, `GDN-${day}`, '2025-04-01', '2026-03-31');
          assign(uprn, `GDN-${day}`, '2026-04-01', '2027-03-31');
        } else {
          // Joined part-way through the year: from a date between May and October 2026.
          assign(uprn, `GDN-${day}`, addDays('2026-05-01', Math.floor(rand() * 180)), '2027-03-31');
        }
      } else if (g < 0.45) {
        assign(uprn, `GDN-${day}`, '2025-04-01', '2026-03-31'); // did not renew for 2026/27
      }
    }
  }

  const rounds: DemoBundle['rounds'] = [];
  DAYS.forEach((day, d) => {
    const monday = (half: 'A' | 'B') => addDays(half === 'A' ? WEEK_A : WEEK_B, d);
    for (const half of ['A', 'B'] as const) {
      rounds.push({ id: `REF-${day}-${half}`, service: 'refuse', name: `Refuse ${DAY_NAMES[d]} week ${half}`, schedules: [{ from: SCHEDULE_FROM, anchor: monday(half), everyWeeks: 2 }] });
    }
    for (const half of ['A', 'B'] as const) {
      rounds.push({ id: `REC-${day}-${half}`, service: 'recycling', name: `Recycling ${DAY_NAMES[d]} week ${half}`, schedules: [{ from: SCHEDULE_FROM, anchor: monday(half), everyWeeks: 2 }] });
    }
    for (const half of ['A', 'B'] as const) {
      rounds.push({ id: `FOOD-${day}-${half}`, service: 'food', name: `Food waste ${DAY_NAMES[d]} ${half === 'A' ? 'inner' : 'outer'}`, schedules: [{ from: SCHEDULE_FROM, anchor: monday('A'), everyWeeks: 1 }] });
    }
    // Garden waste: fortnightly March–November, every four weeks in the winter months.
    rounds.push({
      id: `GDN-${day}`, service: 'garden', name: `Garden waste ${DAY_NAMES[d]}`,
      schedules: [
        { from: SCHEDULE_FROM, to: '2025-11-30', anchor: monday('B'), everyWeeks: 2 },
        { from: '2025-12-01', to: '2026-02-28', anchor: monday('B'), everyWeeks: 4 },
        { from: '2026-03-01', to: '2026-11-30', anchor: monday('B'), everyWeeks: 2 },
        { from: '2026-12-01', to: '2027-02-28', anchor: monday('B'), everyWeeks: 4 },
        { from: '2027-03-01', anchor: monday('B'), everyWeeks: 2 },
      ],
    });
  });
  rounds.push({ id: 'TRADE-TUE', service: 'trade', name: 'Trade waste Tuesday', schedules: [{ from: SCHEDULE_FROM, anchor: addDays(WEEK_A, 1), everyWeeks: 1 }] });
  // Bulky waste: one crew, Tuesdays and Thursdays, collecting only what residents book (no assignments).
  rounds.push({ id: 'BULKY-TUE', service: 'bulky', name: 'Bulky waste Tuesday', schedules: [{ from: SCHEDULE_FROM, anchor: addDays(WEEK_A, 1), everyWeeks: 1 }] });
  rounds.push({ id: 'BULKY-THU', service: 'bulky', name: 'Bulky waste Thursday', schedules: [{ from: SCHEDULE_FROM, anchor: addDays(WEEK_A, 3), everyWeeks: 1 }] });

  return {
    council: {
      slug: DEMO_SLUG, name: 'Demo Borough Council', timezone: 'Europe/London',
      bankHolidayDivision: 'england-and-wales', bankHolidayRule: 'slip', brandColour: '#00594f',
    },
    services: [
      { id: 'refuse', name: 'Rubbish', stream: 'residual', container: '240L black wheelie bin', colour: '#1f1f1f', ewcCode: '20 03 01' },
      { id: 'recycling', name: 'Recycling', stream: 'dry_mixed_with_paper', container: '240L blue wheelie bin', colour: '#1d70b8', ewcCode: '15 01 06' },
      { id: 'food', name: 'Food waste', stream: 'food', container: '23L brown food caddy', colour: '#8b5a2b', ewcCode: '20 01 08' },
      { id: 'garden', name: 'Garden waste', stream: 'garden', container: '240L green wheelie bin', colour: '#00703c', ewcCode: '20 02 01' },
      { id: 'trade', name: 'Trade waste', stream: 'residual', container: '1100L trade bin', colour: '#505a5f', ewcCode: '20 03 01' },
      { id: 'bulky', name: 'Bulky waste', stream: 'bulky', container: 'Large household items', colour: '#6f72af', ewcCode: '20 03 07' },
    ],
    requests: demoRequests(),
    rounds,
    properties,
    assignments,
    exceptions: christmasExceptions(),
    ...demoCommercial(properties),
  };
}

/** What the demo council's residents can request and pay for (DESIGN.md "Requests and payments"). */
function demoRequests(): DemoBundle['requests'] {
  return {
    garden: {
      service: 'garden', round: 'GDN-FRI', pricePencePerBin: 5500, concessionPencePerBin: 3500, maxBins: 3,
      year: { startsOn: '04-01' }, renewalOpensDaysBefore: 42, midYear: 'pro_rata', refund: 'none',
    },
    bulky: {
      pricePence: 3000, itemsIncluded: 3, extraItemPence: 1000, maxItems: 6, weekdays: [2, 4], perDay: 8,
      cutoff: { workingDaysBefore: 1, time: '12:00' }, refund: 'full',
      items: [
        { id: 'sofa', name: 'Sofa' }, { id: 'armchair', name: 'Armchair' }, { id: 'mattress', name: 'Mattress' },
        { id: 'bed-frame', name: 'Bed frame' }, { id: 'wardrobe', name: 'Wardrobe' }, { id: 'table', name: 'Table' },
        { id: 'fridge', name: 'Fridge or freezer' }, { id: 'washing-machine', name: 'Washing machine' },
      ],
    },
    containers: [
      { id: 'refuse-240', service: 'refuse', name: '240L black wheelie bin', pricePence: 2500, reasons: ['new_property', 'damaged', 'stolen', 'missing'] },
      { id: 'recycling-240', service: 'recycling', name: '240L blue wheelie bin', pricePence: 0, reasons: ['new_property', 'damaged', 'stolen', 'missing', 'extra'] },
      { id: 'food-caddy', service: 'food', name: '23L brown food caddy', pricePence: 0, reasons: ['new_property', 'damaged', 'stolen', 'missing'], maxQuantity: 2 },
      { id: 'garden-240', service: 'garden', name: '240L green wheelie bin', pricePence: 0, reasons: ['damaged', 'stolen', 'missing'] },
    ],
  };
}

/** The demo customer's sign-in (server/seed/demo.ts) acts for this customer. */
export const DEMO_CUSTOMER_ID = 'corner-cafe';

/**
 * One trade customer on the first commercial High Street site: a café with 12 employees whose
 * contract covers only general waste, so the officer console shows a Simpler Recycling flag.
 */
function demoCommercial(properties: Prop[]): Pick<DemoBundle, 'customers' | 'contracts'> {
  const site = properties.find((p) => p.kind === 'commercial');
  if (!site) return { customers: [], contracts: [] };
  return {
    customers: [{
      id: DEMO_CUSTOMER_ID, name: 'Corner Café Ltd', address: site.address, companyNumber: '09876543',
      sic: '56102', employees: 12, email: 'cafe@demo.kerbside.test',
    }],
    contracts: [{
      reference: 'CW-DEMO-0001', customer: DEMO_CUSTOMER_ID, uprn: site.uprn, start: '2026-04-01', end: '2027-03-31',
      status: 'active', paperAssessment: false,
      lines: [{ service: 'trade', round: 'TRADE-TUE', container: '1100L trade bin', quantity: 2, ewcCode: '20 03 01', pricePerLiftPence: 1450 }],
    }],
  };
}

/**
 * Christmas and New Year 2026/27 (bank holidays Fri 25 Dec, Mon 28 Dec, Fri 1 Jan).
 * Each week's collections run one day later from the first holiday, finishing on Saturday;
 * crews work New Year's Day so nothing lands on a Sunday. Garden waste takes a two-week break.
 * The exceptions are explicit (they are final), so the published table is exactly what runs.
 */
function christmasExceptions(): DemoBundle['exceptions'] {
  const core = ['food', 'recycling', 'refuse'];
  const moves: Array<[string, string, string]> = [
    ['2026-12-25', '2026-12-26', 'Christmas Day'],
    ['2026-12-28', '2026-12-29', 'Boxing Day (substitute day)'],
    ['2026-12-29', '2026-12-30', 'Boxing Day (substitute day)'],
    ['2026-12-30', '2026-12-31', 'Boxing Day (substitute day)'],
    ['2026-12-31', '2027-01-01', 'Boxing Day (substitute day)'],
    ['2027-01-01', '2027-01-02', 'New Year’s Day'],
  ];
  const list: DemoBundle['exceptions'] = moves.map(([date, to, reason]) => ({ date, action: 'move', to, services: core, reason }));
  list.push({ date: '2026-12-29', action: 'move', to: '2026-12-30', services: ['trade'], reason: 'Boxing Day (substitute day)' });
  for (let d = '2026-12-21'; d <= '2027-01-01'; d = addDays(d, 1)) {
    if (isoWeekday(d) <= 5) list.push({ date: d, action: 'cancel', services: ['garden'], reason: 'No garden waste collections over Christmas' });
  }
  return list;
}

/** A demo property that shows a Christmas change: a home on Friday's week-A refuse round with garden waste. */
export function demoShowcaseUprn(bundle: DemoBundle = demoBundle()): string {
  const friday = new Set(bundle.assignments.filter((a) => a.round === 'REF-FRI-A').map((a) => String(a.uprn)));
  const garden = new Set(bundle.assignments.filter((a) => a.round === 'GDN-FRI' && a.to === '2027-03-31').map((a) => String(a.uprn)));
  const hit = bundle.properties.find((p) => friday.has(String(p.uprn)) && garden.has(String(p.uprn)) && p.kind === 'domestic');
  return String((hit ?? bundle.properties[0]).uprn);
}
