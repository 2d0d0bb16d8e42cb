/**
 * Issue 10 item 6: the API is exactly what its OpenAPI document says. Walks the document the app
 * serves and, for every operation in it (whoever added it), sends requests generated from its
 * parameter and request-body schemas — valid ones with real ids from a seeded fixture, and hostile
 * ones (NUL bytes, lone surrogates, over-long values, broken percent-encoding, wrong types,
 * missing or unknown fields, malformed bodies, wrong content types, no Origin) — without
 * credentials, with a forged cookie, and with each kind of session the fixture has. It fails on:
 *
 * - any 5xx;
 * - any status the operation does not declare;
 * - a body that does not match the declared media type and schema for that status
 *   (an empty body where none is declared);
 * - a 2xx for a request without credentials to an operation that declares `security`;
 * - a 2xx for a request the document itself forbids (a required parameter missing, a value outside
 *   its schema, a body that fails the body schema).
 *
 * Deterministic: each operation's cases come from fast-check with a seed derived from the fixed
 * SEED and the operation's name, so adding an operation changes no other's cases.
 * FUZZ_RUNS (default 60) sets the cases per operation (FUZZ_BUDGET_MS, default 6 s, caps each one's time);
 * FUZZ_SEED explores other cases (CI keeps the fixed one). FUZZ_DEBUG=1 prints each operation's status counts, FUZZ_DEBUG=2 also every 400 to a request the document allows. FUZZ_OP=substring runs only matching ones.
 */
import { afterAll, expect, test } from 'bun:test';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { councils, users } from '../../db/schema/index.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import { MAX_QUERY_VALUE_CHARS, MAX_SEGMENT_CHARS, textProblem } from '../../server/middleware/input-guard.ts';
import { validate } from '../support/json-schema.ts';
import { brokenEncodings, encodeAny, hostileString, LONG, mutate, mutation, validValue, type Pools } from '../support/openapi-arbitraries.ts';
import { createApiKey } from '../../server/services/auth.ts';
import { seedCommercial, signIn } from './commercial-setup.ts';
import { HOME, NEIGHBOUR, FRIDAY_HOME, OTHER_HOME, WEDNESDAY, jsonPost, report } from './reports-setup.ts';
import { payAndSettle, seedContainerCouncils } from './containers-setup.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { JPEG_2X2, PNG_2X2 } from '../fixtures/crew-images.ts';

type Json = Record<string, any>;

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const ONLY = process.env.FUZZ_OP;
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 6_000);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

// ---- Fixture: Testshire and Otherton (reports set-up), Tradeborough and Elsewhere (commercial) ----

const database = await openTestDatabase();
afterAll(() => database.close());
// A high rate limit: the walk sends far more reports a minute than a person would (429 is tested in missed-reports.test.ts).
const t = buildTestApp(database, WEDNESDAY, { rateLimitPerMinute: 100_000 });
const { app } = t;
// Testshire offering garden waste, bulky collections and containers (containers-setup.ts), so the
// request routes are walked with real references, not only 404s.
await seedContainerCouncils(database);
await seedCommercial(database, t.deps);
const [{ passwordHash }] = await database.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, 'officer@tradeborough.example'));
const [{ id: testshire }] = await database.db.select({ id: councils.id }).from(councils).where(eq(councils.slug, 'testshire'));
await database.db.insert(users).values([
  { councilId: testshire, email: 'officer@testshire.example', passwordHash, role: 'officer' },
  { councilId: testshire, email: 'admin@testshire.example', passwordHash, role: 'admin' },
  { councilId: testshire, email: 'crew@testshire.example', passwordHash, role: 'crew' },
]);

