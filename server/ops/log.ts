/**
 * Structured logs: one JSON object per line on stdout (errors on stderr), each carrying the
 * request id when there is one. `KERBSIDE_LOG=off` silences info lines (tests default to off);
 * errors are always written.
 */
import type { Context } from 'hono';

export type LogLevel = 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

/** Read once: tests run with NODE_ENV=test (bun sets it), where info lines are off by default. */
const defaultLevel = () => process.env.KERBSIDE_LOG ?? (process.env.NODE_ENV === 'test' ? 'off' : 'info');
let infoOn = defaultLevel() !== 'off';

/** Turns info lines on or off (the server sets it from config). */
export function setLogLevel(level: 'off' | 'info') {
  infoOn = level !== 'off';
}

export function log(level: LogLevel, msg: string, fields: Fields = {}) {
  if (level === 'info' && !infoOn) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

/** An error, with the request id and route of the request it happened in. */
export function logError(c: Context | undefined, err: unknown, msg = 'request failed') {
  const e = err as any;
  log('error', msg, {
    requestId: c?.get('requestId' as never),
    method: c?.req.method,
    path: c?.req.path,
    error: e instanceof Error ? e.message : String(err),
    code: typeof e?.code === 'string' ? e.code : undefined,
    stack: e instanceof Error ? e.stack?.split('\n').slice(1, 6).join('\n') : undefined,
  });
}
