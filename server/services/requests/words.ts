/** Catalogue keys naming each kind and status of request, for emails and resident pages. */
import type { RequestKind, RequestStatus } from '../../../db/schema/requests.ts';
import type { MessageKey } from '../../../web/i18n/index.ts';

export const KIND_KEY: Record<RequestKind, MessageKey> = {
  garden_subscription: 'pay.kind.garden_subscription',
  bulky_booking: 'pay.kind.bulky_booking',
  container_request: 'pay.kind.container_request',
};

export const STATUS_KEY: Record<RequestStatus, MessageKey> = {
  pending_payment: 'pay.status.pending_payment',
  active: 'pay.status.active',
  confirmed: 'pay.status.confirmed',
  cancelled: 'pay.status.cancelled',
  expired: 'pay.status.expired',
  completed: 'pay.status.completed',
};
