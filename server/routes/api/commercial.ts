/**
 * /api/v1/commercial: contract charges and Simpler Recycling compliance (DESIGN.md "Commercial"),
 * plus listing and creating contracts. Officers of the contract's council, or the contract's own
 * customer; everyone else 401/403, and a customer asking about another's contract 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { contractCharges } from '../../services/commercial/charges.ts';
import { contractCompliance } from '../../services/commercial/compliance.ts';
import { createContract, listContracts, saveCustomer } from '../../services/commercial/contracts.ts';
import { readBody } from '../body.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').openapi({ format: 'date', example: '2026-08-01' });
const params = z.object({
  reference: z.string().min(1).max(64).openapi({ param: { name: 'reference', in: 'path' }, example: 'CW-26-000001' }),
});

const ChargesSchema = z.object({
  reference: z.string(),
  lines: z.array(z.object({
    service: z.string(),
    quantity: z.number().int(),
    scheduledLifts: z.number().int().openapi({ description: 'Collections in the period (moves applied, cancellations excluded) × quantity.' }),
    collectedLifts: z.number().int().openapi({ description: "Dates the crew recorded `collected` × quantity, for reconciliation." }),
    pricePerLiftPence: z.number().int(),
    chargePence: z.number().int().openapi({ description: 'scheduledLifts × pricePerLiftPence.' }),
  })),
  totalPence: z.number().int(),
}).openapi('ContractCharges');

const ComplianceSchema = z.object({
  compliant: z.boolean(),
  dutySince: date.nullable().openapi({ description: 'When the Simpler Recycling duty began (or begins) for this customer; null outside England.' }),
  findings: z.array(z.object({
    code: z.enum(['food_missing', 'dry_recycling_missing', 'paper_not_separate']),
    message: z.string(),
  })),
  note: z.string().optional().openapi({ description: 'Why there are no findings when the rules were not checked (not yet in force, not active, not in England).' }),
}).openapi('ContractCompliance');

const security = [{ session: [] }];
const access = {
  401: errorResponse('`unauthorized`: sign in first.'),
  403: errorResponse('`forbidden`: not an officer or customer, or an officer of another council.'),
  404: errorResponse('`not_found`: no such contract (or not yours).'),
};

const charges = createRoute({
  method: 'get',
  path: '/contracts/{reference}/charges',
  security,
  summary: 'Scheduled and collected lifts and the charge per contract line for a period',
  request: { params, query: z.object({ from: date, to: date }) },
  responses: {
    200: { description: 'Charges in integer pence.', content: { 'application/json': { schema: ChargesSchema } } },
    400: errorResponse('`invalid_date` or `invalid_range` (to before from, or over 400 days); `invalid_input`.'),
    ...access,
  },
});

const compliance = createRoute({
  method: 'get',
  path: '/contracts/{reference}/compliance',
  security,
  summary: 'Simpler Recycling (England) check of a contract on a date',
  request: { params, query: z.object({ on: date.optional().openapi({ description: 'Default: today (council-local).' }) }) },
  responses: {
    200: { description: 'The check.', content: { 'application/json': { schema: ComplianceSchema } } },
    400: errorResponse('`invalid_date`; `invalid_input`.'),
    ...access,
  },
});

const list = createRoute({
  method: 'get',
  path: '/contracts',
  security,
  summary: "Contracts: an officer's council's, or a customer's own",
  responses: {
    200: {
      description: 'Contracts.',
      content: { 'application/json': { schema: z.array(z.object({
        reference: z.string(), customer: z.string(), customerName: z.string(), uprn: z.string(), start: date, end: date, status: z.string(),
      })) } },
    },
    401: access[401],
    403: access[403],
  },
});

const lineInput = z.object({
  service: z.string().min(1).max(64),
  round: z.string().min(1).max(64),
  container: z.string().trim().min(1).max(200),
  quantity: z.number().int(),
  ewcCode: z.string().max(20).nullable().optional(),
  pricePerLiftPence: z.number().int(),
});
const contractInput = z.object({
  reference: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/).optional(),
  customer: z.string().min(1).max(64),
  uprn: z.union([z.string().regex(/^[0-9]{1,12}$/).transform(Number), z.number().int().min(1)]),
  start: date,
  end: date,
  status: z.enum(['draft', 'active', 'suspended', 'ended']).default('active'),
  paperAssessment: z.boolean().default(false),
  lines: z.array(lineInput).min(1).max(50),
});

export const commercialRoutes = createApiRouter({ from: 'invalid_date', to: 'invalid_date', on: 'invalid_date' });
commercialRoutes.use('/contracts', requireRole('officer', 'customer'));
commercialRoutes.use('/contracts/*', requireRole('officer', 'customer'));
commercialRoutes.use('/customers', requireRole('officer'));

commercialRoutes.openapi(charges, async (c) => {
  const { reference } = c.req.valid('param');
  const { from, to } = c.req.valid('query');
  const result = await contractCharges(serviceContext(c), { reference, from, to });
  return c.json({ reference: result.reference, lines: result.lines, totalPence: result.totalPence }, 200);
});

commercialRoutes.openapi(compliance, async (c) => {
  const { reference } = c.req.valid('param');
  const { on } = c.req.valid('query');
  const r = await contractCompliance(serviceContext(c), { reference, on });
  return c.json({
    compliant: r.compliant, dutySince: r.dutySince,
    findings: r.findings.map((f) => ({ code: f.code, message: f.message })),
    ...(r.note ? { note: r.note } : {}),
  }, 200);
});

commercialRoutes.openapi(list, async (c) => {
  const rows = await listContracts(serviceContext(c));
  return c.json(rows.map((r) => ({ ...r, uprn: String(r.uprn) })), 200);
});

/** POST /contracts (officer): 201 with the contract; rule failures 422 with their code, nothing stored. */
commercialRoutes.post('/contracts', requireRole('officer'), async (c) => {
  const input = contractInput.parse(await readBody(c));
  const row = await createContract(serviceContext(c), input);
  return c.json({ ...row, uprn: String(row.uprn), calendarTokenHash: undefined }, 201);
});

