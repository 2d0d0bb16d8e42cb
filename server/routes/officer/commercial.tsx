/**
 * Officer pages for commercial waste at /officer/commercial: the console (Simpler Recycling flags,
 * contracts ending within 60 days, all contracts), setting up, renewing and ending contracts,
 * issuing transfer notes, statements and the waste-tracking export. Officers of the council only.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { isLocalDate } from '../../domain/dates.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { contractStatement } from '../../services/commercial/charges.ts';
import { contractCompliance, councilComplianceFlags } from '../../services/commercial/compliance.ts';
import {
  createContract, endContract, expiringContracts, listContracts, listCustomers, renewContract, setContractStatus, type NewContract,
} from '../../services/commercial/contracts.ts';
import { contractOverview } from '../../services/commercial/overview.ts';
import { statementCsv } from '../../services/commercial/statements.ts';
import { deleteTransferNote, getTransferNote, issueTransferNote } from '../../services/commercial/transfer-notes.ts';
import { wasteTrackingCsv, wasteTrackingExport } from '../../services/commercial/waste-tracking.ts';
import { getCouncil } from '../../services/schedule.ts';
import { StatementPage } from '../../../web/pages/business/pages.tsx';
import { TransferNotePage } from '../../../web/pages/business/transfer-note.tsx';
import { CommercialDashboard, NewContractPage, OfficerContract } from '../../../web/pages/officer/commercial/pages.tsx';
import { readBody } from '../body.ts';
import { field, pageGuard } from '../business/guard.ts';
import { defaultStatementRange, statementFilename, transferNotePdfResponse } from '../business/shared.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerCommercialRoutes = new Hono<AppEnv>();
officerCommercialRoutes.onError(renderPageError);
officerCommercialRoutes.use('*', pageGuard('officer'));

const LINE_ROWS = 4;
const contractPath = (reference: string) => `/officer/commercial/contracts/${encodeURIComponent(reference)}`;
/** `lines[0].ewcCode` (service paths) → `lines.0.ewcCode` (form field ids). */
const fieldId = (path?: string) => (path ?? 'customer').replace(/\[(\d+)\]/g, '.$1');

officerCommercialRoutes.get('/', async (c) => {
  const ctx = serviceContext(c);
  const [council, contracts, expiring, compliance] = await Promise.all([
    getCouncil(ctx, ctx.councilId!), listContracts(ctx), expiringContracts(ctx), councilComplianceFlags(ctx),
  ]);
  return render(c, <CommercialDashboard councilName={council.name} contracts={contracts} expiring={expiring} flags={compliance.flags} on={compliance.on} />);
});

async function newContractPage(c: Context<AppEnv>, values: Record<string, string>, errors?: Record<string, string>, status: 200 | 422 = 200) {
  const ctx = serviceContext(c);
  const [council, customers] = await Promise.all([getCouncil(ctx, ctx.councilId!), listCustomers(ctx)]);
  return render(c, <NewContractPage councilName={council.name} customers={customers} values={values} errors={errors} lineCount={LINE_ROWS} />, status);
}

officerCommercialRoutes.get('/contracts/new', (c) => newContractPage(c, {}));

