/**
 * The council import bundle (DESIGN.md "CLI" and "Commercial"), as zod schemas.
 * Rows are strict objects: a misspelt key ("everyweeks", "until") is reported, not silently
 * dropped. Everything that can be checked without the database is checked here (shapes,
 * postcodes, UPRNs, dates, duplicate keys, references inside the bundle are left to the import
 * service, which also knows what the database already holds).
 */
import { z } from 'zod';
import { isLocalDate } from './dates.ts';
import { DIVISIONS } from './holidays.ts';
import { normalisePostcode } from './postcode.ts';
import { parseUprn } from './uprn.ts';
import { code, localText, text } from './bundle-fields.ts';
import { requestsSchema } from './requests/config.ts';

export { code, localText, text, type LocalText } from './bundle-fields.ts';

export const STREAMS = [
  'residual', 'recycling', 'paper', 'glass', 'metal', 'plastic', 'dry_mixed', 'dry_mixed_with_paper', 'food', 'garden', 'bulky',
] as const;
export const PROPERTY_KINDS = ['domestic', 'commercial', 'mixed'] as const;
export const CONTRACT_STATUSES = ['draft', 'active', 'suspended', 'ended'] as const;

const localDate = z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');

/** A UPRN as text or a whole number; becomes its numeric value. */
export const uprnField = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = parseUprn(v);
  if (n === null) {
    const zero = /^\s*0+\s*$/.test(String(v)) || v === 0;
    ctx.addIssue({ code: 'custom', message: zero ? 'must be at least 1' : 'must be 1–12 digits' });
    return z.NEVER;
  }
  return n;
});

/** A UK postcode; becomes its normalised form ("DE1 1AA"). */
export const postcodeField = z.string().transform((v, ctx) => {
  const p = normalisePostcode(v);
  if (p === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a UK postcode such as "DE1 1AA"' });
    return z.NEVER;
  }
  return p;
});

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "Europe/London"');

/** The UK nation a council is in (Simpler Recycling is England's duty alone). */
export const NATIONS = ['england', 'wales', 'scotland', 'northern-ireland'] as const;

/**
 * An OpenID Connect provider (DESIGN.md "Sign-in"). Its id names the callback path
 * (`/login/oidc/{id}/callback`), so it must be unique across the deployment.
 */
export const oidcProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and "-"'),
  name: text(),
  issuer: z.string().url().refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(u), 'must be an https URL'),
  clientId: z.string().min(1).max(500),
  clientSecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]{0,100}$/, 'must be an environment variable name such as KERBSIDE_OIDC_ENTRA_SECRET'),
  role: z.enum(['admin', 'officer', 'crew']),
  emailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as demo.gov.uk')).default([]),
  residents: z.boolean().optional(),
});

export const councilSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and "-"'),
  name: text(),
  timezone: timezone.default('Europe/London'),
  bankHolidayDivision: z.enum(DIVISIONS).default('england-and-wales'),
  bankHolidayRule: z.enum(['slip', 'none']).default('slip'),
  nation: z.enum(NATIONS).optional(),
  carrierRegistration: z.string().regex(/^[A-Z]{3,4}\d{3,8}$/, 'must be a registration such as CBDU123456').optional(),
  reportWindowWorkingDays: z.number().int().min(0).max(20).optional(),
  sameDayCutoff: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM').optional(),
  slaWorkingDays: z.number().int().min(0).max(60).optional(),
  brandColour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour #rrggbb').optional(),
  logoUrl: z.string().url().nullable().optional(),
  languages: z.array(z.enum(['en', 'cy'])).min(1).max(2).optional()
    .refine((l) => !l || new Set(l).size === l.length, 'must not repeat a language'),
  oidc: z.array(oidcProviderSchema).max(10).optional()
    .refine((list) => !list || new Set(list.map((p) => p.id)).size === list.length, 'provider ids must be unique'),
  /** What residents can request and pay for; the bundle may also give it at the top level (see withRequests). */
  requests: requestsSchema.optional(),
});

/**
 * The bundle's top-level `requests` (DESIGN.md "Requests and payments" shows it beside `council`)
 * belongs to the council: it is folded into the council object before the council is validated,
 * so both places work and one schema checks them.
 */
export function withRequests(council: unknown, requests: unknown): unknown {
  if (requests === undefined || council === null || typeof council !== 'object' || Array.isArray(council)) return council;
  return { ...council, requests };
}

export const ewcCode = z.string().regex(/^\d{2} \d{2} \d{2}\*?$/, 'must be an EWC code such as "20 03 01"');


export const serviceSchema = z.strictObject({
  id: code,
  name: localText(),
  stream: z.enum(STREAMS),
  container: localText(),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour #rrggbb'),
  ewcCode: ewcCode.nullable().optional(),
});

