/**
 * POST /api/v1/alerts  a resident asks for email alerts at a property (double opt-in: the first
 * email only asks them to confirm). Always 202 with the same body, whether or not the address is
 * known or already subscribed, so the answer tells nobody who subscribes where.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { publicContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { parseUprn, UPRN_MESSAGE } from '../../domain/uprn.ts';
import { ALERT_KINDS, requestAlerts } from '../../services/alerts/subscriptions.ts';
import { isLang } from '../../../web/i18n/index.ts';
import { readBody } from '../body.ts';
import { parseOrThrow } from './missed-reports.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

export const REMIND_AT_RE = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export const alertBody = zod.object({
  uprn: zod.union([zod.string(), zod.number()]).transform((v, ctx) => {
    const n = parseUprn(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: UPRN_MESSAGE });
      return zod.NEVER;
    }
    return n;
  }),
  email: zod.preprocess((v) => (typeof v === 'string' ? v.trim() : v), zod.email('must be an email address').max(320)),
  kinds: zod.array(zod.enum(ALERT_KINDS)).min(1, 'choose at least one').max(3),
  remindAt: zod.string().regex(REMIND_AT_RE, 'must be a time HH:MM').optional(),
  language: zod.string().optional(),
});

const AlertRequestDoc = {
  type: 'object',
  required: ['uprn', 'email', 'kinds'],
  properties: {
    uprn: { type: 'string', pattern: '^[0-9]{1,12}$', example: '100023336956', description: 'The property (a number is accepted too).' },
    email: { type: 'string', format: 'email', maxLength: 320 },
    kinds: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', enum: [...ALERT_KINDS] } },
    remindAt: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', example: '18:00', description: 'Council-local time of the evening-before reminder; 18:00 when absent.' },
    language: { type: 'string', enum: ['en', 'cy'], description: "The emails' language; the council's first language when absent." },
  },
};

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

const postRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Ask for email alerts at a property (reminders, changes, report updates)',
  description:
    'Answers 202 whatever the address: a confirmation email goes to it (at most one per address per hour), and ' +
    'nothing else is sent until the link in it is followed. Rate-limited per client IP (429 with `Retry-After`).',
  middleware: [limitPublicWrites] as const,
  request: { body: { content: { 'application/json': { schema: AlertRequestDoc as any }, 'application/x-www-form-urlencoded': { schema: AlertRequestDoc as any } } } },
  responses: {
    202: { description: 'Accepted: check your email.', content: { 'application/json': { schema: z.object({ status: z.literal('accepted') }).openapi('AlertAccepted') } } },
    400: err('`invalid_request`, `invalid_uprn`, `invalid_email`, `malformed_body`, `invalid_input`.'),
    403: err('`forbidden`: a form post from another origin (or none).'),
    404: err('`not_found`: no property with that UPRN.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON or a form.'),
    429: err('`rate_limited`: see `Retry-After`.'),
  },
});

export const alertRoutes = createApiRouter();

alertRoutes.openapi(postRoute, async (c) => {
  const input = parseOrThrow(alertBody, await readBody(c), { uprn: 'invalid_uprn', email: 'invalid_email' });
  const ctx = publicContext(c);
  await requestAlerts(ctx, {
    uprn: input.uprn, email: input.email, kinds: input.kinds, remindAt: input.remindAt,
    language: isLang(input.language) ? input.language : undefined,
    mailto: c.var.deps.config.unsubscribeMailto,
  });
  return c.json({ status: 'accepted' as const }, 202);
});
