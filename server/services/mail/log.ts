import type { Sender } from './types.ts';

/** Writes messages to the log instead of sending them: a demo or a council without mail set up still works. */
export function logSender(log: (line: string) => void = console.log): Sender {
  return {
    async send(m) {
      log(`[mail] to=${m.to} subject=${JSON.stringify(m.subject)}`);
    },
  };
}
