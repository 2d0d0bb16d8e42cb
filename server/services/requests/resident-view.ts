/**
 * What the resident's page `/requests/{reference}` shows: the public view (no personal data), the
 * kind's own description lines, and what the resident can do next (pay again, wait for an invoice).
 */
import type { RequestKind } from '../../../db/schema/requests.ts';
import type { ServiceContext } from '../../context.ts';
import { getCouncil } from '../schedule.ts';
import { findRequest, viewOf, type RequestView } from './lifecycle.ts';
import { kindHooks, type RequestRow } from './kinds.ts';

export interface ResidentRequestPage {
  view: RequestView;
  kind: RequestKind;
  lines: string[];
  council: { name: string; slug: string; languages: Array<'en' | 'cy'> };
  /** The last payment failed, was declined or cancelled. */
  paymentFailed: boolean;
  /** Still pending and within its hold: a (new) payment can be made. */
  canPay: boolean;
  /** Waiting for an officer to record an invoice as paid. */
  invoice: boolean;
}

export async function residentRequestPage(ctx: ServiceContext, reference: string): Promise<ResidentRequestPage> {
  const r = await findRequest(ctx, reference);
  const view = await viewOf(ctx, r);
  const council = await getCouncil(ctx, r.councilId);
  const lines = await ctx.db.transaction((tx) => kindHooks(r.kind).describe(tx, ctx, r as RequestRow));
  const last = view.payments.at(-1);
  const pending = r.status === 'pending_payment';
  // Holds run on real time (DESIGN.md "Clock").
  const holdOpen = pending && (!r.holdUntil || r.holdUntil.getTime() > Date.now());
  const invoice = pending && ctx.payments?.provider.name === 'invoice';
  return {
    view, kind: r.kind, lines,
    council: { name: council.name, slug: council.slug, languages: council.languages },
    paymentFailed: pending && !!last && ['failed', 'cancelled', 'error'].includes(last.state),
    canPay: holdOpen && !invoice,
    invoice,
  };
}
