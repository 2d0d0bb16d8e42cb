import { expect, test } from 'bun:test';
import { assignmentsInFocus, describeServiceFrequency, mergeWindows, subscriptionOn } from '../../server/domain/frequency.ts';

const periods = new Map([
  ['REF-TUE', [{ from: '2026-01-01', to: null, anchor: '2026-01-06', everyWeeks: 2 }]],
  ['FOOD-THU', [{ from: '2026-01-01', to: null, anchor: '2026-01-08', everyWeeks: 1 }]],
  ['GDN', [
    { from: '2026-03-01', to: '2026-11-30', anchor: '2026-03-05', everyWeeks: 2 },
    { from: '2026-12-01', to: null, anchor: '2026-12-03', everyWeeks: 4 },
  ]],
]);

test('frequency words for weekly, fortnightly and four-weekly rounds', () => {
  expect(describeServiceFrequency([{ round: 'REF-TUE', from: '2026-01-01', to: null }], periods, '2026-09-01')).toBe('Every other Tuesday');
  expect(describeServiceFrequency([{ round: 'FOOD-THU', from: '2026-01-01', to: null }], periods, '2026-09-01')).toBe('Every Thursday');
  expect(describeServiceFrequency([{ round: 'GDN', from: '2026-01-01', to: null }], periods, '2026-12-10')).toBe('Every fourth Thursday');
});

test('two rounds of one service at once are both named', () => {
  const both = [{ round: 'REF-TUE', from: '2026-01-01', to: null }, { round: 'FOOD-THU', from: '2026-01-01', to: null }];
  expect(describeServiceFrequency(both, periods, '2026-09-01')).toBe('Every other Tuesday and every Thursday');
});

test('an ended assignment reads as it last ran; a future one as it will run', () => {
  const ended = [{ round: 'GDN', from: '2026-04-01', to: '2026-10-31' }];
  expect(describeServiceFrequency(ended, periods, '2027-02-01')).toBe('Every other Thursday');
  const future = [{ round: 'GDN', from: '2026-12-15', to: null }];
  expect(describeServiceFrequency(future, periods, '2026-06-01')).toBe('Every fourth Thursday');
  expect(describeServiceFrequency([{ round: 'MISSING', from: '2026-01-01', to: null }], periods, '2026-06-01')).toBeNull();
});

test('a move between rounds on consecutive days is one window', () => {
  expect(mergeWindows([
    { from: '2026-06-01', to: null },
    { from: '2026-01-01', to: '2026-05-31' },
  ])).toEqual([{ from: '2026-01-01', to: null }]);
  expect(mergeWindows([
    { from: '2026-01-01', to: '2026-03-31' },
    { from: '2026-05-01', to: '2026-06-30' },
  ])).toHaveLength(2);
});

test('subscription: none for an open-ended service in force, else the window that matters today', () => {
  const windows = [{ from: '2026-04-01', to: '2027-03-31' }];
  expect(subscriptionOn([{ from: '2026-01-01', to: null }], '2026-09-01')).toBeUndefined();
  expect(subscriptionOn(windows, '2026-09-01')).toEqual({ active: true, from: '2026-04-01', to: '2027-03-31' });
  expect(subscriptionOn(windows, '2027-03-31')).toEqual({ active: true, from: '2026-04-01', to: '2027-03-31' });
  expect(subscriptionOn(windows, '2027-04-01')).toEqual({ active: false, from: '2026-04-01', to: '2027-03-31' });
  expect(subscriptionOn(windows, '2026-03-31')).toEqual({ active: false, from: '2026-04-01', to: '2027-03-31' });
  // Renewed: between two seasons the next one is named.
  const renewed = [...windows, { from: '2027-05-01', to: '2028-03-31' }];
  expect(subscriptionOn(renewed, '2027-04-15')).toEqual({ active: false, from: '2027-05-01', to: '2028-03-31' });
  // A service starting later with no end is still worth saying.
  expect(subscriptionOn([{ from: '2026-10-01', to: null }], '2026-09-01')).toEqual({ active: false, from: '2026-10-01', to: null });
  expect(subscriptionOn([], '2026-09-01')).toBeUndefined();
});

test('assignments in focus: current, else next to start, else last ended', () => {
  const list = [
    { round: 'A', from: '2026-01-01', to: '2026-03-31' },
    { round: 'B', from: '2026-06-01', to: null },
  ];
  expect(assignmentsInFocus(list, '2026-02-01').map((a) => a.round)).toEqual(['A']);
  expect(assignmentsInFocus(list, '2026-05-01').map((a) => a.round)).toEqual(['B']);
  expect(assignmentsInFocus([list[0]], '2026-05-01').map((a) => a.round)).toEqual(['A']);
});
