/**
 * GOV.UK Notify (`NOTIFY_API_KEY`, `NOTIFY_TEMPLATE_ID`, `NOTIFY_URL`): `POST /v2/notifications/email`
 * with a JWT bearer token (HS256 over `{ iss: service id, iat }`, keyed with the key's secret part).
 * Notify sends from templates, so the service has one email template whose subject is `((subject))`
 * and body `((body))`; we pass both as personalisation. Notify sets no raw headers for us: the
 * unsubscribe link goes as `one_click_unsubscribe_url`, from which Notify itself adds
 * List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).
 */
import { createHmac } from 'node:crypto';
import { DEFAULT_SEND_TIMEOUT_MS, type Sender } from './types.ts';

export interface NotifyKey {
  serviceId: string;
  secret: string;
}

/** A Notify key is `{key name}-{service id}-{secret}`; the last two are UUIDs (36 characters each). */
export function parseNotifyKey(apiKey: string): NotifyKey {
  const key = apiKey.trim();
  if (key.length < 74) throw new Error('NOTIFY_API_KEY is not a GOV.UK Notify API key');
  return { serviceId: key.slice(-73, -37), secret: key.slice(-36) };
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The token Notify asks for; `iat` is real time (Notify refuses tokens more than 30 s off its clock). */
export function notifyToken(key: NotifyKey, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const claims = b64url(JSON.stringify({ iss: key.serviceId, iat: nowSeconds }));
  const signature = createHmac('sha256', key.secret).update(`${head}.${claims}`).digest('base64url');
  return `${head}.${claims}.${signature}`;
}

/** The URL inside a `List-Unsubscribe: <https://…>, <mailto:…>` header: the https one. */
export function httpsUnsubscribe(headers: Record<string, string> | undefined): string | undefined {
  const value = headers?.['List-Unsubscribe'];
  return value?.match(/<(https?:\/\/[^>]+)>/)?.[1];
}

export function notifySender(options: { apiKey: string; templateId: string; baseUrl: string; timeoutMs?: number }): Sender {
  const key = parseNotifyKey(options.apiKey);
  const endpoint = `${options.baseUrl.replace(/\/$/, '')}/v2/notifications/email`;
  return {
    async send(m) {
      const unsubscribe = httpsUnsubscribe(m.headers);
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${notifyToken(key)}` },
        body: JSON.stringify({
          email_address: m.to,
          template_id: options.templateId,
          personalisation: { subject: m.subject, body: m.text },
          ...(m.reference ? { reference: m.reference } : {}),
          ...(unsubscribe ? { one_click_unsubscribe_url: unsubscribe } : {}),
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS),
      });
      if (res.status !== 201 && res.status !== 200) {
        const detail = (await res.text().catch(() => '')).slice(0, 300);
        throw new Error(`GOV.UK Notify answered ${res.status}: ${detail}`);
      }
    },
  };
}
