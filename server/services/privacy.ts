/**
 * Keeping personal data no longer than needed: reporters' names, emails, phone numbers and notes are
 * blanked on reports that have been resolved or closed for longer than the given age (by their last
 * change), and sent emails older than that are deleted from the outbox. The report itself (what,
 * where, when, status history) stays for the council's statistics.
 */
import { and, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import { missedReports, outbox } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { DomainError } from '../errors.ts';

/** "365d", "52w" or a plain number of days. */
export function parseAge(text: string): number {
  const m = /^(\d{1,5})\s*([dw]?)$/i.exec(text.trim());
  if (!m) throw new DomainError('invalid_age', `"${text}" is not an age like 365d or 52w.`);
  const days = Number(m[1]) * (m[2].toLowerCase() === 'w' ? 7 : 1);
  if (days < 1) throw new DomainError('invalid_age', 'The age must be at least one day.');
  return days;
}

export async function purgePersonalData(ctx: ServiceContext, input: { olderThanDays: number }): Promise<{ reports: number; messages: number }> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - input.olderThanDays * 86_400_000);
  return ctx.db.transaction(async (tx) => {
    const reports = await tx
      .update(missedReports)
      .set({ reporterName: null, reporterEmail: null, reporterPhone: null, notes: null, personalDataPurgedAt: now })
      .where(and(
        inArray(missedReports.status, ['resolved', 'closed']),
        lt(missedReports.updatedAt, cutoff),
        isNull(missedReports.personalDataPurgedAt),
      ))
      .returning({ reference: missedReports.reference });
    const messages = await tx
      .delete(outbox)
      .where(and(isNotNull(outbox.sentAt), lt(outbox.createdAt, cutoff)))
      .returning({ id: outbox.id });
    return { reports: reports.length, messages: messages.length };
  });
}
