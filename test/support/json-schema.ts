/**
 * A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) validator for the subset the Kerbside
 * document contains: $ref (to #/components/schemas), type (one or a list, "null" included),
 * properties, required, additionalProperties, items, enum, const, anyOf, oneOf, allOf, pattern,
 * format (date, date-time, uuid, email), minLength/maxLength, minimum/maximum (and exclusive),
 * minItems/maxItems. Keywords it does not know are ignored, as a validator must; descriptions,
 * examples and defaults never constrain. Used by the OpenAPI fuzz test to check answers.
 */
type Json = Record<string, any>;

export interface SchemaError {
  path: string;
  message: string;
}

const FORMATS: Record<string, (s: string) => boolean> = {
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  email: (s) => /^[^\s@]+@[^\s@]+$/.test(s),
};

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

const typeMatches = (wanted: string, actual: string) => wanted === actual || (wanted === 'number' && actual === 'integer');

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Follows `#/components/schemas/X` (and any other local JSON pointer) within `root`. */
export function resolveRef(root: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: any = root;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`$ref ${ref} points nowhere`);
  return node;
}

/** Every way `value` fails `schema` (empty when it conforms). */
export function validate(schema: Json | boolean | undefined, value: unknown, root: Json, path = '$'): SchemaError[] {
  if (schema === undefined || schema === true) return [];
  if (schema === false) return [{ path, message: 'no value is allowed here' }];
  const errors: SchemaError[] = [];
  const fail = (message: string) => errors.push({ path, message });

  if (schema.$ref) errors.push(...validate(resolveRef(root, schema.$ref), value, root, path));

  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, actual))) {
      fail(`expected ${types.join(' | ')}, got ${actual}`);
      return errors;
    }
  }
  if (schema.enum && !schema.enum.some((e: unknown) => deepEqual(e, value))) fail(`not one of ${JSON.stringify(schema.enum)}: ${JSON.stringify(value)}`);
  if ('const' in schema && !deepEqual(schema.const, value)) fail(`expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);

  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (schema.pattern && !safeRegExp(schema.pattern).test(value)) fail(`${JSON.stringify(value)} does not match ${schema.pattern}`);
    const format = schema.format && FORMATS[schema.format];
    if (format && !format(value)) fail(`${JSON.stringify(value)} is not a ${schema.format}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => errors.push(...validate(schema.items, item, root, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const object = value as Json;
    for (const name of schema.required ?? []) if (!(name in object)) fail(`missing required property "${name}"`);
    const known = schema.properties ?? {};
    for (const [name, v] of Object.entries(object)) {
      if (name in known) errors.push(...validate(known[name], v, root, `${path}.${name}`));
      else if (schema.additionalProperties === false) fail(`property "${name}" is not in the schema`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties, v, root, `${path}.${name}`));
    }
  }

  for (const sub of schema.allOf ?? []) errors.push(...validate(sub, value, root, path));
  if (schema.anyOf && !schema.anyOf.some((sub: Json) => validate(sub, value, root, path).length === 0)) {
    fail(`matches none of anyOf (${schema.anyOf.length}): ${firstProblems(schema.anyOf, value, root, path)}`);
  }
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((sub: Json) => validate(sub, value, root, path).length === 0).length;
    if (matching !== 1) fail(`matches ${matching} of oneOf (${schema.oneOf.length}), not exactly one: ${firstProblems(schema.oneOf, value, root, path)}`);
  }
  return errors;
}

function firstProblems(subs: Json[], value: unknown, root: Json, path: string): string {
  return subs.map((sub) => validate(sub, value, root, path)[0]).filter(Boolean).map((e) => `${e!.path} ${e!.message}`).join('; ');
}

/** JSON Schema patterns are ECMA-262 with the u flag; fall back to plain for ones written without it in mind. */
function safeRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}
