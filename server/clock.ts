/** The injected clock: every time-dependent rule reads `now()` from here, never `new Date()`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (KERBSIDE_NOW, tests). */
export function fixedClock(iso: string | Date): Clock {
  const t = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(t.getTime())) throw new Error(`invalid instant: ${iso}`);
  return { now: () => new Date(t.getTime()) };
}

/** A clock tests can move. */
export function manualClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (next) => (t = new Date(next).getTime()),
    advance: (ms) => (t += ms),
  };
}

/**
 * Real elapsed time, for operational timing that must run even when the service clock is fixed
 * (DESIGN "Clock"): token lifetimes, resend windows, retry backoff. Rule time stays on `Clock`.
 */
export const realNow = (): Date => new Date();
