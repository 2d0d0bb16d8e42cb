import { expect, test } from 'bun:test';
import fc from 'fast-check';
import { parseUprn } from '../../server/domain/uprn.ts';

test('accepts 1–12 digits with a value of at least 1', () => {
  expect(parseUprn('1')).toBe(1);
  expect(parseUprn('100023336956')).toBe(100023336956);
  expect(parseUprn('999999999999')).toBe(999999999999);
  expect(parseUprn(' 10001 ')).toBe(10001);
  expect(parseUprn(100023336956)).toBe(100023336956);
});

test('accepts zero-padded UPRNs up to 12 characters and returns their value', () => {
  expect(parseUprn('000012345678')).toBe(12345678);
  expect(parseUprn('0001')).toBe(1);
});

test('refuses zero, signs, decimals, letters and more than 12 digits', () => {
  for (const bad of ['', '0', '000000000000', '-1', '+1', '1.5', '1e5', '12ab', '1000233369561', '0000000000001', '١٢٣']) {
    expect(parseUprn(bad)).toBeNull();
  }
  for (const bad of [0, -5, 1.5, 1e12, Number.NaN, Infinity]) expect(parseUprn(bad)).toBeNull();
  expect(parseUprn(null)).toBeNull();
  expect(parseUprn(undefined)).toBeNull();
});

test('every value 1..999999999999 round-trips through its text', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (n) => parseUprn(String(n)) === n && parseUprn(n) === n),
  );
});
