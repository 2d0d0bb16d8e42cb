/** Webhook delivery as a scheduled job (runner.ts): one instance per slot, batches until the due rows are sent. */
import type { ServiceContext } from '../../context.ts';
import { deliverWebhooks } from '../webhooks/deliver.ts';
import type { WebhookTransport } from '../webhooks/transport.ts';
import type { Job } from './runner.ts';

const BATCH = 50;

export function webhookJob(ctx: ServiceContext, transport: WebhookTransport, options: { allowPrivate: boolean; everyMs?: number }): Job {
  const everyMs = options.everyMs ?? 5000;
  return {
    name: 'webhook-delivery',
    everyMs,
    async run() {
      const until = Date.now() + everyMs;
      for (;;) {
        const r = await deliverWebhooks(ctx, transport, { allowPrivate: options.allowPrivate, batch: BATCH });
        if (r.delivered + r.failed + r.givenUp < BATCH || Date.now() > until) return;
      }
    },
  };
}
