/**
 * Answers every /api/v1 operation can give whatever its route declares, added to the document
 * in one place so no module can forget them (issue 10 item 6; rule in docs/api-contract.md):
 *
 * - 400 `invalid_input`: the app-wide input guard (NUL bytes, broken encodings, over-long values);
 * - 403 `forbidden` on unsafe methods: the app-wide CSRF check refuses form posts from another origin;
 * - 401/403 on operations that declare `security` (a session or key is needed);
 * - 413/415 on operations with a request body (the shared body reader);
 * - 503 `unavailable` on every operation: each one touches the database.
 *
 * A route's own declaration of one of these statuses wins (its description names its codes).
 */
type Json = Record<string, any>;

export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'kerbside_session',
    description: 'The session cookie set by `POST /api/v1/auth/login` (or a sign-in page). Cookie-authenticated form posts must come from the app’s own origin.',
  },
} as const;

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Adds the common answers and the security schemes to a generated document (in place). */
export function addCommonAnswers(doc: Json): Json {
  doc.components ??= {};
  doc.components.securitySchemes = { ...SECURITY_SCHEMES, ...(doc.components.securitySchemes ?? {}) };
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const responses: Json = (op.responses ??= {});
      const add = (status: string, description: string) => {
        responses[status] ??= error(description);
      };
      add('400', '`invalid_input`: a NUL byte, invalid UTF-8 or percent-encoding, or an over-long value in the path, query, a header or the body.');
      const secured = Array.isArray(op.security) && op.security.some((s: Json) => Object.keys(s).length > 0);
      const optional = secured && op.security.some((s: Json) => Object.keys(s).length === 0);
      if (secured && !optional) {
        add('401', '`unauthorized`: sign in first.');
        add('403', '`forbidden`: not allowed for your role or council.');
      }
      if (UNSAFE.has(method)) add('403', '`forbidden`: a form post from another origin (or none).');
      if (op.requestBody) {
        add('413', '`payload_too_large`.');
        add('415', '`unsupported_media_type`.');
      }
      add('503', '`unavailable`: the database cannot be reached; try again shortly.');
    }
  }
  return doc;
}
