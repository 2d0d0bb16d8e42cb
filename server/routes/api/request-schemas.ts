/**
 * Shapes every request kind's API shares (DESIGN.md "Requests and payments"), for the kinds' own
 * route modules too: the 201 answer to making a request, and the public view of one.
 */
import { z } from '@hono/zod-openapi';
import { REQUEST_STATUSES } from '../../../db/schema/requests.ts';
import { PAYMENT_STATES } from '../../services/payments/provider.ts';
import type { SubmitResult } from '../../services/requests/lifecycle.ts';

const reference = z.string().openapi({ example: 'GW-26-000001' });

export const RequestCreatedSchema = z
  .strictObject({
    reference,
    status: z.enum(REQUEST_STATUSES).openapi({ description: '`pending_payment` until paid; a free request is `active` at once.' }),
    amountPence: z.number().int(),
    payment: z.strictObject({
      nextUrl: z.string().nullable().openapi({ format: 'uri', description: 'Send the resident here to pay (absolute); null when nothing is to be paid online (free, invoice).' }),
    }),
  })
  .openapi('RequestCreated');

export const RequestViewSchema = z
  .strictObject({
    reference,
    status: z.enum(REQUEST_STATUSES),
    uprn: z.string().openapi({ example: '100023336956' }),
    amountPence: z.number().int(),
    paidPence: z.number().int(),
    payments: z.array(z.strictObject({ id: z.string(), state: z.enum(PAYMENT_STATES), amountPence: z.number().int() })),
    history: z.array(z.strictObject({ at: z.string().openapi({ format: 'date-time' }), status: z.string(), note: z.string().optional() })),
  })
  .openapi('RequestView');

/** The 201 body for a kind's POST. */
export const createdBody = (r: SubmitResult) => ({
  reference: r.request.reference, status: r.request.status as (typeof REQUEST_STATUSES)[number], amountPence: r.request.amountPence, payment: { nextUrl: r.payment.nextUrl },
});

export const referenceParam = z.object({
  reference: z.string().min(1).max(40).openapi({ param: { name: 'reference', in: 'path' }, example: 'GW-26-000001' }),
});