officerCommercialRoutes.post('/contracts', async (c) => {
  const body = await readBody(c);
  const values: Record<string, string> = {};
  for (const k of Object.keys(body)) values[k] = field(body, k, 300);
  const errors: Record<string, string> = {};
  if (!values.customer) errors.customer = 'Choose the customer';
  if (!/^[0-9]{1,12}$/.test(values.uprn ?? '') || Number(values.uprn) < 1) errors.uprn = 'Enter the site UPRN, 1 to 12 digits';
  if (!isLocalDate(values.start)) errors.start = 'Enter the start date as YYYY-MM-DD';
  if (!isLocalDate(values.end)) errors.end = 'Enter the end date as YYYY-MM-DD';
  const lines: NewContract['lines'] = [];
  for (let i = 0; i < LINE_ROWS; i++) {
    const g = (k: string) => values[`lines.${i}.${k}`] ?? '';
    if (i > 0 && !g('service') && !g('round')) continue;
    const quantity = Number(g('quantity'));
    const price = Number(g('pricePerLiftPence'));
    if (!g('service')) errors[`lines.${i}.service`] = `Enter the service for line ${i + 1}`;
    if (!g('round')) errors[`lines.${i}.round`] = `Enter the round for line ${i + 1}`;
    if (!g('container')) errors[`lines.${i}.container`] = `Enter the container for line ${i + 1}`;
    if (!/^-?[0-9]{1,4}$/.test(g('quantity'))) errors[`lines.${i}.quantity`] = `Enter the number of containers for line ${i + 1}`;
    if (!/^-?[0-9]{1,9}$/.test(g('pricePerLiftPence'))) errors[`lines.${i}.pricePerLiftPence`] = `Enter the price per lift in pence for line ${i + 1}`;
    lines.push({ service: g('service'), round: g('round'), container: g('container'), quantity, ewcCode: g('ewcCode'), pricePerLiftPence: price });
  }
  if (Object.keys(errors).length) return newContractPage(c, values, errors, 422);
  try {
    const row = await createContract(serviceContext(c), {
      customer: values.customer, uprn: Number(values.uprn), start: values.start, end: values.end, status: 'active',
      paperAssessment: values.paperAssessment === 'yes', lines,
    });
    return c.redirect(`${contractPath(row.reference)}?done=created`, 303);
  } catch (err) {
    if (err instanceof DomainError && err.status === 422) {
      const problems = (err.details?.problems as Array<{ message: string; path?: string }>) ?? [{ message: err.message }];
      for (const p of problems) errors[fieldId(p.path)] ??= p.message;
      return newContractPage(c, values, errors, 422);
    }
    throw err;
  }
});

const MESSAGES: Record<string, string> = {
  created: 'The contract has been set up and the site added to its rounds.',
  renewed: 'The contract has been renewed.',
  ended: 'The contract end date has been set.',
  active: 'The contract is active.',
  suspended: 'The contract is suspended.',
  issued: 'The transfer note has been issued and signed for the council. The customer can now accept it.',
};

async function contractPage(c: Context<AppEnv>, reference: string, errors?: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const ctx = serviceContext(c);
  const [overview, compliance] = await Promise.all([contractOverview(ctx, reference), contractCompliance(ctx, { reference })]);
  const message = MESSAGES[c.req.query('done') ?? ''];
  return render(c, <OfficerContract overview={overview} compliance={compliance} errors={errors} message={message} />, status);
}

officerCommercialRoutes.get('/contracts/:reference', (c) => contractPage(c, c.req.param('reference')));

/** Runs an action; a 4xx DomainError re-renders the contract page with the message against `fieldFor`. */
async function action(c: Context<AppEnv>, reference: string, fieldFor: string, run: () => Promise<string>) {
  try {
    return c.redirect(await run(), 303);
  } catch (err) {
    if (err instanceof DomainError && err.status >= 400 && err.status < 500 && err.status !== 403 && err.status !== 404) {
      return contractPage(c, reference, { [fieldFor]: err.message }, err.status === 409 ? 409 : 422);
    }
    throw err;
  }
}

officerCommercialRoutes.post('/contracts/:reference/renew', async (c) => {
  const reference = c.req.param('reference');
  const end = field(await readBody(c), 'end', 20);
  return action(c, reference, 'end', async () => {
    if (end && !isLocalDate(end)) throw new DomainError('invalid_date', 'Enter the renewal end as YYYY-MM-DD', 422);
    const row = await renewContract(serviceContext(c), { reference, end: end || undefined });
    return `${contractPath(row.reference)}?done=renewed`;
  });
});

officerCommercialRoutes.post('/contracts/:reference/end', async (c) => {
  const reference = c.req.param('reference');
  const on = field(await readBody(c), 'on', 20);
  return action(c, reference, 'on', async () => {
    if (on && !isLocalDate(on)) throw new DomainError('invalid_date', 'Enter the end date as YYYY-MM-DD', 422);
    await endContract(serviceContext(c), { reference, on: on || undefined });
    return `${contractPath(reference)}?done=ended`;
  });
});

