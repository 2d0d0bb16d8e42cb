/**
 * What a council offers residents to request and pay for (DESIGN.md "Requests and payments"):
 * the bundle's `requests` object. Money is integer pence; weekdays are ISO 1 (Monday) – 7.
 * Every part is optional: a council that leaves out `garden` does not offer garden subscriptions
 * (`422 not_served`).
 */
import { z } from 'zod';
import { code, localText } from '../bundle-fields.ts';

const pence = z.number().int('must be whole pence').min(0).max(100_000_00);
const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM');
/** `MM-DD`, the day a subscription year starts (29 February is refused: a year would have no start). */
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'must be a day MM-DD')
  .refine((d) => d !== '02-29' && !['04-31', '06-31', '09-31', '11-31', '02-30', '02-31'].includes(d), 'must be a real day of every year');

export const CONTAINER_REASONS = ['new_property', 'damaged', 'stolen', 'missing', 'extra'] as const;
export type ContainerReason = (typeof CONTAINER_REASONS)[number];

export const gardenSchema = z.strictObject({
  /** The council's garden-stream service a subscription collects. */
  service: code,
  /** The round new subscribers join (unless the property already has an assignment on a round of `service`). */
  round: code,
  pricePencePerBin: pence,
  /** A lower price per bin for residents who qualify (the council decides who; the form asks). */
  concessionPencePerBin: pence.optional(),
  maxBins: z.number().int().min(1).max(20),
  year: z.strictObject({ startsOn: monthDay }),
  /** Paid within this many days before a year starts, a subscription is for that coming year. */
  renewalOpensDaysBefore: z.number().int().min(0).max(366).default(42),
  /** How bins added to an existing subscription are priced: by the share of the year left, or in full. */
  midYear: z.enum(['pro_rata', 'full_price']).default('pro_rata'),
  /** What a cancelled subscription gets back: nothing, the share of the year left, or everything. */
  refund: z.enum(['none', 'pro_rata', 'full']).default('none'),
});

export const bulkyItemSchema = z.strictObject({ id: code, name: localText() });

export const bulkySchema = z.strictObject({
  /** Covers up to `itemsIncluded` items (the sum of quantities). */
  pricePence: pence,
  itemsIncluded: z.number().int().min(1).max(50),
  /** Each item beyond `itemsIncluded`. */
  extraItemPence: pence.default(0),
  maxItems: z.number().int().min(1).max(50),
  /** ISO weekdays (1 = Monday) collections run; the council's bulky-stream round running that day takes them. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  /** Bookings each day holds. */
  perDay: z.number().int().min(1).max(10_000),
  /** Booking, amending and cancelling close at `time` on the working day `workingDaysBefore` the date. */
  cutoff: z.strictObject({ workingDaysBefore: z.number().int().min(0).max(20), time }),
  /** What a booking cancelled before the cut-off gets back. */
  refund: z.enum(['none', 'full']).default('full'),
  items: z.array(bulkyItemSchema).min(1).max(200),
}).refine((b) => b.maxItems >= b.itemsIncluded, { message: 'must be at least itemsIncluded', path: ['maxItems'] });

export const containerSchema = z.strictObject({
  id: code,
  /** The service the container is for (a delivery goes with that service's round). */
  service: code,
  name: localText(),
  /** 0: free. */
  pricePence: pence,
  reasons: z.array(z.enum(CONTAINER_REASONS)).min(1),
  /** At most this many in one request. */
  maxQuantity: z.number().int().min(1).max(10).default(1),
});

export const requestsSchema = z.strictObject({
  garden: gardenSchema.optional(),
  bulky: bulkySchema.optional(),
  containers: z.array(containerSchema).max(100).optional()
    .refine((l) => !l || new Set(l.map((c) => c.id)).size === l.length, 'container ids must be unique'),
});

export type RequestsConfig = z.output<typeof requestsSchema>;
export type GardenConfig = z.output<typeof gardenSchema>;
export type BulkyConfig = z.output<typeof bulkySchema>;
export type ContainerConfig = z.output<typeof containerSchema>;