export const schedulePeriodSchema = z
  .strictObject({
    from: localDate,
    to: localDate.nullable().optional(),
    anchor: localDate,
    everyWeeks: z.number().int().min(1, 'must be 1–4').max(4, 'must be 1–4'),
  })
  .refine((p) => !p.to || p.to >= p.from, { message: 'must not be before from', path: ['to'] });

export const roundSchema = z
  .strictObject({
    id: code,
    service: code,
    name: localText(),
    schedules: z.array(schedulePeriodSchema).min(1, 'needs at least one period'),
  })
  .superRefine((r, ctx) => {
    // Periods must not overlap: a date belongs to at most one period.
    const sorted = r.schedules.map((p, i) => ({ ...p, i })).sort((a, b) => (a.from < b.from ? -1 : 1));
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1];
      if (!prev.to || prev.to >= sorted[k].from) {
        ctx.addIssue({ code: 'custom', path: ['schedules', sorted[k].i, 'from'], message: `overlaps schedules[${prev.i}]` });
      }
    }
  });

export const propertySchema = z.strictObject({
  uprn: uprnField,
  address: text(300),
  postcode: postcodeField,
  usrn: z.union([z.string().regex(/^[0-9]{1,8}$/, 'must be 1–8 digits').transform(Number), z.number().int().min(1).max(99_999_999)])
    .nullable()
    .optional(),
  lat: z.number().min(49.8, 'must be a UK latitude').max(60.9, 'must be a UK latitude'),
  lon: z.number().min(-8.7, 'must be a UK longitude').max(1.8, 'must be a UK longitude'),
  kind: z.enum(PROPERTY_KINDS).default('domestic'),
  assisted: z.boolean().default(false),
});

export const assignmentSchema = z
  .strictObject({
    uprn: uprnField,
    round: code,
    from: localDate,
    to: localDate.nullable().optional(),
    sequence: z.number().int().min(0).max(1_000_000),
  })
  .refine((a) => !a.to || a.to >= a.from, { message: 'must not be before from', path: ['to'] });

