/**
 * fast-check arbitraries derived from an OpenAPI 3.1 document's parameter and request-body
 * schemas, for the fuzz test (test/api/openapi-fuzz.test.ts):
 *
 * - `validValue(schema)`: values the schema accepts; a property or parameter whose name has a pool
 *   of real ids (uprn, round, reference…) draws from it most of the time, so valid requests reach
 *   existing rows instead of stopping at 404;
 * - `hostileString`, `hostileValue`, `mutate`: NUL bytes, lone surrogates, over-long values,
 *   wrong types, missing required fields, unknown fields, at any depth.
 */
import fc from 'fast-check';
import { resolveRef } from './json-schema.ts';

type Json = Record<string, any>;
export type Pools = Record<string, readonly unknown[]>;

export const LONG = 'x'.repeat(20_000);

/** Strings no well-behaved route may answer with a 5xx (the guard makes the first three 400s). */
export const hostileString = fc.constantFrom(
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDC00y',
  LONG,
  '',
  ' ',
  '../../etc/passwd',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '\u202e\u0301',
  '١٢٣',
  '９９',
  'NaN',
  '-1',
  '0',
  '9'.repeat(40),
  'null',
  '2026-02-30',
  '1e309',
  '%00',
  '\r\nX-Injected: 1',
);

/** Any JSON value, of the wrong type wherever it lands most of the time. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -9007199254740993, [], {}, [null], { '': '' }, [[[[[]]]]]),
  fc.integer(),
  fc.double(),
);

function deref(schema: Json | undefined, root: Json): Json {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) s = resolveRef(root, s.$ref);
  if (s.allOf?.length) {
    const parts = s.allOf.map((p: Json) => deref(p, root));
    const merged: Json = { ...s, allOf: undefined, type: 'object', properties: {}, required: [] };
    for (const p of parts) {
      Object.assign(merged.properties, p.properties ?? {});
      merged.required.push(...(p.required ?? []));
      if (p.type && p.type !== 'object') return p;
    }
    return merged;
  }
  return s;
}

const dateString = fc
  .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function stringFor(s: Json): fc.Arbitrary<string> {
  if (s.format === 'date') return dateString;
  if (s.format === 'date-time') return fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'uuid') return fc.uuid();
  // Plain addresses: fast-check's RFC 5322 ones include forms a sign-up form may fairly refuse.
  if (s.format === 'email') return fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z]{1,10}$/)).map(([u, d]) => `${u}@${d}.example`);
  if (s.format === 'binary') return fc.constant('');
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? 200));
    } catch {
      /* a pattern fast-check cannot read: plain strings below */
    }
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 80));
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
}

/** Values `schema` accepts; `name` (the property or parameter name) picks a pool of real ids. */
export function validValue(schema: Json | undefined, root: Json, pools: Pools, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(schema, root);
  const pool = name ? pools[name] : undefined;
  const own = fromSchema(s, root, pools, depth);
  if (pool?.length) return fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 4 }, { arbitrary: own, weight: 1 });
  return own;
}

function fromSchema(s: Json, root: Json, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const variants = s.anyOf ?? s.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v: Json) => validValue(v, root, pools, undefined, depth + 1)));
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : ['string'];
  return fc.oneof(...types.map((t) => ofType(t, s, root, pools, depth)));
}

function ofType(type: string, s: Json, root: Json, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1000);
      const max = s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : Math.max(min, 0) + 1000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'array': {
      if (depth > 6) return fc.constant([]);
      const minLength = s.minItems ?? 0;
      return fc.array(validValue(s.items, root, pools, undefined, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const props: Json = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      const entries = Object.entries(props).map(([k, v]) => [k, validValue(v, root, pools, k, depth + 1)] as const);
      if (!entries.length) return fc.constant({});
      return fc.record(Object.fromEntries(entries), { requiredKeys: Object.keys(props).filter((k) => required.has(k)) as any });
    }
    default:
      return stringFor(s);
  }
}

/** Every place in a JSON value, as a path of keys. */
function places(value: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) places(v, [...path, k], out);
  return out;
}

export type Mutation = { kind: 'replace'; value: unknown } | { kind: 'drop' } | { kind: 'add'; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: hostileValue.map((value) => ({ kind: 'replace' as const, value })), weight: 5 },
  { arbitrary: fc.constant({ kind: 'drop' as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('extra', '__proto__', 'constructor', '\u0000', ''), value: hostileValue }), weight: 1 },
);

/** Applies `m` at the `at`-th place of `value` (modulo the number of places); a deep copy. */
export function mutate(value: unknown, m: Mutation, at: number): unknown {
  const copy = structuredClone(value);
  const all = places(copy);
  const path = all[at % all.length];
  if (path.length === 0) {
    if (m.kind === 'replace') return m.value;
    if (m.kind === 'add' && copy && typeof copy === 'object' && !Array.isArray(copy)) {
      Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
    return m.kind === 'drop' ? undefined : copy;
  }
  const parent: any = path.slice(0, -1).reduce((node: any, k) => node[k], copy);
  const key = path[path.length - 1];
  if (m.kind === 'replace') parent[key] = m.value;
  else if (m.kind === 'drop') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
  else {
    const target = parent[key];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    } else parent[key] = m.value;
  }
  return copy;
}

/** Percent-encodes for a URL; lone surrogates (which encodeURIComponent refuses) become CESU-8 bytes, not UTF-8. */
export function encodeAny(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
          return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
        }
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

/** Raw URL fragments that do not decode at all. */
export const brokenEncodings = fc.constantFrom('%', '%zz', '%FF', '%C3%28', '%ED%A0%80', '%E2%82');
