/** Any SMTP server, through nodemailer (`SMTP_URL`, `MAIL_FROM`). */
import nodemailer from 'nodemailer';
import { DEFAULT_SEND_TIMEOUT_MS, type Sender } from './types.ts';

export function smtpSender(url: string, from: string, timeoutMs = DEFAULT_SEND_TIMEOUT_MS): Sender {
  // Connection, greeting and idle-socket limits: a silent server fails the send (and the outbox retries).
  const transport = nodemailer.createTransport(url, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as any);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, headers: m.headers });
    },
  };
}