export const exceptionSchema = z
  .strictObject({
    id: code.optional(),
    date: localDate,
    action: z.enum(['move', 'cancel']),
    to: localDate.nullable().optional(),
    rounds: z.array(code).default([]),
    services: z.array(code).default([]),
    reason: localText(),
  })
  .superRefine((e, ctx) => {
    if (e.action === 'move' && !e.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required when action is "move"' });
    if (e.action === 'cancel' && e.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be absent when action is "cancel"' });
    if (e.action === 'move' && e.to === e.date) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from date' });
  });

export const customerSchema = z.strictObject({
  id: code,
  name: text(),
  address: text(300),
  companyNumber: z.string().regex(/^[A-Z0-9]{8}$/, 'must be 8 characters, e.g. "01234567" or "SC123456"').nullable().optional(),
  sic: z.string().regex(/^[0-9]{5}$/, 'must be a five-digit SIC 2007 code'),
  employees: z.number().int().min(0),
  email: z.string().email('must be an email address'),
  phone: z.string().max(40).nullable().optional(),
});

export const contractLineSchema = z.strictObject({
  service: code,
  round: code,
  container: text(),
  quantity: z.number().int().min(1),
  ewcCode,
  pricePerLiftPence: z.number().int().min(0),
});

export const contractSchema = z
  .strictObject({
    reference: code,
    customer: code,
    uprn: uprnField,
    start: localDate,
    end: localDate,
    status: z.enum(CONTRACT_STATUSES),
    paperAssessment: z.boolean().default(false),
    lines: z.array(contractLineSchema).default([]),
  })
  .refine((c) => c.end >= c.start, { message: 'must not be before start', path: ['end'] });

export const bundleSchema = z.object({
  council: councilSchema,
  services: z.array(serviceSchema).default([]),
  rounds: z.array(roundSchema).default([]),
  properties: z.array(propertySchema).default([]),
  assignments: z.array(assignmentSchema).default([]),
  exceptions: z.array(exceptionSchema).default([]),
  customers: z.array(customerSchema).default([]),
  contracts: z.array(contractSchema).default([]),
});

/** A validated bundle (UPRNs as numbers, postcodes normalised, defaults filled in). */
export type Bundle = z.output<typeof bundleSchema>;
/** What a bundle file may contain (UPRNs as text or numbers, optional fields absent). */
export type BundleInput = z.input<typeof bundleSchema>;
export type BundleException = Bundle['exceptions'][number];

/** The import key of an exception without an explicit id: `{date}:{sorted rounds}:{sorted services}`. */
export const exceptionKey = (e: Pick<BundleException, 'id' | 'date' | 'rounds' | 'services'>): string =>
  e.id ?? `${e.date}:${[...e.rounds].sort().join(',')}:${[...e.services].sort().join(',')}`;

/** `properties[12].uprn` from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || 'bundle';
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'is required';
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

type Row<K extends keyof Bundle> = Bundle[K] extends Array<infer T> ? T : never;
/** A bundle whose bad rows are `null`, kept in place so later checks can name rows by index. */
export type SparseBundle = { council: Bundle['council'] | null } & {
  [K in Exclude<keyof Bundle, 'council'>]: Array<Row<K> | null>;
};

export type BundleParse =
  | { ok: true; bundle: Bundle; errors: [] }
  | { ok: false; errors: string[]; sparse: SparseBundle | null };

export const sectionSchemas = {
  services: serviceSchema,
  rounds: roundSchema,
  properties: propertySchema,
  assignments: assignmentSchema,
  exceptions: exceptionSchema,
  customers: customerSchema,
  contracts: contractSchema,
} as const;
export type Section = keyof typeof sectionSchemas;

export const topSchema = z.object({
  council: z.unknown(),
  requests: z.unknown().optional(),
  ...Object.fromEntries(Object.keys(sectionSchemas).map((k) => [k, z.array(z.unknown()).default([])])),
}) as unknown as z.ZodType<{ council: unknown; requests?: unknown } & Record<Section, unknown[]>>;

export const issueLines = (issues: readonly z.core.$ZodIssue[], prefix: ReadonlyArray<PropertyKey>) =>
  issues.map((i) => `${formatPath([...prefix, ...i.path])}: ${issueMessage(i)}`);

/** `rounds[4].id: duplicates rounds[1]`, for every row whose key an earlier row already has. */
export function duplicateErrors<T>(list: Array<T | null>, name: string, field: string, key: (row: T) => string): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  list.forEach((row, i) => {
    if (row === null) return;
    const k = key(row);
    const first = seen.get(k);
    if (first !== undefined) errors.push(duplicateError(name, field, i, first));
    else seen.set(k, i);
  });
  return errors;
}

export const duplicateError = (name: string, field: string, i: number, first: number): string =>
  `${name}[${i}]${field ? '.' + field : ''}: duplicates ${name}[${first}]`;

/**
 * Validates every row on its own (so every bad row is reported, not just the first) and the
 * bundle's internal consistency (duplicate keys). Errors read `properties[12].uprn: must be 1–12 digits`.
 * On failure the good rows come back in `sparse`, so references can still be checked.
 */
export function parseBundle(input: unknown): BundleParse {
  const top = topSchema.safeParse(input);
  if (!top.success) return { ok: false, errors: issueLines(top.error.issues, []), sparse: null };
  const errors: string[] = [];
  const council = councilSchema.safeParse(withRequests(top.data.council, top.data.requests));
  if (!council.success) errors.push(...issueLines(council.error.issues, ['council']));
  const sparse = { council: council.success ? council.data : null } as SparseBundle;
  for (const section of Object.keys(sectionSchemas) as Section[]) {
    const schema = sectionSchemas[section] as z.ZodType;
    (sparse as any)[section] = top.data[section].map((raw, i) => {
      const r = schema.safeParse(raw);
      if (r.success) return r.data;
      errors.push(...issueLines(r.error.issues, [section, i]));
      return null;
    });
  }
  const unique = <T>(list: Array<T | null>, name: string, field: string, key: (row: T) => string) =>
    errors.push(...duplicateErrors(list, name, field, key));
  unique(sparse.services, 'services', 'id', (s) => s.id);
  unique(sparse.rounds, 'rounds', 'id', (r) => r.id);
  unique(sparse.properties, 'properties', 'uprn', (p) => String(p.uprn));
  unique(sparse.assignments, 'assignments', '', (a) => `${a.uprn}|${a.round}|${a.from}`);
  unique(sparse.exceptions, 'exceptions', '', exceptionKey);
  unique(sparse.customers, 'customers', 'id', (c) => c.id);
  unique(sparse.contracts, 'contracts', 'reference', (c) => c.reference);
  if (errors.length) return { ok: false, errors, sparse };
  return { ok: true, bundle: sparse as unknown as Bundle, errors: [] };
}

/**
 * Keys that rows of a bundle name, good rows or bad: a reference to a row that is itself bad is
 * not reported a second time as "unknown".
 */
export function attemptedKeys(input: unknown): { services: Set<string>; rounds: Set<string>; uprns: Set<number>; customers: Set<string> } {
  const out = { services: new Set<string>(), rounds: new Set<string>(), uprns: new Set<number>(), customers: new Set<string>() };
  if (!input || typeof input !== 'object') return out;
  const b = input as Record<string, unknown>;
  const each = (k: string, f: (row: Record<string, unknown>) => void) => {
    if (Array.isArray(b[k])) for (const row of b[k] as unknown[]) if (row && typeof row === 'object') f(row as Record<string, unknown>);
  };
  each('services', (r) => typeof r.id === 'string' && out.services.add(r.id));
  each('rounds', (r) => typeof r.id === 'string' && out.rounds.add(r.id));
  each('customers', (r) => typeof r.id === 'string' && out.customers.add(r.id));
  each('properties', (r) => {
    const n = parseUprn(r.uprn);
    if (n !== null) out.uprns.add(n);
  });
  return out;
}
