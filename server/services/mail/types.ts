/** What every sending provider receives, and the one method it has. */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * Extra mail headers (List-Unsubscribe, List-Unsubscribe-Post on alert emails). Providers that
   * cannot set raw headers carry their meaning their own way (GOV.UK Notify: see notify.ts).
   */
  headers?: Record<string, string>;
  /** Our outbox id, passed to providers that keep a reference (Notify's `reference`). */
  reference?: string;
}

/**
 * A provider. `send` resolves once the provider has accepted the message and throws otherwise
 * (the outbox keeps the row and retries it later). Every provider bounds its own time: a hung
 * provider must fail well inside the outbox lease, or a second deliverer could send it again.
 */
export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
}

/** Upper bound for one send; far below the outbox's 300 s lease. */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;
