import { describe, expect, test } from 'bun:test';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import { exceptionKey, parseBundle } from '../../server/domain/bundle.ts';

const fresh = () => structuredClone(smallBundle) as any;

test('the small fixture bundle is valid; UPRNs become numbers and postcodes are normalised', () => {
  const r = parseBundle(fresh());
  if (!r.ok) throw new Error(r.errors.join('\n'));
  expect(r.bundle.properties[0].uprn).toBe(100090000001);
  expect(r.bundle.properties[4].postcode).toBe('TE1 1AD'); // written "te11ad" in the file
  expect(r.bundle.properties[0].kind).toBe('domestic');
  expect(r.bundle.properties[2].assisted).toBe(true);
  expect(r.bundle.customers).toEqual([]);
});

test('the DESIGN.md example bundle is valid', () => {
  const r = parseBundle({
    council: { slug: 'demo', name: 'Demo Borough Council', timezone: 'Europe/London', bankHolidayDivision: 'england-and-wales', bankHolidayRule: 'slip' },
    services: [{ id: 'refuse', name: 'Rubbish', stream: 'residual', container: '240L black wheelie bin', colour: '#1f1f1f', ewcCode: '20 03 01' }],
    rounds: [{ id: 'REF-MON', service: 'refuse', name: 'Refuse Monday', schedules: [{ from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 2 }] }],
    properties: [{ uprn: '100023336956', address: '1 High Street, Demo', postcode: 'DE1 1AA', lat: 52.92, lon: -1.47, kind: 'domestic' }],
    assignments: [{ uprn: '100023336956', round: 'REF-MON', from: '2026-01-01', sequence: 1 }],
    exceptions: [{ date: '2026-12-25', action: 'move', to: '2026-12-27', rounds: ['REF-FRI'], reason: 'Christmas Day' }],
  });
  expect(r.errors).toEqual([]);
});

test('every bad row is reported with its path, not only the first', () => {
  const b = fresh();
  b.properties[3].uprn = '12ab';
  b.properties[5].uprn = '0';
  b.properties[6].postcode = 'ZZ1 1ZZ';
  delete b.properties[7].lat;
  b.properties[8].colour = '#ffffff';
  b.rounds[0].schedules[0].everyWeeks = 5;
  b.rounds[3].schedules[1].from = '2026-11-01'; // overlaps the first period
  b.assignments[2].from = '2026-02-30';
  b.exceptions[0].to = undefined;
  b.services[1].stream = 'compost';
  const r = parseBundle(b);
  expect(r.ok).toBe(false);
  expect(r.errors).toEqual([
    'services[1].stream: must be one of "residual", "recycling", "paper", "glass", "metal", "plastic", "dry_mixed", "dry_mixed_with_paper", "food", "garden", "bulky"',
    'rounds[0].schedules[0].everyWeeks: must be 1–4',
    'rounds[3].schedules[1].from: overlaps schedules[0]',
    'properties[3].uprn: must be 1–12 digits',
    'properties[5].uprn: must be at least 1',
    'properties[6].postcode: must be a UK postcode such as "DE1 1AA"',
    'properties[7].lat: is required',
    'properties[8]: unknown field "colour"',
    'assignments[2].from: must be a date YYYY-MM-DD',
    'exceptions[0].to: is required when action is "move"',
  ]);
});

test('duplicate keys inside the bundle are errors', () => {
  const b = fresh();
  b.properties[1].uprn = b.properties[0].uprn;
  b.services.push({ ...b.services[0] });
  b.assignments.push({ ...b.assignments[0], sequence: 99 });
  const r = parseBundle(b);
  expect(r.errors).toEqual([
    'services[4].id: duplicates services[0]',
    'properties[1].uprn: duplicates properties[0]',
    `assignments[${b.assignments.length - 1}]: duplicates assignments[0]`,
  ]);
});

test('a bundle without a council, or not an object, is refused', () => {
  expect(parseBundle({}).errors).toEqual(['council: is required']);
  expect(parseBundle(null).ok).toBe(false);
  expect(parseBundle({ council: { slug: 'Bad Slug', name: 'x' }, properties: 'no' }).errors).toEqual([
    'properties: Invalid input: expected array, received string',
  ]);
});

test('a cancel must not carry a date to move to; a move must go somewhere else', () => {
  const b = fresh();
  b.exceptions = [
    { date: '2026-12-25', action: 'cancel', to: '2026-12-26', reason: 'Snow' },
    { date: '2026-12-25', action: 'move', to: '2026-12-25', reason: 'Snow' },
  ];
  expect(parseBundle(b).errors).toEqual([
    'exceptions[0].to: must be absent when action is "cancel"',
    'exceptions[1].to: must differ from date',
  ]);
});

test('exception ids default to {date}:{sorted rounds}:{sorted services}', () => {
  expect(exceptionKey({ date: '2026-12-25', rounds: ['REF-FRI', 'FOOD-FRI'], services: [] })).toBe('2026-12-25:FOOD-FRI,REF-FRI:');
  expect(exceptionKey({ date: '2026-12-25', rounds: [], services: ['refuse'] })).toBe('2026-12-25::refuse');
  expect(exceptionKey({ id: 'xmas', date: '2026-12-25', rounds: [], services: [] })).toBe('xmas');
});

test('customers and contracts are validated too', () => {
  const b = fresh();
  b.customers = [{ id: 'C1', name: 'The Crown', address: '1 Market Place', sic: '5630', employees: 12, email: 'not-an-email' }];
  b.contracts = [{
    reference: 'TS-001', customer: 'C1', uprn: '100090000010', start: '2026-04-01', end: '2026-03-31', status: 'active',
    lines: [{ service: 'refuse', round: 'COM-WED', container: '1100L bin', quantity: 0, ewcCode: '200301', pricePerLiftPence: 1450 }],
  }];
  expect(parseBundle(b).errors).toEqual([
    'customers[0].sic: must be a five-digit SIC 2007 code',
    'customers[0].email: must be an email address',
    'contracts[0].lines[0].quantity: Too small: expected number to be >=1',
    'contracts[0].lines[0].ewcCode: must be an EWC code such as "20 03 01"',
    'contracts[0].end: must not be before start',
  ]);
});

describe('requests settings', () => {
  const base = () => ({ council: { slug: 'r', name: 'R' } });
  test('the top-level requests object belongs to the council, checked by the same schema', () => {
    const r = parseBundle({ ...base(), requests: { containers: [{ id: 'bin', service: 'refuse', name: 'Bin', pricePence: 0, reasons: ['damaged'] }] } });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.bundle.council.requests?.containers?.[0].maxQuantity).toBe(1);
  });
  test('bad settings are named by their path', () => {
    const r = parseBundle({ ...base(), requests: { garden: { service: 'garden', round: 'G', pricePencePerBin: 55.5, maxBins: 3, year: { startsOn: '02-29' } } } });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(expect.arrayContaining([
      'council.requests.garden.pricePencePerBin: must be whole pence',
      'council.requests.garden.year.startsOn: must be a real day of every year',
    ]));
  });
});
