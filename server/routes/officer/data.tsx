/**
 * Officer data page at /officer/data (docs/officer.md "Properties and data"): bundle upload with
 * the CLI's validation report (the same verbs as POST /api/v1/imports) and links to the exports.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { checkUpload, importUpload } from '../../services/data/bundle-upload.ts';
import { councilToday, getCouncil } from '../../services/schedule.ts';
import { DataPage, type DataPageProps } from '../../../web/pages/officer/data/pages.tsx';
import { readBundle } from '../bundle-body.ts';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerDataRoutes = new Hono<AppEnv>();
officerDataRoutes.onError(renderPageError);
officerDataRoutes.use('*', pageGuard('officer'));

async function page(c: Context<AppEnv>, extra: Partial<DataPageProps> = {}, status: 200 | 201 | 403 | 413 | 415 | 422 = 200) {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  return render(c, <DataPage councilName={council.name} councilSlug={council.slug} isAdmin={ctx.user?.role === 'admin'} today={councilToday(ctx, council)} {...extra} />, status);
}

officerDataRoutes.get('/', (c) => page(c));

officerDataRoutes.post('/', async (c) => {
  const ctx = serviceContext(c);
  try {
    const { bundle, fields } = await readBundle(c);
    const action = fields.action === 'import' ? 'import' : 'check';
    const counts = action === 'import' ? (await importUpload(ctx, bundle)).counts : (await checkUpload(ctx, bundle)).counts;
    return page(c, { result: { action, counts: counts as unknown as Record<string, number> } });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'invalid_bundle') return page(c, { report: { message: err.message, errors: (err.details?.errors as string[]) ?? [] } }, 422);
    if (['bundle_required', 'malformed_bundle', 'other_council', 'payload_too_large', 'unsupported_media_type'].includes(err.code)) {
      return page(c, { errors: { bundle: err.message } }, err.status as 403 | 413 | 415 | 422);
    }
    throw err;
  }
});
