/**
 * Who actually sends outbox messages: GOV.UK Notify when `NOTIFY_API_KEY` is set, else SMTP when
 * `SMTP_URL` is set, else the log. One small interface (`Sender`, types.ts); the outbox
 * (services/outbox.ts) owns retries.
 */
import type { Config } from '../../config.ts';
import { logSender } from './log.ts';
import { notifySender } from './notify.ts';
import { smtpSender } from './smtp.ts';
import type { Sender } from './types.ts';

export type { OutgoingMessage, Sender } from './types.ts';
export { logSender } from './log.ts';
export { smtpSender } from './smtp.ts';
export { notifySender, notifyToken, parseNotifyKey } from './notify.ts';

export function senderFor(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'notifyApiKey' | 'notifyTemplateId' | 'notifyUrl' | 'mailTimeoutMs'>): Sender {
  if (config.notifyApiKey) {
    return notifySender({ apiKey: config.notifyApiKey, templateId: config.notifyTemplateId ?? '', baseUrl: config.notifyUrl, timeoutMs: config.mailTimeoutMs });
  }
  if (config.smtpUrl) return smtpSender(config.smtpUrl, config.mailFrom, config.mailTimeoutMs);
  return logSender();
}
