import { expect, test } from 'bun:test';
import { normalisePostcode, outwardCode } from '../../server/domain/postcode.ts';

test('normalises case and spacing to "OUTWARD INWARD"', () => {
  expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
  expect(normalisePostcode('  de1   1aa ')).toBe('DE1 1AA');
  expect(normalisePostcode('De221Ab')).toBe('DE22 1AB');
  expect(normalisePostcode('m1 1ae')).toBe('M1 1AE');
});

test('accepts every BS 7666 shape and GIR 0AA', () => {
  for (const [input, out] of [
    ['M1 1AE', 'M1 1AE'], // A9 9AA
    ['B33 8TH', 'B33 8TH'], // A99 9AA
    ['W1A 0AX', 'W1A 0AX'], // A9A 9AA
    ['CR2 6XH', 'CR2 6XH'], // AA9 9AA
    ['DN55 1PT', 'DN55 1PT'], // AA99 9AA
    ['EC1A 1BB', 'EC1A 1BB'], // AA9A 9AA
    ['gir0aa', 'GIR 0AA'],
  ]) expect(normalisePostcode(input)).toBe(out);
});

test('refuses malformed postcodes and letters Royal Mail never uses in that position', () => {
  for (const bad of [
    '', '   ', 'DE1', 'DE1 1A', 'DE1 1AAA', '1DE 1AA', 'DE1 AAA', 'DEE1 1AA', 'DE123 1AA',
    'QE1 1AA', // Q never first
    'AI1 1AA', // I never second
    'W1I 1AA', // I not allowed third in A9A
    'EC1C 1AA', // C not allowed fourth in AA9A
    'DE1 1AC', 'DE1 1CA', 'DE1 1AK', // C, I, K, M, O, V never in the inward letters
    'GIR 1AA', 'DE1-1AA', 'DE1 1ÄA',
  ]) expect(normalisePostcode(bad)).toBeNull();
  expect(normalisePostcode(undefined)).toBeNull();
  expect(normalisePostcode(12345 as unknown)).toBeNull();
});

test('outwardCode gives the part before the space', () => {
  expect(outwardCode('DE22 1AB')).toBe('DE22');
});
