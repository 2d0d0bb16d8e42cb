/**
 * Residents' alerts as a scheduled job (one instance per 1-minute slot): the evening reminders that
 * are due, change alerts, and expired link tokens cleared. Each step is safe to repeat (unique
 * sent-records), so a slot run twice, a restart or a second instance never sends anything twice.
 */
import { lt } from 'drizzle-orm';
import { alertTokens } from '../../../db/schema/index.ts';
import { realNow } from '../../clock.ts';
import type { ServiceContext } from '../../context.ts';
import { queueAllChangeAlerts } from '../alerts/change-alerts.ts';
import { queueAllReminders } from '../alerts/reminders.ts';
import type { Job } from './runner.ts';

export async function runAlerts(ctx: ServiceContext, options: { mailto?: string } = {}) {
  const reminders = await queueAllReminders(ctx, options);
  const changes = await queueAllChangeAlerts(ctx, options);
  // Token lifetimes are real time (tokens.ts).
  await ctx.db.delete(alertTokens).where(lt(alertTokens.expiresAt, realNow()));
  return { reminders: reminders.reduce((n, r) => n + r.queued, 0), changes };
}

export function alertsJob(ctx: ServiceContext, options: { mailto?: string; everyMs?: number } = {}): Job {
  return { name: 'alerts', everyMs: options.everyMs ?? 60_000, run: () => runAlerts(ctx, options) };
}
