/**
 * What each kind of request tells the shared lifecycle (server/services/requests/lifecycle.ts).
 * The lifecycle owns references, holds, payments, history, emails and expiry; a kind owns its own
 * table and what paying, expiring and cancelling mean for it. Each kind registers itself once at
 * import time (`registerKind`), from its own folder: server/services/requests/garden/,
 * bulky/, containers/.
 */
import type { Tx } from '../../../db/client.ts';
import type { RequestKind } from '../../../db/schema/requests.ts';
import type { ServiceContext } from '../../context.ts';

export interface RequestRow {
  id: number;
  reference: string;
  councilId: number;
  kind: RequestKind;
  uprn: number;
  status: string;
  amountPence: number;
  paidPence: number;
  language: string;
}

export interface KindHooks {
  kind: RequestKind;
  /** Reference prefix: GW, BW or BR. */
  prefix: string;
  /** Status a paid request takes: `active` (garden, containers) or `confirmed` (bulky). */
  paidStatus: 'active' | 'confirmed';
  /**
   * The payment succeeded: make it real, in the same transaction that marks the request paid
   * (garden: the assignment from the next garden collection to the end of the year; bulky: the
   * booking becomes a stop; containers: the delivery job).
   */
  activate(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<void>;
  /** The hold ran out unpaid: free what it held (a bulky place). */
  expire?(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<void>;
  /**
   * Cancelled (by the resident or an officer): undo what `activate` did and say what to refund
   * under the council's rule (0 for none). Throws a DomainError (e.g. `past_cutoff`) to refuse.
   */
  cancel(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<{ refundPence: number; /** Other requests it cancelled too (their refunds are sent after the commit). */ alsoCancelled?: number[] }>;
  /** Lines describing the request for its page and emails ("2 bins", "Sofa × 1"), in the request's language. */
  describe(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<string[]>;
  /**
   * Buttons on the officer's page for one request (e.g. "Mark bins delivered"): each is a form
   * posting to `path`, a route the kind owns (CSRF-protected like every officer form).
   */
  officerActions?(request: RequestRow): Array<{ label: string; path: string }>;
}

const kinds = new Map<RequestKind, KindHooks>();

export function registerKind(hooks: KindHooks): void {
  kinds.set(hooks.kind, hooks);
}

export function kindHooks(kind: RequestKind): KindHooks {
  const hooks = kinds.get(kind);
  if (!hooks) throw new Error(`request kind ${kind} is not registered`);
  return hooks;
}
