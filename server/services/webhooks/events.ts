/** The event names a webhook endpoint can ask for (DESIGN.md "Notifications"; data shapes in docs/webhooks.md). */
export const WEBHOOK_EVENTS = [
  'report.created',
  'report.updated',
  'collection.changed',
  'round.completed',
  'request.created',
  'request.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const isWebhookEvent = (v: string): v is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(v);
