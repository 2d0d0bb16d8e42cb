/**
 * The one way webhooks leave: a POST with a timeout that never follows redirects (a 3xx is an
 * answer like any other, and counts as a failure). Tests use this same transport against a
 * local receiver; it is an interface so the delivery job does not care how bytes leave.
 */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookResponse {
  /** HTTP status, or undefined when no answer came (timeout, refused connection…). */
  status?: number;
  error?: string;
}

export interface WebhookTransport {
  post(req: WebhookRequest): Promise<WebhookResponse>;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;

export function httpTransport(options: { timeoutMs?: number } = {}): WebhookTransport {
  return {
    async post(req) {
      try {
        const res = await fetch(req.url, {
          method: 'POST',
          headers: req.headers,
          body: req.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
        });
        // Read (and discard) a little of the answer so the connection can be reused.
        await res.body?.cancel().catch(() => {});
        return { status: res.status };
      } catch (err) {
        return { error: (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 300) };
      }
    },
  };
}