interface Identity {
  name: string;
  cookie?: string;
  /** Sends the council's API key wherever the operation's apiKey schemes say. */
  apiKey?: string;
}
const ANONYMOUS: Identity = { name: 'anonymous' };
const FORGED: Identity = { name: 'forged cookie', cookie: 'kerbside_session=not-a-real-session-token' };
const STAFF: Identity[] = ['officer@testshire.example', 'admin@testshire.example', 'crew@testshire.example', 'owner@cornercafe.example', 'officer@tradeborough.example'].map((name) => ({ name }));
/** Fresh sessions (a walked `POST /auth/logout` ends the one it was sent with) and no rate limit left over. */
async function freshStart() {
  for (const identity of STAFF) identity.cookie = await signIn(database, t.clock, identity.name);
  await database.db.execute(sql`delete from rate_limits`);
}
await freshStart();
// For operations that declare an apiKey scheme other than the session cookie (Open311-style keys).
const KEYED: Identity = { name: 'api key', apiKey: (await createApiKey(t.deps, { councilSlug: 'testshire', name: 'fuzz' })).key };
const [officer, , crew] = STAFF;

async function must(res: Response | Promise<Response>, status: number) {
  const r = await res;
  if (r.status !== status) throw new Error(`fixture set-up: expected ${status}, got ${r.status}: ${await r.text()}`);
  return r.headers.get('content-type')?.includes('json') ? r.json() : undefined;
}

// Real ids for paths and bodies: two missed reports (one scheduled, for return visits), a photo,
// the published service changes.
const open = await must(app.request('/api/v1/missed-reports', jsonPost(report())), 201);
const scheduled = await must(app.request('/api/v1/missed-reports', jsonPost(report({ uprn: NEIGHBOUR }))), 201);
await must(app.request(`/api/v1/missed-reports/${scheduled.reference}`, { method: 'PATCH', headers: { cookie: officer.cookie!, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'scheduled' }) }), 200);
const photo = await must(app.request('/api/v1/crew/photos', { method: 'POST', headers: { cookie: crew.cookie!, 'content-type': 'image/png' }, body: PNG_2X2 }), 201);
const changes = (await must(app.request('/api/v1/exceptions', { headers: { cookie: officer.cookie! } }), 200)) as Array<{ id: string }>;
// A paid garden subscription, bulky booking and container request (and an unpaid container request).
const payCtx = { db: t.deps.db, clock: t.deps.clock, payments: paymentsFor(t.deps) };
const garden = await must(app.request('/api/v1/garden-subscriptions', jsonPost({ uprn: NEIGHBOUR, bins: 1, name: 'Ada Resident', email: 'ada@example.org' })), 201);
await payAndSettle(payCtx, garden.payment.nextUrl);
const [slot] = (await must(app.request(`/api/v1/bulky/slots?uprn=${HOME}`), 200)) as Array<{ date: string }>;
const bulky = await must(app.request('/api/v1/bulky-bookings', jsonPost({ uprn: HOME, date: slot.date, items: [{ id: 'sofa', quantity: 1 }], location: 'Front garden', name: 'Ada Resident', email: 'ada@example.org' })), 201);
await payAndSettle(payCtx, bulky.payment.nextUrl);
const bin = await must(app.request('/api/v1/container-requests', jsonPost({ uprn: HOME, container: 'refuse-240', reason: 'damaged', quantity: 1, name: 'Ada Resident', email: 'ada@example.org' })), 201);
await payAndSettle(payCtx, bin.payment.nextUrl);
const unpaid = await must(app.request('/api/v1/container-requests', jsonPost({ uprn: HOME, container: 'food-caddy', reason: 'missing', quantity: 1, name: 'Ada Resident', email: 'ada@example.org' })), 201);