const customerInput = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(300),
  companyNumber: z.string().regex(/^[A-Z0-9]{8}$/).nullable().optional(),
  sic: z.string().regex(/^[0-9]{5}$/),
  employees: z.number().int().min(0),
  email: z.string().email().max(320),
  phone: z.string().max(40).nullable().optional(),
});

/** POST /customers (officer): creates or updates a customer of the officer's council. */
commercialRoutes.post('/customers', requireRole('officer'), async (c) => {
  const row = await saveCustomer(serviceContext(c), customerInput.parse(await readBody(c)));
  const { councilId: _c, ...customer } = row;
  return c.json(customer, 201);
});

// POST /contracts and /customers validate their bodies with the zod schemas above (through
// readBody, so JSON and forms share one path); documented here from the same schemas.
const ContractSchema = z.object({
  reference: z.string().openapi({ example: 'CW-26-000001' }),
  councilId: z.number().int(),
  customerId: z.string(),
  uprn: z.string(),
  start: date,
  end: date,
  status: z.enum(['draft', 'active', 'suspended', 'ended']),
  paperAssessment: z.boolean(),
}).openapi('Contract');

const CustomerSchema = z.object({
  id: z.string(), name: z.string(), address: z.string(), companyNumber: z.string().nullable(),
  sic: z.string(), employees: z.number().int(), email: z.string(), phone: z.string().nullable(),
}).openapi('Customer');

const writeErrors = {
  401: access[401],
  403: errorResponse('`forbidden`: not an officer (or a form post from another origin).'),
  413: errorResponse('`payload_too_large`.'),
  415: errorResponse('`unsupported_media_type`: send JSON or a form.'),
};

commercialRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/contracts',
  summary: "Create a contract for a customer of the officer's council",
  security,
  request: { body: { content: { 'application/json': { schema: contractInput } } } },
  responses: {
    201: { description: 'The contract.', content: { 'application/json': { schema: ContractSchema } } },
    400: errorResponse('`invalid_request`, `invalid_date`, `malformed_body`, `invalid_input`.'),
    ...writeErrors,
    404: errorResponse('`not_found`: no such customer or property in your council.'),
    409: errorResponse('`duplicate_reference`.'),
    422: errorResponse('A rule failure with its code (`unknown_service`, `unknown_round`, `invalid_period` …); nothing stored.'),
  },
});

commercialRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/customers',
  summary: "Create or update a customer of the officer's council",
  security,
  request: { body: { content: { 'application/json': { schema: customerInput } } } },
  responses: {
    201: { description: 'The customer.', content: { 'application/json': { schema: CustomerSchema } } },
    400: errorResponse('`invalid_request`, `malformed_body`, `invalid_input`.'),
    ...writeErrors,
    422: errorResponse('`invalid_sic`, `invalid_employees`.'),
  },
});
