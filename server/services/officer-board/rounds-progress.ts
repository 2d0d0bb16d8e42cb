/**
 * Today's rounds with live progress for the officer (GET /api/v1/rounds?date= and the Today board):
 * a stop is done once any outcome is recorded for it; notCollected counts stops whose latest outcome
 * is not `collected`; a round with outcomes but no run is in progress. A run another engineer marks
 * `not_completed` (the rest moved to a catch-up day) is reported as in progress with notCompleted.
 */
import type { ServiceContext } from '../../context.ts';
import type { LocalDate } from '../../domain/dates.ts';
import { DomainError, forbidden } from '../../errors.ts';
import { roundSheet, roundsOn } from '../crew-rounds.ts';

export interface RoundProgress {
  id: string;
  name: string;
  service: string;
  stops: number;
  done: number;
  status: 'not_started' | 'in_progress' | 'completed';
  lastEventAt: string | null;
  notCollected: number;
  notCompleted?: true;
}

export function officerCouncil(ctx: ServiceContext): number {
  if (!ctx.user) throw new DomainError('unauthorized', 'Sign in to continue.', 401);
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  if (ctx.councilId === undefined) throw forbidden('Choose a council.');
  return ctx.councilId;
}

export async function roundsProgress(ctx: ServiceContext, date?: LocalDate): Promise<{ date: LocalDate; rounds: RoundProgress[] }> {
  officerCouncil(ctx);
  const day = await roundsOn(ctx, date);
  const rounds: RoundProgress[] = [];
  for (const r of day.rounds) {
    const sheet = await roundSheet(ctx, r.id, day.date);
    let done = 0;
    let notCollected = 0;
    let last: string | null = null;
    for (const stop of sheet.stops) {
      const own = stop.outcomes.filter((o) => o.service === r.service.id);
      if (!own.length) continue;
      done++;
      // Outcomes come oldest first; the latest decides whether the bin was collected.
      const latest = own.reduce((a, b) => (b.recordedAt >= a.recordedAt ? b : a));
      if (latest.outcome !== 'collected') notCollected++;
      if (last === null || latest.recordedAt > last) last = latest.recordedAt;
    }
    const run = sheet.run.status as string;
    const status: RoundProgress['status'] =
      run === 'completed' ? 'completed' : run === 'in_progress' || run === 'not_completed' || done > 0 ? 'in_progress' : 'not_started';
    rounds.push({
      id: r.id, name: r.name, service: r.service.id, stops: sheet.stops.length, done, status, lastEventAt: last, notCollected,
      ...(run === 'not_completed' ? { notCompleted: true as const } : {}),
    });
  }
  return { date: day.date, rounds };
}
