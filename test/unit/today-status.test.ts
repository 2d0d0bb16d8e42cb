import { describe, expect, test } from 'bun:test';
import { todayStatus, type TodayFacts } from '../../server/domain/today-status.ts';
import { LruCache } from '../../server/services/lookup/cache.ts';

const base: TodayFacts = { collectsToday: true, runStatuses: [], roundActive: false, nextAfterToday: '2026-09-14' };
const at = new Date('2026-09-07T08:42:00Z');

describe('todayStatus', () => {
  test('no collection today and no not-completed run: no status', () => {
    expect(todayStatus({ ...base, collectsToday: false })).toBeUndefined();
    expect(todayStatus({ ...base, collectsToday: false, runStatuses: ['completed'] })).toBeUndefined();
  });
  test('not_started, then in_progress from the run or from any stop on the round', () => {
    expect(todayStatus(base)).toEqual({ status: 'not_started' });
    expect(todayStatus({ ...base, runStatuses: ['in_progress'] })).toEqual({ status: 'in_progress' });
    expect(todayStatus({ ...base, roundActive: true })).toEqual({ status: 'in_progress' });
  });
  test('this stop recorded wins over everything, with its outcome and time', () => {
    const event = { outcome: 'not_presented', recordedAt: at };
    expect(todayStatus({ ...base, event, runStatuses: ['completed'] })).toEqual({ status: 'recorded', outcome: 'not_presented', recordedAt: '2026-09-07T08:42:00.000Z' });
    expect(todayStatus({ ...base, collectsToday: false, event, runStatuses: ['not_completed'] })?.status).toBe('recorded');
  });
  test('round_completed over not_completed over in_progress', () => {
    expect(todayStatus({ ...base, runStatuses: ['completed', 'not_completed'], roundActive: true })).toEqual({ status: 'round_completed' });
    expect(todayStatus({ ...base, runStatuses: ['not_completed'], roundActive: true })).toEqual({ status: 'not_completed', catchUpDate: '2026-09-14' });
  });
  test('not_completed shows though the catch-up moved the collection off today', () => {
    expect(todayStatus({ ...base, collectsToday: false, runStatuses: ['not_completed'], nextAfterToday: '2026-09-08' }))
      .toEqual({ status: 'not_completed', catchUpDate: '2026-09-08' });
    expect(todayStatus({ ...base, runStatuses: ['not_completed'], nextAfterToday: undefined })).toEqual({ status: 'not_completed' });
  });
});

describe('LruCache', () => {
  test('keeps at most its capacity, forgetting the least recently used', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });
});
