import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';

/**
 * A router whose routes are documented in the OpenAPI document and validated by the same zod
 * schemas. A validation failure becomes the one JSON error shape with a stable code: `invalid_request`
 * unless the route maps the failing field to its own code (e.g. `invalid_uprn`) via `fieldCodes`.
 */
export function createApiRouter(fieldCodes: Record<string, string> = {}) {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      const code = fieldCodes[field] ?? 'invalid_request';
      throw new DomainError(code, `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`, 400, {
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    },
  });
}
