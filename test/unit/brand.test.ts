import { expect, test } from 'bun:test';
import { brandStylesheet, contrastWithWhite, darken } from '../../server/domain/brand.ts';

test('contrast with white follows WCAG: black 21:1, white 1:1, GOV.UK blue above 4.5:1', () => {
  expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
  expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
  expect(contrastWithWhite('#1d70b8')).toBeGreaterThan(4.5);
  expect(contrastWithWhite('#ffdd00')).toBeLessThan(4.5);
});

test('a dark enough colour becomes the brand variables; a light or malformed one changes nothing', () => {
  expect(brandStylesheet('#00594F')).toBe(`:root{--kb-brand:#00594f;--kb-brand-dark:${darken('#00594f', 0.3)}}\n`);
  expect(brandStylesheet('#ffdd00')).toBe('');
  expect(brandStylesheet('red')).toBe('');
  expect(brandStylesheet('#00594f;}body{display:none')).toBe('');
  expect(brandStylesheet(null)).toBe('');
});

test('darken scales each channel', () => {
  expect(darken('#ffffff', 0.5)).toBe('#808080');
  expect(darken('#00594f', 0)).toBe('#00594f');
});
