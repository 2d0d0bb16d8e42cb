/** GET /api/v1/addresses?postcode= | ?q= — find a property's UPRN. */
import { createRoute, z } from '@hono/zod-openapi';
import { publicContext } from '../../middleware/auth.ts';
import { findAddresses } from '../../services/property-view.ts';
import { cachedJson } from './cache.ts';
import { createApiRouter } from './router.ts';
import { AddressSchema, cachedHeaders, errorResponse } from './schemas.ts';

const query = z.object({
  postcode: z.string().max(20).optional().openapi({
    description: 'A UK postcode, any case and spacing ("de11aa" reads as "DE1 1AA").',
    example: 'DE1 1AA',
  }),
  q: z.string().max(100).optional().openapi({
    description: 'Part of the address, case-insensitive, at least 3 characters (1 when a postcode is given too). At most 50 results.',
    example: '12 high street',
  }),
  council: z.string().optional().openapi({ description: "Only this council's addresses (its slug).", example: 'demo' }),
});

const listAddresses = createRoute({
  method: 'get',
  path: '/',
  summary: 'Find addresses by postcode or by part of the address',
  description: 'Sorted by street, then building number naturally (2 before 10), then flat.',
  request: { query },
  responses: {
    200: {
      description: 'Matching addresses (an empty list when none match).',
      headers: cachedHeaders,
      content: { 'application/json': { schema: z.array(AddressSchema) } },
    },
    304: { description: 'Not modified (If-None-Match matched).' },
    400: errorResponse('`invalid_postcode` or `invalid_query` (neither parameter, or too short).'),
    404: errorResponse('`not_found`: no council with that slug.'),
  },
});

export const addressRoutes = createApiRouter({ postcode: 'invalid_postcode', q: 'invalid_query' });

addressRoutes.openapi(listAddresses, async (c) => {
  const input = c.req.valid('query');
  return cachedJson(c, await findAddresses(publicContext(c), input));
});
