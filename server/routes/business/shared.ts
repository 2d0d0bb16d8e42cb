/** Helpers shared by the customer portal and the officer's commercial pages. */
import type { Context } from 'hono';
import type { AppEnv, ServiceContext } from '../../context.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { getTransferNote } from '../../services/commercial/transfer-notes.ts';
import { transferNotePdf } from '../../services/commercial/transfer-note-pdf.ts';
import type { LocalDate } from '../../domain/dates.ts';
import type { Statement } from '../../services/commercial/charges.ts';
import { councilToday, getCouncil } from '../../services/schedule.ts';

/** The statement range from the query, defaulting to the start of this month until today. */
export async function defaultStatementRange(ctx: ServiceContext, from?: string, to?: string): Promise<{ from: LocalDate; to: LocalDate }> {
  if (from || to) return { from: from ?? '', to: to ?? '' };
  const today = councilToday(ctx, await getCouncil(ctx, ctx.councilId!));
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

export const statementFilename = (s: Statement) =>
  `statement-${s.detail.contract.reference.replace(/[^A-Za-z0-9_.-]/g, '_')}-${s.from}-${s.to}.csv`;

export function pdfResponse(c: Context, bytes: Uint8Array, filename: string) {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', `inline; filename="${filename}"`);
  return c.body(bytes as unknown as ArrayBuffer, 200, { 'Content-Type': 'application/pdf' });
}

/** A transfer note as PDF, for whoever `getTransferNote` lets see it (the customer or an officer). */
export async function transferNotePdfResponse(c: Context<AppEnv>, id: number) {
  const ctx = serviceContext(c);
  const note = await getTransferNote(ctx, id);
  const council = await getCouncil(ctx, note.councilId);
  // The page's language where the route set one (the business portal); officer pages stay English.
  const lang = c.var.language?.lang ?? 'en';
  c.header('Content-Language', lang);
  return pdfResponse(c, await transferNotePdf(note, council.name, lang), `transfer-note-${note.id}.pdf`);
}
