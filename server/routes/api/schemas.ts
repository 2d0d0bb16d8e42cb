/**
 * The public API's shapes as zod schemas: the OpenAPI document is generated from these, and the
 * tests check every answer against them (strict objects: no field the document does not list).
 */
import { z } from '@hono/zod-openapi';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-09-01' });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ description: 'Stable: clients branch on it.', example: 'invalid_postcode' }),
      message: z.string().openapi({ description: 'For people.', example: '"XYZ" is not a UK postcode. Try one like "DE1 1AA".' }),
    }),
  })
  .openapi('Error');

export const AddressSchema = z
  .strictObject({
    uprn: z.string().regex(/^[1-9][0-9]{0,11}$/).openapi({ example: '100023336956' }),
    address: z.string().openapi({ example: '1 High Street, Demo' }),
    postcode: z.string().openapi({ example: 'DE1 1AA' }),
    council: z.string().openapi({ description: "The council's slug.", example: 'demo' }),
  })
  .openapi('Address');

export const NextCollectionSchema = z
  .strictObject({
    date: date.openapi({ description: 'The day the bin goes out (council-local).' }),
    originalDate: date.openapi({ description: 'The usual day from the round pattern.' }),
    changed: z.boolean(),
    reason: z.string().optional().openapi({ description: 'Why it moved, when it did.', example: 'Summer bank holiday' }),
  })
  .openapi('NextCollection');

export const LastCollectionSchema = z
  .strictObject({
    date,
    outcome: z.string().optional().openapi({ description: 'What the crew recorded, when they did.', example: 'collected' }),
    completedAt: z.string().optional().openapi({ format: 'date-time', description: 'When the round run that day was completed.' }),
  })
  .openapi('LastCollection');

export const SubscriptionSchema = z
  .strictObject({
    active: z.boolean().openapi({ description: 'Whether the service runs for this property today.' }),
    from: date,
    to: date.nullable().openapi({ description: 'Last day covered; null when open-ended.' }),
  })
  .openapi('Subscription', {
    description: 'Only for a bounded service (a garden waste subscription): the window that matters today.',
  });

export const TodayStatusSchema = z
  .strictObject({
    status: z.enum(['not_started', 'in_progress', 'recorded', 'round_completed', 'not_completed']).openapi({
      description: 'not_started: the round has not begun; in_progress: the crew have started the round; recorded: the crew recorded this bin; round_completed: the round finished; not_completed: the round could not be finished today.',
    }),
    outcome: z.string().optional().openapi({ example: 'collected', description: 'For recorded: what the crew recorded (collected, not_presented, …); the outcome is their reason.' }),
    recordedAt: z.string().optional().openapi({ format: 'date-time', description: 'For recorded: when the crew recorded it.' }),
    catchUpDate: date.optional().openapi({ description: 'For not_completed: the published catch-up date (the next collection).' }),
  })
  .openapi('TodayStatus', { description: "On a collection day: where that service's collection stands." });

export const PropertyServiceSchema = z
  .strictObject({
    id: z.string().openapi({ example: 'refuse' }),
    name: z.string().openapi({ example: 'Rubbish' }),
    stream: z.string().openapi({ example: 'residual' }),
    container: z.string().openapi({ example: '240L black wheelie bin' }),
    colour: z.string().openapi({ example: '#1f1f1f' }),
    frequency: z.string().nullable().openapi({ example: 'Every other Tuesday' }),
    subscription: SubscriptionSchema.optional(),
    next: NextCollectionSchema.nullable().openapi({ description: 'The earliest collection on or after today; null if none in the next year.' }),
    last: LastCollectionSchema.nullable().openapi({ description: 'The latest collection before today; null if none in the past year.' }),
    today: TodayStatusSchema.optional(),
    reportable: z.boolean().openapi({ description: 'Whether a missed collection can be reported now.' }),
    reportBlockedReason: z.string().optional().openapi({ example: 'not_due' }),
  })
  .openapi('PropertyService');

export const PropertySchema = z
  .strictObject({
    uprn: z.string().openapi({ example: '100023336956' }),
    address: z.string(),
    postcode: z.string(),
    lat: z.number(),
    lon: z.number(),
    council: z.strictObject({ slug: z.string(), name: z.string() }),
    services: z.array(PropertyServiceSchema),
    calendar: z
      .strictObject({
        webcal: z.string().openapi({ description: 'Subscribe link for calendar apps.' }),
        https: z.string().openapi({ description: 'The same feed over https.' }),
        google: z.string().openapi({ description: 'Add the feed to Google Calendar.' }),
      })
      .openapi({ description: "Links to the property's calendar feed." }),
  })
  .openapi('Property');

export const CollectionSchema = z
  .strictObject({
    date,
    service: z.string().openapi({ description: 'The service id.', example: 'refuse' }),
    name: z.string().openapi({ description: "The service's name.", example: 'Rubbish' }),
    originalDate: date,
    changed: z.boolean(),
    reason: z.string().optional(),
  })
  .openapi('Collection');

export const BinsSchema = z
  .strictObject({
    bins: z.array(
      z.strictObject({
        type: z.string().openapi({ description: "The service's name.", example: 'Rubbish' }),
        collectionDate: z.string().regex(/^\d{2}\/\d{2}\/\d{4}$/).openapi({ description: 'dd/mm/yyyy', example: '01/09/2026' }),
      }),
    ),
  })
  .openapi('Bins', { description: 'The shape UKBinCollectionData and its Home Assistant users read.' });

/** The common error answers a route can give, for its `responses`. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** A validator (strong ETag) and CDN-friendly caching headers are documented on every cached GET. */
export const cachedHeaders = z.object({
  ETag: z.string().openapi({ description: 'Changes when the answer changes (and each day).' }),
  'Cache-Control': z.string().openapi({ example: 'public, max-age=300' }),
});