const DATES = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-07', '2026-09-08', '2026-09-14', '2026-12-25', '2027-01-04'];
const ROUNDS = ['REF-MON', 'REC-MON', 'FOOD-MON', 'GDN-THU', 'REF-FRI', 'COM-WED', 'O-TUE', 'TR-MON', 'REF-TUE'];
const UPRNS = [HOME, NEIGHBOUR, FRIDAY_HOME, '100090000005', OTHER_HOME, '900000000001', '900000000004'];
const POOLS: Pools = {
  uprn: UPRNS,
  uprns: [[HOME], [HOME, NEIGHBOUR], ['100090000005', FRIDAY_HOME]],
  round: ROUNDS,
  toRound: ROUNDS,
  rounds: [['REF-MON'], ['REF-FRI', 'REC-MON']],
  reference: [open.reference, scheduled.reference, 'CW-TB-0001', 'CW-TB-0002', 'KB-26-999999', garden.reference, bulky.reference, bin.reference, unpaid.reference],
  id: [photo.id, ...changes.map((c) => c.id), 'corner-cafe'],
  date: DATES,
  from: DATES,
  to: DATES,
  on: DATES,
  anchor: DATES,
  start: ['2026-09-01'],
  end: ['2027-08-31'],
  service: ['refuse', 'recycling', 'food', 'garden', 'trade-refuse', 'trade-food'],
  services: [['refuse'], ['food', 'garden']],
  customer: ['corner-cafe', 'little-bean'],
  email: ['officer@testshire.example', 'ada@example.org'],
  container: ['refuse-240', 'recycling-240', 'food-caddy'],
  reason: ['damaged', 'missing', 'extra'],
  bins: [1, 2],
  password: ['a long enough password', 'wrong password'],
  postcode: ['TE1 1AB', 'te11ad', 'TB1 2BB', 'OT1 1AA'],
  q: ['Acorn', 'Beech Road', 'market'],
  council: ['testshire', 'tradeborough', 'otherton'],
  bbox: ['-1.1,52.0,-1.0,52.1', '-1.2,52.9,-1.1,53.0', '-180,-90,180,90'],
  zoom: ['12', '17', '18'],
  status: ['scheduled', 'resolved', 'closed', 'in_progress', 'completed'],
  outcome: ['collected', 'not_presented'],
  sic: ['56101', '47110'],
  everyWeeks: [1, 2],
};

const res = await app.request('/api/v1/openapi.json');
const doc: Json = await res.json();

// ---- Cases --------------------------------------------------------------------------------------

type ParamValue = { kind: 'value'; value: string } | { kind: 'raw'; value: string } | { kind: 'absent' };
type Body =
  | { kind: 'none' }
  | { kind: 'value'; type: string; value: unknown; mutated: boolean }
  | { kind: 'raw'; type: string | undefined; bytes: string | Uint8Array; label: string };

interface Case {
  identity: Identity;
  origin: boolean;
  /** A query parameter the operation does not list (the input guard reads every one). */
  extra: [string, ParamValue] | null;
  /** On GETs: a validator, to reach the 304 paths. */
  ifNoneMatch: string | null;
  params: Record<string, ParamValue>;
  body: Body;
}

const stringify = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A value the parameter's schema accepts (or, when optional, none). */
function validParamArb(p: Json): fc.Arbitrary<ParamValue> {
  const valid = validValue(p.schema, doc, POOLS, p.name).map((v) => ({ kind: 'value' as const, value: stringify(v) }));
  if (p.required || p.in === 'path') return valid;
  return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: fc.constant({ kind: 'absent' as const }), weight: 1 });
}

/** Mostly valid, sometimes hostile, broken or missing. */
function paramArb(p: Json): fc.Arbitrary<ParamValue> {
  const hostile = hostileString.filter((s) => p.in !== 'path' || s !== '').map((value) => ({ kind: 'value' as const, value }));
  const options: Array<{ arbitrary: fc.Arbitrary<ParamValue>; weight: number }> = [
    { arbitrary: validParamArb(p), weight: 8 },
    { arbitrary: hostile, weight: 3 },
  ];
  // Header values are byte strings: no NUL, nothing above U+00FF (the Fetch API refuses them).
  if (p.in === 'header') {
    options[1] = { arbitrary: fc.constantFrom('x'.repeat(9000), 'é', ' ', '').map((value) => ({ kind: 'value' as const, value })), weight: 3 };
  } else options.push({ arbitrary: brokenEncodings.map((value) => ({ kind: 'raw' as const, value })), weight: 1 });
  if (p.in !== 'path') options.push({ arbitrary: fc.constant({ kind: 'absent' as const }), weight: 1 });
  return fc.oneof(...options);
}

