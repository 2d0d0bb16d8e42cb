import { expect, test } from 'bun:test';
import { csvCell, csvLine } from '../../server/domain/csv.ts';

test('cells are quoted only when they need it, quotes doubled', () => {
  expect(csvCell('plain')).toBe('plain');
  expect(csvCell('1 High St, Demo')).toBe('"1 High St, Demo"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
});

test('formula-like cells are defused for spreadsheets', () => {
  for (const v of ['=SUM(A1)', '+1', '-1', '@cmd', '\tx']) expect(csvCell(v).replace(/^"/, '')).toStartWith("'");
});

test('empty and JSON values', () => {
  expect(csvCell(null)).toBe('');
  expect(csvCell(undefined)).toBe('');
  expect(csvCell({ status: 'open' })).toBe('"{""status"":""open""}"');
  expect(csvLine(['a', null, 'b,c'])).toBe('a,,"b,c"');
});

test('numbers are data, never defused', () => {
  expect(csvCell(-1)).toBe('-1');
  expect(csvLine([3, '-2.50'])).toBe("3,'-2.50");
});
