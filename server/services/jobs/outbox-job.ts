/** Outbox delivery as a scheduled job: one instance per 5 s slot, in batches until the due rows are sent. */
import type { ServiceContext } from '../../context.ts';
import type { Sender } from '../mailer.ts';
import { deliverOutbox } from '../outbox.ts';
import type { Job } from './runner.ts';

const BATCH = 50;

export function outboxJob(ctx: ServiceContext, sender: Sender, options: { publicUrl?: string; everyMs?: number } = {}): Job {
  const everyMs = options.everyMs ?? 5000;
  return {
    name: 'outbox-delivery',
    everyMs,
    async run() {
      // Keep going while batches come back full, within the slot (rows are leased, so a slower
      // instance or the next slot never sends one twice).
      const until = Date.now() + everyMs;
      for (;;) {
        const r = await deliverOutbox(ctx, sender, { publicUrl: options.publicUrl, batch: BATCH });
        if (r.sent + r.failed < BATCH || Date.now() > until) return;
      }
    },
  };
}
