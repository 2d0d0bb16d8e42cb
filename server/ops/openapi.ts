/**
 * The operations endpoints in the OpenAPI document. They live outside /api/v1 (load balancers
 * and Prometheus call them by these fixed paths, DESIGN.md "Operations") but they are part of
 * the HTTP surface, and the input guard and the database can answer them as anywhere else,
 * so they are documented with every status they can send.
 */
type Json = Record<string, any>;

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const status = (value: string) => ({
  type: 'object',
  properties: { status: { type: 'string', const: value } },
  required: ['status'],
});
const common = {
  400: error('`invalid_input`: a NUL byte, invalid UTF-8 or percent-encoding, or an over-long value in the query or a header.'),
};

export const METRICS_SECURITY_SCHEME = {
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'Only when `KERBSIDE_METRICS_TOKEN` is set: `Authorization: Bearer <token>`. Otherwise `/metrics` is open.',
  },
} as const;

export const OPS_PATHS: Json = {
  '/health': {
    get: {
      tags: ['Operations'],
      summary: 'Liveness: the process answers and its database answers `select 1`',
      responses: {
        200: { description: 'Up.', content: { 'application/json': { schema: status('ok') } } },
        ...common,
        503: error('`unavailable`: the database does not answer.'),
      },
    },
  },
  '/ready': {
    get: {
      tags: ['Operations'],
      summary: 'Readiness: the database answers and every committed migration is applied (send traffic)',
      responses: {
        200: { description: 'Ready. `Cache-Control: no-store`.', content: { 'application/json': { schema: status('ready') } } },
        ...common,
        503: error('`unavailable`: the database does not answer, or migrations are not applied yet.'),
      },
    },
  },
  '/metrics': {
    get: {
      tags: ['Operations'],
      summary: 'Prometheus text exposition: requests and durations by route and status, database pool, outbox, job runs',
      security: [{}, { metricsToken: [] }],
      responses: {
        200: {
          description: 'Prometheus text format 0.0.4. `Cache-Control: no-store`.',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        ...common,
        401: error('`unauthorized`: `KERBSIDE_METRICS_TOKEN` is set and the bearer token is missing or wrong (with `WWW-Authenticate: Bearer`).'),
        503: error('`unavailable`: the database does not answer.'),
      },
    },
  },
};
