/**
 * Shared set-up for the request lifecycle tests: Testshire and Otherton (reports-setup.ts), a tiny
 * test kind registered through `registerKind` (so the lifecycle is tested without the real kinds:
 * it keeps what it is told in `kindLog`), and helpers to make and pay requests.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Tx } from '../../db/client.ts';
import { councils } from '../../db/schema/index.ts';
import { registerKind, type RequestRow } from '../../server/services/requests/kinds.ts';
import { insertRequest, submitRequest } from '../../server/services/requests/lifecycle.ts';
import type { ServiceContext } from '../../server/context.ts';
import { eq } from 'drizzle-orm';

export const kindLog: Array<{ hook: string; reference: string }> = [];

/** Test kind on `container_request` (prefix BR): refunds everything on cancel unless told not to. */
export const testKind = { refuseCancel: false };
/**
 * One `bun test` run shares the kind registry (and this module) across files, and the real
 * containers kind registers under the same name: every test puts the stand-in back (resetRequests).
 */
export const useTestKind = () => registerKind(testKindHooks);
const testKindHooks: Parameters<typeof registerKind>[0] = {
  kind: 'container_request',
  prefix: 'BR',
  paidStatus: 'active',
  async activate(_tx: Tx, _ctx: ServiceContext, r: RequestRow) {
    kindLog.push({ hook: 'activate', reference: r.reference });
  },
  async expire(_tx, _ctx, r) {
    kindLog.push({ hook: 'expire', reference: r.reference });
  },
  async cancel(_tx, _ctx, r) {
    if (testKind.refuseCancel) {
      const { DomainError } = await import('../../server/errors.ts');
      throw new DomainError('past_cutoff', 'Too late to cancel.', 422);
    }
    kindLog.push({ hook: 'cancel', reference: r.reference });
    return { refundPence: r.paidPence };
  },
  async describe(_tx, _ctx, r) {
    return [`Test container × 1 (${r.language})`];
  },
  officerActions: (r) => [{ label: 'Mark test delivered', path: `/officer/requests/${r.reference}/test-action` }],
};
useTestKind();

export async function councilId(database: Database, slug = 'testshire'): Promise<number> {
  const [c] = await database.db.select({ id: councils.id }).from(councils).where(eq(councils.slug, slug));
  return c.id;
}

/** Makes a test-kind request the way a kind would. */
export async function makeRequest(ctx: ServiceContext, over: { councilId: number; amountPence?: number; uprn?: number; email?: string; language?: string }, opts: { returnPath?: string } = {}) {
  return submitRequest(ctx, (tx) => insertRequest(tx, ctx, {
    councilId: over.councilId, kind: 'container_request', uprn: over.uprn ?? 100090000001, amountPence: over.amountPence ?? 2500,
    name: 'Ada Resident', email: over.email ?? 'ada@example.org', language: over.language ?? 'en', channel: 'api',
  }), opts);
}

export async function resetRequests(database: Database) {
  useTestKind();
  kindLog.length = 0;
  testKind.refuseCancel = false;
  await database.db.execute(sql.raw(
    'truncate resident_requests, request_history, payments, sandbox_payments, reference_counters, outbox, sessions, users, audit_log, rate_limits, idempotency_keys, job_runs restart identity cascade',
  ));
}
