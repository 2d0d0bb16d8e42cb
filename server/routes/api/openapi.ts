/**
 * The API's description, generated from the same zod schemas that validate requests:
 * `/api/v1/openapi.json` (OpenAPI 3.1) and `/api/docs`, a plain server-rendered page listing every
 * path, method, parameter and response schema (no CDN, no script: the CSP is 'self' and the
 * machine may have no network).
 */
import { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.ts';
import { METRICS_SECURITY_SCHEME, OPS_PATHS } from '../../ops/openapi.ts';
import { addCommonAnswers } from './openapi-common.ts';

type Doc = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;
type Json = Record<string, any>;

export const API_PREFIX = '/api/v1';

const documents = new WeakMap<object, Doc>();

/**
 * The OpenAPI 3.1 document for everything mounted on `router` (paths made absolute under
 * /api/v1), plus the operations endpoints /health, /ready and /metrics. Built once per router: routes are all mounted at start-up.
 */
export function openApiDocument(router: OpenAPIHono<AppEnv>): Doc {
  const hit = documents.get(router);
  if (hit) return hit;
  const generated = router.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Kerbside API',
      version: '1.0.0',
      description:
        'Household and commercial waste collections: addresses, property bin schedules, missed-collection reports. ' +
        'Every error is `{ "error": { "code", "message" } }` with a stable `code`. Dates are council-local `YYYY-MM-DD`.',
      license: { name: 'Open data; see the council' },
    },
  });
  const paths: Json = structuredClone(OPS_PATHS);
  for (const [path, item] of Object.entries(generated.paths ?? {})) {
    const absolute = (API_PREFIX + (path === '/' ? '' : path)).replace(/\/$/, '') || '/';
    paths[absolute] = item;
  }
  const components = { ...generated.components, securitySchemes: { ...METRICS_SECURITY_SCHEME, ...generated.components?.securitySchemes } };
  const doc = addCommonAnswers({ ...generated, components, paths }) as Doc;
  documents.set(router, doc);
  return doc;
}

/** Mounted at /api/v1: serves /openapi.json. Hidden from the document itself. */
export function openApiRoutes(router: OpenAPIHono<AppEnv>) {
  return new Hono<AppEnv>().get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openApiDocument(router));
  });
}