const RAW_BODIES: Array<{ type: string | undefined; bytes: string | Uint8Array; label: string }> = [
  { type: 'application/json', bytes: '{', label: 'truncated JSON' },
  { type: 'application/json', bytes: '', label: 'empty JSON' },
  { type: 'application/json', bytes: 'null', label: 'JSON null' },
  { type: 'application/json', bytes: '[]', label: 'JSON array' },
  { type: 'application/json', bytes: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), label: 'JSON that is not UTF-8' },
  { type: 'application/json', bytes: `{"note":"${'y'.repeat(1_100_000)}"}`, label: 'JSON over 1 MB' },
  { type: 'application/x-www-form-urlencoded', bytes: 'a=%zz&b', label: 'broken form' },
  { type: 'application/x-www-form-urlencoded', bytes: new Uint8Array([0x61, 0x3d, 0xc3, 0x28]), label: 'form that is not UTF-8' },
  { type: 'text/plain', bytes: 'hello', label: 'text/plain' },
  { type: undefined, bytes: '{"a":1}', label: 'no content type' },
  { type: 'application/octet-stream', bytes: PNG_2X2, label: 'PNG bytes' },
  { type: 'image/jpeg', bytes: JPEG_2X2, label: 'JPEG bytes' },
  { type: 'application/octet-stream', bytes: new Uint8Array(0), label: 'no bytes' },
  { type: 'multipart/form-data; boundary=x', bytes: '--x\r\nbroken', label: 'broken multipart' },
];

function validBodyArb(op: Json): fc.Arbitrary<Body> {
  const content: Json | undefined = op.requestBody?.content;
  if (!content) return fc.constant({ kind: 'none' as const });
  return fc.oneof(
    ...Object.entries(content).map(([type, media]) =>
      isStructured(type)
        ? validValue((media as Json).schema, doc, POOLS).map((value) => ({ kind: 'value' as const, type, value, mutated: false }))
        : fc.constantFrom(PNG_2X2, JPEG_2X2).map((value) => ({ kind: 'value' as const, type, value, mutated: false })),
    ),
  );
}

function bodyArb(op: Json): fc.Arbitrary<Body> {
  const content: Json | undefined = op.requestBody?.content;
  if (!content) return fc.oneof({ arbitrary: fc.constant({ kind: 'none' as const }), weight: 9 }, { arbitrary: fc.constantFrom(...RAW_BODIES).map((r) => ({ kind: 'raw' as const, ...r })), weight: 1 });
  const typed = Object.entries(content).map(([type, media]) => {
    if (!isStructured(type)) {
      // Bytes: real images and random ones.
      const bytes = fc.oneof(fc.constantFrom(PNG_2X2, JPEG_2X2), fc.uint8Array({ maxLength: 64 }));
      return bytes.map((value) => ({ kind: 'value' as const, type, value, mutated: false }));
    }
    const valid = validValue((media as Json).schema, doc, POOLS);
    return fc.oneof(
      { arbitrary: valid.map((value) => ({ kind: 'value' as const, type, value, mutated: false })), weight: 5 },
      { arbitrary: fc.tuple(valid, mutation, fc.nat()).map(([v, m, at]) => ({ kind: 'value' as const, type, value: mutate(v, m, at), mutated: true })), weight: 4 },
    );
  });
  return fc.oneof(
    { arbitrary: fc.oneof(...typed), weight: 8 },
    { arbitrary: fc.constantFrom(...RAW_BODIES).map((r) => ({ kind: 'raw' as const, ...r })), weight: 2 },
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: op.requestBody.required ? 1 : 2 },
  );
}

const isStructured = (type: string) => type.includes('json') || type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
const securedOp = (op: Json) => Array.isArray(op.security) && op.security.length > 0 && !op.security.some((s: Json) => Object.keys(s).length === 0);
/** The apiKey schemes (other than the session cookie) the operation accepts. */
const keySchemes = (op: Json): Json[] =>
  (Array.isArray(op.security) ? op.security : [])
    .flatMap((s: Json) => Object.keys(s))
    .filter((name: string) => name !== 'session')
    .map((name: string) => doc.components?.securitySchemes?.[name])
    .filter((scheme: Json | undefined) => scheme?.type === 'apiKey');
const mentionsSession = (op: Json) => Array.isArray(op.security) && op.security.some((s: Json) => 'session' in s);

