/**
 * Webhook events for resident requests (DESIGN.md "Notifications", docs/webhooks.md):
 * `request.created` once a request exists for good (its payment was created with the provider, or
 * a free request was made), `request.updated` on every status change after that (paid, cancelled,
 * expired, completed: delivered or collected). Callers pass the transaction of the change
 * (`{ ...ctx, db: tx }`), so a rolled-back change announces nothing.
 *
 * No personal data: no name, email, phone or free-text note (a crew's delivery note may name
 * someone). UPRNs are strings, like every other event.
 */
import type { ServiceContext } from '../../context.ts';
import { emitEvent } from '../webhooks/emit.ts';

export interface AnnouncedRequest {
  councilId: number;
  reference: string;
  kind: string;
  uprn: number;
  status: string;
  amountPence: number;
  channel?: string | null;
  createdAt?: Date | null;
}

export async function requestCreated(ctx: ServiceContext, r: AnnouncedRequest): Promise<void> {
  await emitEvent(ctx, {
    councilId: r.councilId,
    type: 'request.created',
    data: {
      reference: r.reference, kind: r.kind, uprn: String(r.uprn), status: r.status, amountPence: r.amountPence,
      channel: r.channel ?? null, createdAt: (r.createdAt ?? ctx.clock.now()).toISOString(),
    },
  });
}

/** `extra`: what the change carries (`refundPence` on a cancel, `event: 'delivered' | 'collected'`). */
export async function requestUpdated(ctx: ServiceContext, r: AnnouncedRequest, previousStatus: string, extra: Record<string, unknown> = {}): Promise<void> {
  if (previousStatus === r.status) return;
  await emitEvent(ctx, {
    councilId: r.councilId,
    type: 'request.updated',
    data: {
      reference: r.reference, kind: r.kind, uprn: String(r.uprn), status: r.status, previousStatus,
      updatedAt: ctx.clock.now().toISOString(), ...extra,
    },
  });
}
