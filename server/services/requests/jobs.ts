/**
 * The lifecycle's scheduled jobs (server/services/jobs/runner.ts claims each slot, so two instances
 * never both run one): expiry of unpaid holds, and reconciliation of payments whose resident never
 * came back (plus refunds still owed). Both are safe to run again: every step is a conditional update.
 */
import type { ServiceContext } from '../../context.ts';
import type { Job } from '../jobs/runner.ts';
import { expireHolds, reconcilePayments } from './lifecycle.ts';

export function requestJobs(ctx: ServiceContext, options: { everyMs?: number } = {}): Job[] {
  const everyMs = options.everyMs ?? 60_000;
  return [
    { name: 'requests-expiry', everyMs, run: () => expireHolds(ctx) },
    { name: 'payments-reconcile', everyMs, run: () => reconcilePayments(ctx) },
  ];
}
