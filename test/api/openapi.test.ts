import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
let doc: any;
beforeAll(async () => {
  database = await openTestDatabase();
  const { app } = buildTestApp(database);
  const res = await app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toContain('application/json');
  doc = await res.json();
});
afterAll(() => database.close());

const OURS = {
  '/api/v1/addresses': { method: 'get', params: { postcode: 'query', q: 'query', council: 'query' } },
  '/api/v1/properties/{uprn}': { method: 'get', params: { uprn: 'path', lang: 'query' } },
  '/api/v1/properties/{uprn}/collections': { method: 'get', params: { uprn: 'path', from: 'query', to: 'query', lang: 'query' } },
  '/api/v1/properties/{uprn}/bins': { method: 'get', params: { uprn: 'path', lang: 'query' } },
} as const;

test('the document is OpenAPI 3.1 with info and absolute /api/v1 paths', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.info.title).toBe('Kerbside API');
  expect(typeof doc.info.version).toBe('string');
  for (const path of Object.keys(doc.paths)) expect(['/health', '/ready', '/metrics'].includes(path) || path.startsWith('/api/v1/')).toBe(true);
  expect(doc.paths['/health'].get.responses['200']).toBeDefined();
});

test('the operations endpoints are documented with their statuses, /metrics with its optional bearer token', () => {
  for (const path of ['/health', '/ready', '/metrics']) {
    expect(Object.keys(doc.paths[path].get.responses).sort()).toEqual(path === '/metrics' ? ['200', '400', '401', '503'] : ['200', '400', '503']);
    expect(doc.paths[path].get.responses['503'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
  }
  expect(doc.paths['/ready'].get.responses['200'].content['application/json'].schema.properties.status.const).toBe('ready');
  expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
  expect(doc.paths['/metrics'].get.security).toEqual([{}, { metricsToken: [] }]);
  expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
});

test('lists every public schedule path with its parameters', () => {
  for (const [path, { method, params }] of Object.entries(OURS)) {
    const op = doc.paths[path]?.[method];
    expect(op).toBeDefined();
    const listed = Object.fromEntries(op.parameters.map((p: any) => [p.name, p.in]));
    expect(listed).toEqual(params);
    const uprn = op.parameters.find((p: any) => p.name === 'uprn');
    if (uprn) {
      expect(uprn.required).toBe(true);
      expect(uprn.schema.pattern).toBe('^[0-9]{1,12}$');
    }
  }
  const from = doc.paths['/api/v1/properties/{uprn}/collections'].get.parameters.find((p: any) => p.name === 'from');
  expect(from.required).toBe(false);
  expect(from.schema.format).toBe('date');
});

/** Follows a $ref within the document. */
const resolve = (schema: any): any => (schema?.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()]) : schema);

test('responses are described by the zod schemas, errors by the one error shape', () => {
  const property = resolve(doc.paths['/api/v1/properties/{uprn}'].get.responses['200'].content['application/json'].schema);
  expect(property.required).toEqual(expect.arrayContaining(['uprn', 'address', 'postcode', 'lat', 'lon', 'council', 'services']));
  const svc = resolve(property.properties.services.items);
  expect(Object.keys(svc.properties)).toEqual(expect.arrayContaining([
    'id', 'name', 'stream', 'container', 'colour', 'frequency', 'next', 'last', 'reportable', 'reportBlockedReason', 'subscription',
  ]));
  expect(svc.required).not.toContain('reportBlockedReason');

  const bins = resolve(doc.paths['/api/v1/properties/{uprn}/bins'].get.responses['200'].content['application/json'].schema);
  const bin = resolve(bins.properties.bins.items);
  expect(bin.required).toEqual(['type', 'collectionDate']);

  const addresses = doc.paths['/api/v1/addresses'].get.responses['200'].content['application/json'].schema;
  expect(addresses.type).toBe('array');
  expect(resolve(addresses.items).required).toEqual(['uprn', 'address', 'postcode', 'council']);

  const collections = doc.paths['/api/v1/properties/{uprn}/collections'].get.responses;
  const error = resolve(collections['400'].content['application/json'].schema);
  expect(error.required).toEqual(['error']);
  expect(error.properties.error.required).toEqual(['code', 'message']);
  expect(collections['400'].description).toContain('range_too_long');
  expect(doc.paths['/api/v1/properties/{uprn}'].get.responses['404']).toBeDefined();
});

test('every $ref points at a schema the document defines', () => {
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    const name = ref.slice(ref.lastIndexOf('/') + 1, -1);
    expect(doc.components.schemas[name]).toBeDefined();
  }
});

test('/api/docs lists every path, method, parameter and response schema, with no external resources', async () => {
  const { app } = buildTestApp(database);
  const res = await app.request('/api/docs');
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toContain('text/html');
  const html = await res.text();
  for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`);
  for (const { params } of Object.values(OURS)) for (const name of Object.keys(params)) expect(html).toContain(`<code>${name}</code>`);
  for (const name of ['Property', 'PropertyService', 'Collection', 'Bins', 'Address', 'Error']) expect(html).toContain(`id="schema-${name}"`);
  expect(html).toContain('href="/api/v1/openapi.json"');
  // CSP is 'self' and the machine may be offline: nothing from elsewhere, no inline style or script.
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).not.toContain('<script');
  expect(html).not.toContain('<style');
  const css = await app.request('/api/docs/docs.css');
  expect(css.status).toBe(200);
  expect(css.headers.get('Content-Type')).toContain('text/css');
});
