/**
 * The sandbox provider (KERBSIDE_PAYMENTS=sandbox, the default): Kerbside's own payment page
 * `/pay/{id}` behaving like GOV.UK Pay's test mode, so `npm start` takes payments with no account.
 * Its state is kept in `sandbox_payments`, the provider's side of the line: the lifecycle learns
 * what happened only by asking `status()`, exactly as with GOV.UK Pay.
 *
 * Cards (GOV.UK Pay's published test numbers): 4444333322221111 succeeds, 4000000000000002 is
 * declined. A decline keeps the payment open (state `started`, code P0010) so the same page can take
 * another card until the request's hold runs out — DESIGN.md asks for a retry on the same page.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { sandboxPayments } from '../../../db/schema/index.ts';
import type { CreatePaymentInput, PaymentProvider, PaymentState, ProviderPayment, ProviderStatus } from './provider.ts';

export const SANDBOX_SUCCESS_CARD = '4444333322221111';
export const SANDBOX_DECLINED_CARD = '4000000000000002';

export interface SandboxCard {
  cardNumber: string;
  month: number;
  year: number;
  name: string;
  cvc: string;
}

export type SandboxCardError = 'card_number' | 'expiry' | 'name' | 'cvc';

/** Field checks as GOV.UK Pay's page makes them; empty list: the card can be tried. `now` is real time. */
export function checkCard(card: SandboxCard, now: Date): SandboxCardError[] {
  const errors: SandboxCardError[] = [];
  if (!/^\d{12,19}$/.test(card.cardNumber)) errors.push('card_number');
  const monthsNow = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (!Number.isInteger(card.month) || card.month < 1 || card.month > 12 || !Number.isInteger(card.year) || card.year < 1000 || card.year > 9999
    || card.year * 12 + card.month - 1 < monthsNow) errors.push('expiry');
  if (!card.name.trim()) errors.push('name');
  if (!/^\d{3}$/.test(card.cvc)) errors.push('cvc');
  return errors;
}

export type SandboxRow = typeof sandboxPayments.$inferSelect;

export function sandboxProvider(db: Db, publicUrl: string): PaymentProvider {
  return {
    name: 'sandbox',
    async create(input: CreatePaymentInput): Promise<ProviderPayment> {
      const now = new Date();
      await db.insert(sandboxPayments).values({
        id: input.paymentId,
        amountPence: input.amountPence,
        reference: input.reference,
        description: input.description,
        returnUrl: input.returnUrl,
        language: input.language,
        state: 'created',
        expiresAt: input.expiresAt ?? null,
        createdAt: now,
        updatedAt: now,
      }).onConflictDoNothing(); // the payment id is the idempotency key
      return { providerId: input.paymentId, nextUrl: `${publicUrl}/pay/${input.paymentId}`, state: 'created' };
    },
    async status(providerId: string): Promise<ProviderStatus> {
      const [row] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.id, providerId));
      if (!row) return { state: 'error', code: 'P0050' };
      const state = expiredState(row, new Date());
      return state === row.state ? { state: row.state as PaymentState, ...(row.code ? { code: row.code } : {}) } : { state, code: 'P0020' };
    },
    async refund(providerId: string, amountPence: number, expectedAvailablePence: number) {
      // The check-and-add is one statement, so two refunds racing cannot both pass (GOV.UK Pay's 412).
      const rows = await db.execute(sql`
        update sandbox_payments set refunded_pence = refunded_pence + ${amountPence}, updated_at = now()
        where id = ${providerId} and state = 'success' and amount_pence - refunded_pence = ${expectedAvailablePence}
          and ${amountPence} <= amount_pence - refunded_pence
        returning id`);
      const list = ((rows as any).rows ?? rows) as unknown[];
      if (list.length === 0) throw new Error('sandbox refund refused: amount available has changed');
      return { refundId: `${providerId}-r${Date.now()}` };
    },
  };
}

/** A payment not finished by its expiry has expired (GOV.UK Pay: failed, P0020). */
function expiredState(row: SandboxRow, now: Date): PaymentState {
  if ((row.state === 'created' || row.state === 'started') && row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'failed';
  return row.state as PaymentState;
}

/** For the `/pay/{id}` page. */
export async function loadSandboxPayment(db: Db, id: string): Promise<(SandboxRow & { open: boolean }) | null> {
  const [row] = await db.select().from(sandboxPayments).where(eq(sandboxPayments.id, id));
  if (!row) return null;
  const state = expiredState(row, new Date());
  return { ...row, state, open: state === 'created' || state === 'started' };
}

export type SandboxOutcome = { result: 'success'; returnUrl: string } | { result: 'declined' } | { result: 'closed'; returnUrl: string } | { result: 'invalid'; errors: SandboxCardError[] };

/** Takes a card on the sandbox page. Only an open payment changes; a finished one just sends the resident back. */
export async function payWithCard(db: Db, id: string, card: SandboxCard): Promise<SandboxOutcome | null> {
  const row = await loadSandboxPayment(db, id);
  if (!row) return null;
  if (!row.open) return { result: 'closed', returnUrl: row.returnUrl };
  const now = new Date();
  const errors = checkCard(card, now);
  if (errors.length) return { result: 'invalid', errors };
  const success = card.cardNumber === SANDBOX_SUCCESS_CARD;
  // Any other valid-looking number is declined, as in GOV.UK Pay's test mode for unknown cards.
  const updated = await db.update(sandboxPayments)
    .set(success ? { state: 'success', code: null, updatedAt: now } : { state: 'started', code: 'P0010', updatedAt: now })
    .where(sql`${sandboxPayments.id} = ${id} and ${sandboxPayments.state} in ('created', 'started')`)
    .returning({ id: sandboxPayments.id });
  if (updated.length === 0) return { result: 'closed', returnUrl: row.returnUrl };
  return success ? { result: 'success', returnUrl: row.returnUrl } : { result: 'declined' };
}

/** "Cancel payment": GOV.UK Pay's `cancelled`, P0030. */
export async function cancelSandboxPayment(db: Db, id: string): Promise<string | null> {
  const row = await loadSandboxPayment(db, id);
  if (!row) return null;
  await db.update(sandboxPayments).set({ state: 'cancelled', code: 'P0030', updatedAt: new Date() })
    .where(sql`${sandboxPayments.id} = ${id} and ${sandboxPayments.state} in ('created', 'started')`);
  return row.returnUrl;
}