function caseArb(op: Json): fc.Arbitrary<Case> {
  const params: Json[] = op.parameters ?? [];
  const identities = mentionsSession(op) ? [ANONYMOUS, FORGED, ...STAFF, ...STAFF] : [ANONYMOUS, ANONYMOUS, ANONYMOUS, FORGED, STAFF[0]];
  if (keySchemes(op).length) identities.push(KEYED, KEYED, KEYED);
  const paramsOf = (arb: (p: Json) => fc.Arbitrary<ParamValue>) =>
    fc.record(Object.fromEntries(params.map((p) => [`${p.in}:${p.name}`, arb(p)]))) as fc.Arbitrary<Record<string, ParamValue>>;
  const ifNoneMatch = fc.option(fc.constantFrom('*', '"nope"', 'W/"x", "y"', ''), { freq: 3 });
  // Half the cases are requests the document allows (from its schemas, with real ids); the other
  // half are hostile somewhere: a parameter, the body, an unlisted query parameter, no Origin.
  const valid = fc.record({
    identity: fc.constantFrom(...identities),
    origin: fc.constant(true),
    params: paramsOf(validParamArb),
    body: validBodyArb(op),
    extra: fc.constant(null),
    ifNoneMatch,
  });
  const hostile = fc.record({
    identity: fc.constantFrom(...identities),
    origin: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }),
    params: paramsOf(paramArb),
    body: bodyArb(op),
    extra: fc.option(
      fc.tuple(
        fc.constantFrom('extra', 'x\u0000', '', '__proto__', 'a'.repeat(1500)),
        fc.oneof(hostileString.map((value) => ({ kind: 'value' as const, value })), brokenEncodings.map((value) => ({ kind: 'raw' as const, value }))),
      ),
      { freq: 4 },
    ),
    ifNoneMatch,
  });
  return fc.oneof(valid, hostile);
}

// ---- Requests -----------------------------------------------------------------------------------

const encoded = (v: ParamValue) => (v.kind === 'raw' ? v.value : v.kind === 'value' ? encodeAny(v.value) : '');

function formOf(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return encodeAny(stringify(value));
  return Object.entries(value)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
    .map(([k, v]) => `${encodeAny(String(k))}=${encodeAny(stringify(v))}`)
    .join('&');
}

