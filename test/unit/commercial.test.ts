import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { chargeWindow, formatPounds, lineCharge, monthsIn, penceToDecimal } from '../../server/domain/commercial/charges.ts';
import { contractViolations, twelveMonthsEnd } from '../../server/domain/commercial/contract-rules.ts';
import { containerLitres, estimatedKgPerLift } from '../../server/domain/commercial/ewc.ts';
import { checkSimplerRecycling, type ComplianceInput } from '../../server/domain/commercial/simpler-recycling.ts';
import { buildTransferNoteFields, transferNoteRows, WASTE_HIERARCHY_DECLARATION } from '../../server/domain/commercial/transfer-note.ts';

describe('lifts and charges', () => {
  test('the charge window is the period clipped to the contract', () => {
    expect(chargeWindow({ from: '2026-08-01', to: '2026-08-31' }, { start: '2026-08-15', end: '2027-08-14' })).toEqual({ from: '2026-08-15', to: '2026-08-31' });
    expect(chargeWindow({ from: '2026-08-01', to: '2026-08-31' }, { start: '2026-01-01', end: '2026-08-20' })).toEqual({ from: '2026-08-01', to: '2026-08-20' });
    expect(chargeWindow({ from: '2026-08-01', to: '2026-08-31' }, { start: '2026-09-01', end: '2026-12-31' })).toBeNull();
  });

  test('a line of 2 containers collected 4 times has 8 lifts; charge = lifts × price in pence', () => {
    expect(lineCharge({ service: 'trade-refuse', quantity: 2, pricePerLiftPence: 1250 }, 4, 3)).toEqual({
      service: 'trade-refuse', quantity: 2, scheduledLifts: 8, collectedLifts: 6, pricePerLiftPence: 1250, chargePence: 10000,
    });
  });

  test('charges stay whole pence for any quantities and prices', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 100_000 }), (n, q, p) => {
      const c = lineCharge({ service: 's', quantity: q, pricePerLiftPence: p }, n, 0);
      return Number.isInteger(c.chargePence) && c.chargePence === n * q * p;
    }));
  });

  test('statement months split a range at month ends, clipped at both ends', () => {
    expect(monthsIn({ from: '2026-08-15', to: '2026-10-03' })).toEqual([
      { month: '2026-08', from: '2026-08-15', to: '2026-08-31' },
      { month: '2026-09', from: '2026-09-01', to: '2026-09-30' },
      { month: '2026-10', from: '2026-10-01', to: '2026-10-03' },
    ]);
    expect(monthsIn({ from: '2026-12-20', to: '2027-01-05' }).map((m) => m.month)).toEqual(['2026-12', '2027-01']);
  });

  test('money is shown in pounds', () => {
    expect(formatPounds(123456)).toBe('£1,234.56');
    expect(penceToDecimal(5)).toBe('0.05');
    expect(penceToDecimal(10000)).toBe('100.00');
  });
});

describe('Simpler Recycling', () => {
  const base = (over: Partial<ComplianceInput> = {}): ComplianceInput => ({
    on: '2025-03-31', division: 'england-and-wales', employees: 12,
    contract: { status: 'active', start: '2025-01-01', end: '2027-12-31', paperAssessment: false },
    streams: ['residual'],
    ...over,
  });

  test('10 or more employees: nothing on 30 March 2025, findings from 31 March 2025', () => {
    const before = checkSimplerRecycling(base({ on: '2025-03-30' }));
    expect(before).toMatchObject({ compliant: true, dutySince: '2025-03-31', findings: [] });
    const on = checkSimplerRecycling(base({ on: '2025-03-31' }));
    expect(on.compliant).toBe(false);
    expect(on.dutySince).toBe('2025-03-31');
    expect(on.findings.map((f) => f.code)).toEqual(['food_missing', 'dry_recycling_missing']);
    expect(on.findings[1].message).toContain('paper and card, glass, metal and plastic');
  });

  test('micro-firms (fewer than 10): nothing on 30 March 2027, findings from 31 March 2027', () => {
    const before = checkSimplerRecycling(base({ employees: 9, on: '2027-03-30' }));
    expect(before).toMatchObject({ compliant: true, dutySince: '2027-03-31', findings: [] });
    const on = checkSimplerRecycling(base({ employees: 9, on: '2027-03-31' }));
    expect(on.compliant).toBe(false);
    expect(on.dutySince).toBe('2027-03-31');
  });

  test('food and separate paper plus glass, metal and plastic together is compliant', () => {
    expect(checkSimplerRecycling(base({ streams: ['residual', 'food', 'paper', 'dry_mixed'] }))).toMatchObject({ compliant: true, findings: [] });
    expect(checkSimplerRecycling(base({ streams: ['food', 'paper', 'glass', 'metal', 'plastic'] })).compliant).toBe(true);
  });

  test('missing materials are named', () => {
    const r = checkSimplerRecycling(base({ streams: ['food', 'paper', 'glass'] }));
    expect(r.findings).toEqual([expect.objectContaining({ code: 'dry_recycling_missing', materials: ['metal', 'plastic'] })]);
    expect(r.findings[0].message).toContain('metal and plastic');
  });

  test('paper mixed with other dry recyclables needs a written assessment', () => {
    const mixed = checkSimplerRecycling(base({ streams: ['food', 'dry_mixed_with_paper'] }));
    expect(mixed.findings.map((f) => f.code)).toEqual(['paper_not_separate']);
    const assessed = checkSimplerRecycling(base({ streams: ['food', 'dry_mixed_with_paper'], contract: { ...base().contract, paperAssessment: true } }));
    expect(assessed).toMatchObject({ compliant: true, findings: [] });
  });

  test('only active contracts on the date are checked', () => {
    expect(checkSimplerRecycling(base({ contract: { ...base().contract, status: 'suspended' } })).findings).toEqual([]);
    expect(checkSimplerRecycling(base({ on: '2028-01-01' })).findings).toEqual([]);
  });

  test('Scottish and Northern Irish councils get no findings, and are told why', () => {
    for (const division of ['scotland', 'northern-ireland']) {
      const r = checkSimplerRecycling(base({ division, on: '2027-06-01' }));
      expect(r).toMatchObject({ compliant: true, dutySince: null, findings: [] });
      expect(r.note).toContain('English duty');
    }
  });

  test('a Welsh council (nation recorded) is not held to the English rule; England recorded explicitly is', () => {
    const wales = checkSimplerRecycling(base({ nation: 'wales', on: '2027-06-01' }));
    expect(wales).toMatchObject({ compliant: true, dutySince: null, findings: [] });
    expect(wales.note).toContain('Wales');
    const england = checkSimplerRecycling(base({ nation: 'england', on: '2027-06-01' }));
    expect(england.findings.map((f) => f.code)).toContain('food_missing');
    expect(england.findings).toEqual(checkSimplerRecycling(base({ on: '2027-06-01' })).findings);
  });
});

