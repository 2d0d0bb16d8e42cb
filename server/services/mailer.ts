/**
 * Who actually sends outbox messages. By default messages are logged (a demo or a council without
 * mail set up still works); with `SMTP_URL` they go out through nodemailer.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Sender {
  send(message: OutgoingMessage): Promise<void>;
}

/** Writes messages to the log instead of sending them. */
export function logSender(log: (line: string) => void = console.log): Sender {
  return {
    async send(m) {
      log(`[mail] to=${m.to} subject=${JSON.stringify(m.subject)}`);
    },
  };
}

export function smtpSender(url: string, from: string): Sender {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

export const senderFor = (config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Sender =>
  config.smtpUrl ? smtpSender(config.smtpUrl, config.mailFrom) : logSender();