function buildRequest(path: string, method: string, op: Json, c: Case): { url: string; init: RequestInit } {
  let url = path;
  const query: string[] = [];
  const headers = new Headers();
  for (const p of (op.parameters ?? []) as Json[]) {
    const v = c.params[`${p.in}:${p.name}`];
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encoded(v) || 'x');
    else if (v.kind === 'absent') continue;
    else if (p.in === 'query') query.push(`${encodeAny(p.name)}=${encoded(v)}`);
    else if (p.in === 'header') headers.set(p.name, v.value);
    else if (p.in === 'cookie') headers.append('cookie', `${p.name}=${encoded(v)}`);
  }
  if (c.identity.apiKey) {
    for (const scheme of keySchemes(op)) {
      if (scheme.in === 'header') headers.set(scheme.name, c.identity.apiKey);
      else if (scheme.in === 'cookie') headers.append('cookie', `${scheme.name}=${c.identity.apiKey}`);
      else query.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(c.identity.apiKey)}`);
    }
  }
  if (c.extra) query.push(`${encodeAny(c.extra[0])}=${encoded(c.extra[1])}`);
  if (query.length) url += `?${query.join('&')}`;
  if (c.ifNoneMatch !== null && method === 'get') headers.set('if-none-match', c.ifNoneMatch);
  if (c.identity.cookie) headers.append('cookie', c.identity.cookie);
  if (c.origin) headers.set('origin', 'http://localhost');
  let body: BodyInit | undefined;
  const b = c.body;
  if (b.kind === 'raw') {
    if (b.type) headers.set('content-type', b.type);
    body = b.bytes as BodyInit;
  } else if (b.kind === 'value') {
    if (b.type === 'multipart/form-data') {
      const form = new FormData();
      const photoBytes = typeof b.value === 'object' && b.value && 'photo' in (b.value as Json) ? PNG_2X2 : new Uint8Array([1, 2, 3]);
      form.set('photo', new File([photoBytes], 'photo.png', { type: 'image/png' }));
      body = form;
    } else if (b.type === 'application/x-www-form-urlencoded') {
      headers.set('content-type', b.type);
      body = formOf(b.value);
    } else if (b.type.includes('json')) {
      headers.set('content-type', b.type);
      body = b.value === undefined ? '' : JSON.stringify(b.value);
    } else {
      headers.set('content-type', b.type);
      body = b.value as BodyInit;
    }
  }
  return { url, init: { method: method.toUpperCase(), headers, body } };
}

/** Whether the document itself says this request is wrong (so no 2xx may answer it). */
function forbiddenByDocument(op: Json, c: Case): string | undefined {
  for (const p of (op.parameters ?? []) as Json[]) {
    const v = c.params[`${p.in}:${p.name}`];
    if (v.kind === 'absent') {
      if (p.required) return `required ${p.in} parameter ${p.name} missing`;
      continue;
    }
    if (v.kind === 'raw') return `${p.in} parameter ${p.name} does not decode`;
    const value = coerce(p.schema, v.value);
    const errors = validate(p.schema, value, doc);
    if (errors.length) return `${p.in} parameter ${p.name}: ${errors[0].message}`;
  }
  if (c.extra) {
    const [name, v] = c.extra;
    if (v.kind !== 'value' || textProblem(name, MAX_SEGMENT_CHARS) || textProblem(v.value, MAX_QUERY_VALUE_CHARS)) return `query ${JSON.stringify(name.slice(0, 20))} is not valid text`;
  }
  const content: Json | undefined = op.requestBody?.content;
  if (!content) return undefined;
  const b = c.body;
  if (b.kind === 'none') return op.requestBody.required ? 'required body missing' : undefined;
  if (b.kind === 'raw') {
    const declared = b.type && content[b.type.split(';')[0]];
    return declared && b.type?.includes('json') ? `body: ${b.label}` : declared ? undefined : `body of undeclared type ${b.type}`;
  }
  if (!isStructured(b.type) || b.type === 'multipart/form-data' || !content[b.type]?.schema) return undefined;
  // What the server will parse: JSON round-trips; a form has only strings (the last of repeated keys).
  const sent = b.type.includes('json')
    ? b.value === undefined ? undefined : JSON.parse(JSON.stringify(b.value))
    : Object.fromEntries(new URLSearchParams(formOf(b.value)));
  if (sent === undefined) return 'body missing';
  const errors = validate(content[b.type].schema, sent, doc);
  if (errors.length) return `body ${errors[0].path}: ${errors[0].message}`;
  if (JSON.stringify(sent).match(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i)) return 'body has a NUL or lone surrogate';
  return undefined;
}

function coerce(schema: Json | undefined, raw: string): unknown {
  const types: string[] = Array.isArray(schema?.type) ? schema!.type : schema?.type ? [schema.type] : [];
  if ((types.includes('integer') || types.includes('number')) && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

// ---- Checks -------------------------------------------------------------------------------------

async function problemsWith(op: Json, c: Case, res: Response): Promise<string[]> {
  const problems: string[] = [];
  const status = String(res.status);
  const text = await res.text();
  if (res.status >= 500) problems.push(`${status} answer: ${text.slice(0, 200)}`);
  const declared = op.responses?.[status] ?? op.responses?.[`${status[0]}XX`] ?? op.responses?.default;
  if (!declared) problems.push(`status ${status} is not declared (declared: ${Object.keys(op.responses ?? {}).join(', ')}): ${text.slice(0, 200)}`);
  else problems.push(...bodyProblems(declared, res, text));
  if (res.status < 300 && securedOp(op) && (c.identity === ANONYMOUS || c.identity === FORGED)) problems.push(`${status} without credentials to an operation that declares security`);
  if (res.status < 300) {
    const why = forbiddenByDocument(op, c);
    if (why) problems.push(`${status} for a request the document forbids (${why})`);
  }
  return problems;
}

function bodyProblems(declared: Json, res: Response, text: string): string[] {
  const content: Json | undefined = declared.content;
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!content || !Object.keys(content).length) {
    return text.length ? [`status ${res.status} declares no body but got ${type || 'untyped'} ${text.slice(0, 120)}`] : [];
  }
  const media = content[type];
  if (!media) return [`status ${res.status} answered ${type || 'no content type'}, declared ${Object.keys(content).join(', ')}`];
  if (!(type === 'application/json' || type.endsWith('+json'))) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [`status ${res.status} ${type} body is not JSON: ${text.slice(0, 120)}`];
  }
  return validate(media.schema, value, doc)
    .slice(0, 3)
    .map((e) => `status ${res.status} body ${e.path}: ${e.message}`);
}

// ---- The walk -----------------------------------------------------------------------------------

const hash = (s: string) => [...s].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, SEED);
const short = (s: unknown) => {
  const text = typeof s === 'string' ? s : s instanceof Uint8Array ? `<${s.length} bytes>` : JSON.stringify(s) ?? String(s);
  return text.replaceAll(LONG, `x×${LONG.length}`).slice(0, 300);
};

const operations: Array<[string, string, Json]> = [];
for (const [path, item] of Object.entries<Json>(doc.paths)) {
  for (const method of METHODS) if (item[method]) operations.push([method, path, item[method]]);
}

test('the document lists operations to walk', () => {
  expect(operations.length).toBeGreaterThan(20);
});

for (const [method, path, op] of operations) {
  const name = `${method.toUpperCase()} ${path}`;
  if (ONLY && !name.includes(ONLY)) continue;
  test(`${name}: no 5xx, only declared statuses, bodies as declared`, async () => {
    await freshStart();
    const cases = fc.sample(caseArb(op), { seed: hash(name), numRuns: RUNS });
    const found = new Map<string, string>();
    const statuses: Record<string, number> = {};
    const started = performance.now();
    for (const c of cases) {
      // A bound on wall time as well as on cases: sign-in hashes passwords on purpose slowly.
      if (performance.now() - started > BUDGET_MS) break;
      const { url, init } = buildRequest(path, method, op, c);
      const res = await app.request(url, init);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (process.env.FUZZ_DEBUG === '2' && res.status === 400 && !forbiddenByDocument(op, c)) console.error(name, short(url), short(init.body), await res.clone().text());
      for (const problem of await problemsWith(op, c, res)) {
        const key = problem.replace(/:.*$/s, '').replace(/\[\d+\]/g, '[]');
        if (!found.has(key)) {
          const body = c.body.kind === 'value' ? `${c.body.type} ${short(c.body.value)}` : c.body.kind === 'raw' ? `${c.body.type} ${c.body.label}` : '';
          found.set(key, `${name}: ${problem}\n    ${init.method} ${short(url)} as ${c.identity.name}${c.origin ? '' : ' (no Origin)'} ${body}`);
        }
      }
    }
    if (process.env.FUZZ_DEBUG) console.error(name, JSON.stringify(statuses));
    expect([...found.values()]).toEqual([]);
    // The walk must get past validation and authorization somewhere, or it proves nothing.
    const reached = Object.entries(statuses).filter(([s]) => !['400', '401', '403', '413', '415'].includes(s));
    expect({ name, reached: reached.length > 0 }).toEqual({ name, reached: true });
    if (mentionsSession(op) || keySchemes(op).length) expect({ name, signedIn: cases.some((c) => STAFF.includes(c.identity) || c.identity === KEYED) }).toEqual({ name, signedIn: true });
  }, 120_000);
}

// ---- What the walk found, pinned down ----------------------------------------------------------

test('a JSON body without Content-Length to the photo upload is refused, not a 500 (the guard had used up the stream)', async () => {
  await freshStart();
  const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('{"photo":1}')), c.close()) });
  const res = await app.request('/api/v1/crew/photos', { method: 'POST', headers: { cookie: crew.cookie!, 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
  expect(res.status).toBe(415);
  expect((await res.json()).error.code).toBe('unsupported_image');
});

test('an impossible date on GET /exceptions is 400, not a 500 from PostgreSQL', async () => {
  await freshStart();
  for (const q of ['from=2026-02-30', 'to=2026-13-01']) {
    const res = await app.request(`/api/v1/exceptions?${q}`, { headers: { cookie: officer.cookie! } });
    expect({ q, status: res.status }).toEqual({ q, status: 400 });
    expect((await res.json()).error.code).toBe('invalid_request');
  }
});
