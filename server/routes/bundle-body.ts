/**
 * Reads an uploaded bundle: a JSON body, or a multipart form with the file in field `bundle`
 * (the officer page's file input). Bundles are far larger than other bodies (a 100,000-property
 * council is ~20 MB), so they have their own limit instead of readBody's 1 MB.
 */
import type { Context } from 'hono';
import { DomainError } from '../errors.ts';

export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

const tooLarge = () => new DomainError('payload_too_large', `The bundle is larger than ${MAX_BUNDLE_BYTES / 1024 / 1024} MB.`, 413);

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DomainError('malformed_bundle', `The bundle is not JSON: ${err instanceof Error ? err.message : String(err)}`, 422);
  }
}

/** The bundle JSON, and for forms the other (text) fields too. */
export async function readBundle(c: Context): Promise<{ bundle: unknown; fields: Record<string, string> }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (Number(c.req.header('content-length') ?? 0) > MAX_BUNDLE_BYTES) throw tooLarge();
  if (type === 'application/json') {
    const text = await c.req.text();
    if (text.length > MAX_BUNDLE_BYTES) throw tooLarge();
    return { bundle: parse(text), fields: {} };
  }
  if (type === 'multipart/form-data') {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody({ all: false });
    } catch {
      throw new DomainError('malformed_body', 'The form could not be read.', 400);
    }
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') fields[k] = v.slice(0, 100);
    const file = form.bundle;
    if (!(file instanceof Blob) || file.size === 0) throw new DomainError('bundle_required', 'Choose a bundle file (JSON) to upload.', 422);
    if (file.size > MAX_BUNDLE_BYTES) throw tooLarge();
    return { bundle: parse(await file.text()), fields };
  }
  throw new DomainError('unsupported_media_type', 'Send the bundle as application/json or a multipart form with the file in "bundle".', 415);
}
