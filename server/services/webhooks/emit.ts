/**
 * Queues an event for every enabled endpoint of the council that asked for it. Call it with the
 * transaction of the change it announces (`{ ...ctx, db: tx }`): the delivery rows commit or roll
 * back with the change, so no event is announced for a change that did not happen, and none is lost
 * for one that did. Sending happens later, in the delivery job (deliver.ts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import type { WebhookEvent } from './events.ts';

export interface EventInput {
  councilId: number;
  type: WebhookEvent;
  data: Record<string, unknown>;
}

/** Returns how many deliveries were queued. */
export async function emitEvent(ctx: ServiceContext, event: EventInput): Promise<number> {
  const endpoints = await ctx.db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.councilId, event.councilId), isNull(webhookEndpoints.disabledAt)));
  const targets = endpoints.filter((e) => e.events.includes(event.type));
  if (targets.length === 0) return 0;
  // `timestamp` is when the change happened in the service's time (KERBSIDE_NOW when fixed); the
  // queue's own times are real time, which retry backoff runs on.
  const body = JSON.stringify({ type: event.type, timestamp: ctx.clock.now().toISOString(), data: event.data });
  const real = new Date();
  await ctx.db.insert(webhookDeliveries).values(
    targets.map((t) => ({
      id: `msg_${crypto.randomUUID().replace(/-/g, '')}`,
      councilId: event.councilId,
      endpointId: t.id,
      eventType: event.type,
      body,
      createdAt: real,
      nextAttemptAt: real,
    })),
  );
  return targets.length;
}
