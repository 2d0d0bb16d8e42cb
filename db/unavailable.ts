/**
 * Is this error "the database cannot be reached" (rather than a bug or a bad query)? Such errors
 * become 503 `unavailable`, never 500. Drizzle wraps driver errors (`cause`), so the chain is walked.
 */

/** Node/Bun socket errors seen when the server is down, restarting or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED',
]);

/** postgres.js's own codes for a connection that failed, closed or timed out. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03
 * cannot connect now (starting up or in recovery), 53300 too many connections, 57014 statement
 * timeout (our bound on a wait), 25006 read-only transaction (a replica promoted/failed over).
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25006']);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: any = err, depth = 0; e && depth < 6; e = e.cause, depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    // PGlite after close(); Bun's socket layer sometimes gives only a message.
    if (/PGlite is closed|Connection (refused|closed|terminated)|socket connection was closed unexpectedly/i.test(message)) return true;
  }
  return false;
}