/** Mounted at /api/docs: the browsable page and its stylesheet. */
export function apiDocsRoutes(router: OpenAPIHono<AppEnv>) {
  return new Hono<AppEnv>()
    .get('/', (c) => c.html(renderDocsPage(openApiDocument(router))))
    .get('/docs.css', (c) => c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
}

// ---------------------------------------------------------------------------------------------
// Rendering

const esc = (v: unknown) =>
  String(v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Inline `code` spans in descriptions, escaped. */
const prose = (text: unknown) => esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const anchor = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '');
const refName = (ref: string) => ref.split('/').pop() ?? ref;

/** "string (date)", "integer", "array of Address", "Property", "string | null". */
function typeLabel(schema: Json | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return `<a href="#schema-${esc(refName(schema.$ref))}">${esc(refName(schema.$ref))}</a>`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map((s: Json) => typeLabel(s)).join(' | ');
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const labels = types.map((t) => {
    if (t === 'array') return `array of ${typeLabel(schema.items)}`;
    if (t === 'object' && !schema.properties) return 'object';
    let label = esc(t);
    if (schema.format) label += ` (${esc(schema.format)})`;
    return label;
  });
  if (schema.enum) labels.push(`one of ${schema.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(', ')}`);
  if (schema.const !== undefined) labels.push(`<code>${esc(JSON.stringify(schema.const))}</code>`);
  return labels.join(' | ') || 'any';
}

function constraints(schema: Json): string {
  const out: string[] = [];
  if (schema.pattern) out.push(`pattern <code>${esc(schema.pattern)}</code>`);
  for (const k of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems']) {
    if (schema[k] !== undefined) out.push(`${k} ${esc(schema[k])}`);
  }
  if (schema.example !== undefined) out.push(`example <code>${esc(JSON.stringify(schema.example))}</code>`);
  return out.join('; ');
}

/** An object's fields as a table (nested objects inline); anything else as its type. */
function schemaBlock(schema: Json | undefined, depth = 0): string {
  if (!schema) return '<p>No body.</p>';
  const objectSchema =
    schema.properties ? schema : schema.type === 'array' && schema.items?.properties ? schema.items : undefined;
  if (!objectSchema || depth > 4) {
    const extra = schema.description ? ` — ${prose(schema.description)}` : '';
    return `<p>${typeLabel(schema)}${extra}</p>`;
  }
  const required = new Set<string>(objectSchema.required ?? []);
  const rows = Object.entries<Json>(objectSchema.properties)
    .map(([name, prop]) => {
      const nested = prop.properties || (prop.type === 'array' && prop.items?.properties) ? schemaBlock(prop, depth + 1) : '';
      const notes = [prop.description ? prose(prop.description) : '', constraints(prop)].filter(Boolean).join('<br>');
      return `<tr><td><code>${esc(name)}</code>${required.has(name) ? '' : ' <span class="opt">optional</span>'}</td>` +
        `<td>${nested ? (schema === objectSchema ? 'object' : 'array of objects') : typeLabel(prop)}</td><td>${notes}${nested}</td></tr>`;
    })
    .join('');
  const head = schema === objectSchema ? '' : `<p>${typeLabel(schema)}</p>`;
  return `${head}<table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function parametersTable(parameters: Json[] | undefined): string {
  if (!parameters?.length) return '<p>No parameters.</p>';
  const rows = parameters
    .map((p) => {
      const s = p.schema ?? {};
      const notes = [p.description ?? s.description ? prose(p.description ?? s.description) : '', constraints({ ...s, example: p.example ?? s.example })]
        .filter(Boolean)
        .join('<br>');
      return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${typeLabel(s)}</td><td>${notes}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function operationSection(method: string, path: string, op: Json): string {
  const body = op.requestBody?.content
    ? Object.entries<Json>(op.requestBody.content)
        .map(([type, media]) => `<h4>Request body <code>${esc(type)}</code></h4>${schemaBlock(media.schema)}`)
        .join('')
    : '';
  const responses = Object.entries<Json>(op.responses ?? {})
    .map(([status, r]) => {
      const media = r.content ? Object.entries<Json>(r.content) : [];
      const schemas = media.map(([type, m]) => `<p class="media">${esc(type)}</p>${schemaBlock(m.schema)}`).join('');
      const headers = r.headers
        ? `<p class="media">Headers: ${Object.entries<Json>(r.headers).map(([h, d]) => `<code>${esc(h)}</code>${d.description ? ` (${prose(d.description)})` : ''}`).join(', ')}</p>`
        : '';
      return `<li><strong>${esc(status)}</strong> ${prose(r.description)}${headers}${schemas}</li>`;
    })
    .join('');
  return `<section class="op" id="${anchor(method, path)}">
<h3><span class="method">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
${op.summary ? `<p class="summary">${prose(op.summary)}</p>` : ''}${op.description ? `<p>${prose(op.description)}</p>` : ''}
<h4>Parameters</h4>${parametersTable(op.parameters)}${body}
<h4>Responses</h4><ul class="responses">${responses}</ul>
</section>`;
}

export function renderDocsPage(doc: Doc): string {
  const ops: Array<[string, string, Json]> = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) if (item[method]) ops.push([method, path, item[method]]);
  }
  const toc = ops
    .map(([m, p, op]) => `<li><a href="#${anchor(m, p)}"><span class="method">${esc(m.toUpperCase())}</span> <code>${esc(p)}</code></a> ${op.summary ? `— ${prose(op.summary)}` : ''}</li>`)
    .join('');
  const schemas = Object.entries<Json>(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section class="schema" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? `<p>${prose(s.description)}</p>` : ''}${schemaBlock(s)}</section>`)
    .join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — reference</title>
<link rel="stylesheet" href="/api/docs/docs.css">
</head>
<body>
<main>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${prose(doc.info.description)}</p>
<p>Machine-readable: <a href="${API_PREFIX}/openapi.json">${API_PREFIX}/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
<h2>Endpoints</h2>
<ul class="toc">${toc}</ul>
${ops.map(([m, p, op]) => operationSection(m, p, op)).join('\n')}
<h2>Schemas</h2>
${schemas}
</main>
</body>
</html>`;
}

const DOCS_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0b0c0c; margin: 0; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 small { font-size: 1rem; color: #505a5f; font-weight: normal; }
h2 { border-bottom: 2px solid #0b0c0c; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin-bottom: .25rem; }
h4 { margin: 1rem 0 .35rem; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #ffdd00; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .92em; background: #f3f2f1; padding: 0 .2em; }
.method { display: inline-block; min-width: 3.5em; font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: bold; color: #fff; background: #00703c; padding: 0 .3em; text-align: center; }
.op, .schema { border-top: 1px solid #b1b4b6; padding-top: .5rem; margin-top: 1.5rem; }
.summary { font-weight: 600; }
.toc { padding-left: 1rem; }
.toc li { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; font-size: .95rem; }
th, td { border: 1px solid #b1b4b6; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
td table { margin: .4rem 0 0; }
.opt { color: #505a5f; font-size: .85em; }
.media { margin: .25rem 0; color: #505a5f; font-size: .9em; }
.responses { padding-left: 1rem; }
`;
