/**
 * Bundle upload from the officer console and the API (docs/officer.md "Properties and data"): the
 * CLI's own `checkBundle` / `importBundle` (server/services/import.ts, not changed here), so the
 * validation report is exactly the CLI's. Officers import only into their own council: the
 * bundle's `council.slug` must be theirs. The import and its audit row share one transaction
 * (importBundle's own transaction becomes a savepoint inside it).
 */
import { eq } from 'drizzle-orm';
import { councils } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { DomainError, forbidden } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { checkBundle, importBundle, type ImportReport } from '../import.ts';

export interface CheckResult { valid: true; errors: []; counts: ImportReport['counts'] }

/** Thrown to roll a dry run back once the import has gone through. */
class DryRun extends Error {
  constructor(readonly report: ImportReport) { super('dry run'); }
}

function scope(ctx: ServiceContext): number {
  if (!ctx.user || ctx.councilId === undefined) throw forbidden();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId;
}

/** The report the CLI prints: the message line, then one `path: message` line per error. */
export function invalidBundle(errors: string[]): DomainError {
  return new DomainError('invalid_bundle', `The bundle has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported.`, 422, { errors });
}

async function ownSlug(ctx: ServiceContext, councilId: number, input: unknown) {
  const [council] = await ctx.db.select({ slug: councils.slug }).from(councils).where(eq(councils.id, councilId));
  const slug = (input as { council?: { slug?: unknown } } | null)?.council?.slug;
  // A bundle without a council (or a malformed one) is left to the validation report.
  if (typeof slug === 'string' && slug !== council?.slug) {
    throw new DomainError('other_council', `This bundle is for council "${slug}"; you can import only into "${council?.slug}".`, 403);
  }
}

/**
 * Validates only (`?dryRun=true`, the page's "Check" button). Throws the report when invalid.
 * The bundle is checked first (cheap); a good one is then imported inside a transaction that is
 * rolled back, so rules only the writer applies (commercial contracts) are checked too and a
 * "valid" answer means the import will go through, with the counts it will report.
 */
export async function checkUpload(ctx: ServiceContext, input: unknown): Promise<CheckResult> {
  const councilId = scope(ctx);
  await ownSlug(ctx, councilId, input);
  const errors = await checkBundle(ctx, input);
  if (errors.length) throw invalidBundle(errors);
  try {
    await ctx.db.transaction(async (tx) => {
      throw new DryRun(await importBundle({ ...ctx, db: tx }, input));
    });
  } catch (err) {
    if (err instanceof DryRun) return { valid: true, errors: [], counts: err.report.counts };
    throw err;
  }
  throw new Error('unreachable');
}

/** Validates and imports, all or nothing, with an audit row. */
export async function importUpload(ctx: ServiceContext, input: unknown): Promise<ImportReport> {
  const councilId = scope(ctx);
  await ownSlug(ctx, councilId, input);
  return ctx.db.transaction(async (tx) => {
    const report = await importBundle({ ...ctx, db: tx }, input);
    await recordAudit(tx, ctx, {
      councilId, action: 'import.bundle', entity: 'property', entityId: `bundle:${report.council.slug}`, before: null, after: report.counts,
    });
    return report;
  });
}
