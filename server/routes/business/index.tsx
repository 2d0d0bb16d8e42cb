/**
 * The customer portal `/business` (role customer): contracts, collection calendar with a revocable
 * private link, statements (HTML and CSV), transfer notes to view, download and accept.
 * Everything is scoped by the services to the signed-in customer: another customer's contract is 404.
 */
import { Hono, type Context } from 'hono';
import type { Translate } from '../../../web/i18n/index.ts';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { contractStatement } from '../../services/commercial/charges.ts';
import { issueCalendarToken, revokeCalendarToken } from '../../services/commercial/calendar-token.ts';
import { listContracts } from '../../services/commercial/contracts.ts';
import { contractOverview } from '../../services/commercial/overview.ts';
import { statementCsv } from '../../services/commercial/statements.ts';
import { acceptTransferNote, getTransferNote } from '../../services/commercial/transfer-notes.ts';
import { getCouncil } from '../../services/schedule.ts';
import { BusinessContract, BusinessHome, StatementPage } from '../../../web/pages/business/pages.tsx';
import { TransferNotePage } from '../../../web/pages/business/transfer-note.tsx';
import { readBody } from '../body.ts';
import { render, renderPageError } from '../pages/render.tsx';
import { field, pageGuard } from './guard.ts';
import { useLanguage } from '../../middleware/language.ts';
import { defaultStatementRange, statementFilename, transferNotePdfResponse } from './shared.ts';

export const businessRoutes = new Hono<AppEnv>();
businessRoutes.onError(renderPageError);
businessRoutes.use('*', pageGuard('customer'));
// The portal is in the customer's council's languages (?lang=, the cookie, else its first).
businessRoutes.use('*', async (c, next) => {
  const ctx = serviceContext(c);
  useLanguage(c, (await getCouncil(ctx, ctx.councilId!)).languages);
  await next();
});
const t: (c: Context<AppEnv>) => Translate = (c) => c.var.language!.t;

businessRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  return render(c, <BusinessHome councilName={council.name} contracts={await listContracts(ctx)} />);
});

businessRoutes.get('/contracts/:reference', async (c) => {
  const overview = await contractOverview(serviceContext(c), c.req.param('reference'));
  const message = c.req.query('done') === 'revoked' ? t(c)('business.calendar_revoked') : undefined;
  return render(c, <BusinessContract overview={overview} publicUrl={c.var.deps.config.publicUrl} message={message} />);
});

businessRoutes.post('/contracts/:reference/calendar', async (c) => {
  const ctx = serviceContext(c);
  const issued = await issueCalendarToken(ctx, c.req.param('reference'));
  const overview = await contractOverview(ctx, c.req.param('reference'));
  return render(c, <BusinessContract overview={overview} publicUrl={c.var.deps.config.publicUrl} calendarPath={issued.path} message={t(c)('business.calendar_ready')} />);
});

businessRoutes.post('/contracts/:reference/calendar/revoke', async (c) => {
  await revokeCalendarToken(serviceContext(c), c.req.param('reference'));
  return c.redirect(`/business/contracts/${encodeURIComponent(c.req.param('reference'))}?done=revoked`, 303);
});

businessRoutes.get('/contracts/:reference/statement', async (c) => {
  const ctx = serviceContext(c);
  const reference = c.req.param('reference');
  const range = await defaultStatementRange(ctx, c.req.query('from'), c.req.query('to'));
  const statement = await contractStatement(ctx, { reference, ...range });
  const base = `/business/contracts/${encodeURIComponent(reference)}`;
  return render(c, <StatementPage statement={statement} backHref={base} csvHref={`${base}/statement.csv?from=${range.from}&to=${range.to}`} />);
});

businessRoutes.get('/contracts/:reference/statement.csv', async (c) => {
  const ctx = serviceContext(c);
  const reference = c.req.param('reference');
  const range = await defaultStatementRange(ctx, c.req.query('from'), c.req.query('to'));
  const statement = await contractStatement(ctx, { reference, ...range });
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', `attachment; filename="${statementFilename(statement)}"`);
  return c.body(statementCsv(statement), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
});

const noteId = (raw: string) => {
  const id = Number(raw);
  if (!/^[0-9]{1,9}$/.test(raw) || id < 1) throw new DomainError('not_found', 'No such transfer note', 404);
  return id;
};

async function notePage(c: Context<AppEnv>, id: number, extra: Partial<Parameters<typeof TransferNotePage>[0]> = {}, status: 200 | 409 | 422 = 200) {
  const ctx = serviceContext(c);
  const note = await getTransferNote(ctx, id);
  const council = await getCouncil(ctx, note.councilId);
  return render(c, (
    <TransferNotePage
      note={note} councilName={council.name}
      pdfHref={`/business/transfer-notes/${id}.pdf`}
      backHref={`/business/contracts/${encodeURIComponent(note.contractReference)}`}
      acceptAction={`/business/transfer-notes/${id}/accept`}
      {...extra}
    />
  ), status);
}

businessRoutes.get('/transfer-notes/:file', async (c) => {
  const file = c.req.param('file');
  if (file.endsWith('.pdf')) return transferNotePdfResponse(c, noteId(file.slice(0, -4)));
  const message = c.req.query('done') === 'accepted' ? t(c)('note.accepted_message') : undefined;
  return notePage(c, noteId(file), { message });
});

businessRoutes.post('/transfer-notes/:id/accept', async (c) => {
  const id = noteId(c.req.param('id'));
  const body = await readBody(c);
  const values = { name: field(body, 'name', 200), role: field(body, 'role', 200) };
  const errors: Record<string, string> = {};
  if (!values.name) errors.name = t(c)('note.err_name');
  if (!values.role) errors.role = t(c)('note.err_role');
  if (Object.keys(errors).length) return notePage(c, id, { errors, values }, 422);
  try {
    await acceptTransferNote(serviceContext(c), { id, ...values });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'already_accepted') return notePage(c, id, { message: err.message }, 409);
    throw err;
  }
  return c.redirect(`/business/transfer-notes/${id}?done=accepted`, 303);
});