describe('contract rules', () => {
  const draft = {
    reference: 'NEW', uprn: 1, start: '2026-01-01', end: '2026-12-31', status: 'active', siteKind: 'commercial',
    lines: [{ service: 'trade-refuse', stream: 'residual', ewcCode: '20 03 01', pricePerLiftPence: 100, quantity: 1 }],
  };
  test('a good contract has no violations', () => expect(contractViolations(draft, [])).toEqual([]));
  test('domestic sites, missing EWC codes and negative prices are refused with codes', () => {
    const codes = contractViolations({
      ...draft, siteKind: 'domestic',
      lines: [{ service: 's', stream: 'residual', ewcCode: '', pricePerLiftPence: -1, quantity: 1 }],
    }, []).map((v) => v.code);
    expect(codes).toEqual(['site_not_commercial', 'ewc_code_missing', 'negative_price']);
  });
  test('overlapping periods for the same site and stream are refused; other streams, ended contracts and adjacent periods are fine', () => {
    const other = { reference: 'OLD', start: '2025-06-01', end: '2026-01-01', status: 'active', streams: ['residual'] };
    expect(contractViolations(draft, [other]).map((v) => v.code)).toEqual(['overlapping_contract']);
    expect(contractViolations(draft, [{ ...other, streams: ['food'] }])).toEqual([]);
    expect(contractViolations(draft, [{ ...other, status: 'ended' }])).toEqual([]);
    expect(contractViolations(draft, [{ ...other, end: '2025-12-31' }])).toEqual([]);
  });
  test('a 12-month period ends the day before the anniversary', () => {
    expect(twelveMonthsEnd('2026-08-15')).toBe('2027-08-14');
    expect(twelveMonthsEnd('2026-01-01')).toBe('2026-12-31');
    expect(twelveMonthsEnd('2028-02-29')).toBe('2029-02-28');
  });
});

describe('transfer note fields', () => {
  const fields = buildTransferNoteFields({
    contract: { reference: 'CW-1' },
    period: { start: '2026-01-01', end: '2026-12-31' },
    customer: { name: 'The Corner Café Ltd', address: '1 Market Street', companyNumber: '01234567', sic: '56102' },
    council: { name: 'Tradeborough Council' },
    carrierRegistration: 'CBDU123456',
    site: { uprn: 900000000001, address: 'The Corner Café, 1 Market Street', postcode: 'TB1 1AA' },
    lines: [{ service: 'trade-food', serviceName: 'Trade food waste', ewcCode: '20 01 08', container: '140L food bin', quantity: 2, frequency: 'Every Monday' }],
    schedule: [{ date: '2026-01-12', service: 'trade-food' }, { date: '2026-01-05', service: 'trade-food' }],
  });

  test('holds every duty-of-care field', () => {
    expect(fields.transferor).toEqual({ name: 'The Corner Café Ltd', address: '1 Market Street', companyNumber: '01234567', sic: '56102', role: 'producer' });
    expect(fields.transferee.carrierRegistration).toBe('CBDU123456');
    expect(fields.waste[0]).toMatchObject({
      ewcCode: '20 01 08', description: 'Biodegradable kitchen and canteen waste (Trade food waste)', containment: '2 × 140L food bin', quantity: 2,
      estimatedKgPerLift: 70,
    });
    expect(fields.wasteHierarchyDeclaration).toBe(WASTE_HIERARCHY_DECLARATION);
    expect(fields.schedule).toEqual([{ date: '2026-01-05', services: ['trade-food'] }, { date: '2026-01-12', services: ['trade-food'] }]);
    const labels = transferNoteRows(fields).map(([l]) => l);
    for (const l of ['Period of transfer', 'Place of transfer', 'Transferor SIC 2007 code', 'Carrier registration', 'Waste: EWC code', 'Waste: containment', 'Waste hierarchy declaration']) {
      expect(labels).toContain(l);
    }
  });

  test('container sizes give estimated weights', () => {
    expect(containerLitres('1100L bin')).toBe(1100);
    expect(containerLitres('240 litre wheelie bin')).toBe(240);
    expect(containerLitres('sacks')).toBeNull();
    expect(estimatedKgPerLift('20 03 01', '1100L bin')).toBe(110);
    expect(estimatedKgPerLift('20 03 01', 'sacks')).toBeNull();
  });
});