officerCommercialRoutes.post('/contracts/:reference/status', async (c) => {
  const reference = c.req.param('reference');
  const status = field(await readBody(c), 'status', 20);
  return action(c, reference, 'status', async () => {
    if (status !== 'active' && status !== 'suspended') throw new DomainError('invalid_status', 'Choose active or suspended', 422);
    await setContractStatus(serviceContext(c), { reference, status });
    return `${contractPath(reference)}?done=${status}`;
  });
});

officerCommercialRoutes.post('/contracts/:reference/transfer-notes', async (c) => {
  const reference = c.req.param('reference');
  const body = await readBody(c);
  const periodStart = field(body, 'periodStart', 20);
  const carrierRegistration = field(body, 'carrierRegistration', 40);
  return action(c, reference, periodStart ? 'periodStart' : 'carrierRegistration', async () => {
    const note = await issueTransferNote(serviceContext(c), { reference, periodStart: periodStart || undefined, carrierRegistration: carrierRegistration || undefined });
    return `/officer/commercial/transfer-notes/${note.id}?done=issued`;
  });
});

officerCommercialRoutes.get('/contracts/:reference/statement', async (c) => {
  const ctx = serviceContext(c);
  const reference = c.req.param('reference');
  const range = await defaultStatementRange(ctx, c.req.query('from'), c.req.query('to'));
  const statement = await contractStatement(ctx, { reference, ...range });
  return render(c, <StatementPage statement={statement} backHref={contractPath(reference)} csvHref={`${contractPath(reference)}/statement.csv?from=${range.from}&to=${range.to}`} />);
});

officerCommercialRoutes.get('/contracts/:reference/statement.csv', async (c) => {
  const ctx = serviceContext(c);
  const range = await defaultStatementRange(ctx, c.req.query('from'), c.req.query('to'));
  const statement = await contractStatement(ctx, { reference: c.req.param('reference'), ...range });
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', `attachment; filename="${statementFilename(statement)}"`);
  return c.body(statementCsv(statement), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
});

const noteId = (raw: string) => {
  if (!/^[0-9]{1,9}$/.test(raw) || Number(raw) < 1) throw new DomainError('not_found', 'No such transfer note', 404);
  return Number(raw);
};

async function notePage(c: Context<AppEnv>, id: number, message?: string, status: 200 | 409 = 200) {
  const ctx = serviceContext(c);
  const note = await getTransferNote(ctx, id);
  const council = await getCouncil(ctx, note.councilId);
  return render(c, (
    <TransferNotePage
      note={note} councilName={council.name} message={message}
      pdfHref={`/officer/commercial/transfer-notes/${id}.pdf`} backHref={contractPath(note.contractReference)}
      deleteAction={`/officer/commercial/transfer-notes/${id}/delete`}
    />
  ), status);
}

officerCommercialRoutes.get('/transfer-notes/:file', async (c) => {
  const file = c.req.param('file');
  if (file.endsWith('.pdf')) return transferNotePdfResponse(c, noteId(file.slice(0, -4)));
  return notePage(c, noteId(file), MESSAGES[c.req.query('done') ?? '']);
});

officerCommercialRoutes.post('/transfer-notes/:id/delete', async (c) => {
  const id = noteId(c.req.param('id'));
  try {
    await deleteTransferNote(serviceContext(c), id);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'retention_period') return notePage(c, id, err.message, 409);
    throw err;
  }
  return c.redirect('/officer/commercial', 303);
});

officerCommercialRoutes.get('/waste-tracking.csv', async (c) => {
  const rows = await wasteTrackingExport(serviceContext(c), { from: c.req.query('from'), to: c.req.query('to') });
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', 'attachment; filename="waste-tracking.csv"');
  return c.body(wasteTrackingCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
});

officerCommercialRoutes.get('/waste-tracking.json', async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await wasteTrackingExport(serviceContext(c), { from: c.req.query('from'), to: c.req.query('to') }));
});
