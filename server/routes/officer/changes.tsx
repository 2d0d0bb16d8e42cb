/**
 * Service changes in the officer console (/officer/changes): the list of published changes with
 * "Withdraw" (confirmed first), "Publish a change" → a preview that writes nothing → "Publish"
 * (or "Change" back to the form), and "round not completed" with its catch-up move in one step.
 * Officers and admins of the council (pageGuard); every write is a service verb, audited there.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { addDays, formatLongDate, isLocalDate } from '../../domain/dates.ts';
import { DomainError, notFound } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { listExceptions, previewException, publishException, withdrawException, type ExceptionInput } from '../../services/changes/exceptions.ts';
import { markNotCompleted, previewNotCompleted, roundForDay, type NotCompletedInput } from '../../services/changes/not-completed.ts';
import { councilToday, getCouncil, loadCouncilSchedule } from '../../services/schedule.ts';
import { ChangeFormPage, ChangePreviewPage, ChangesListPage, WithdrawPage } from '../../../web/pages/officer/changes/pages.tsx';
import { NotCompletedPage } from '../../../web/pages/officer/changes/not-completed.tsx';
import { EMPTY_VALUES, LANGUAGE_NAME, reasonField, type ChangeValues } from '../../../web/pages/officer/changes/shared.tsx';
import { isLang, type Lang } from '../../../web/i18n/index.ts';
import type { FieldErrors } from '../../../web/pages/components.tsx';
import { MAX_BODY_BYTES } from '../body.ts';
import { pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerChangesRoutes = new Hono<AppEnv>();
officerChangesRoutes.onError(renderPageError);
officerChangesRoutes.use('*', pageGuard('officer'));

/** How far back the list shows changes already past. */
const RECENT_DAYS = 30;
const DEFAULT_NOT_COMPLETED_REASON = 'The crew could not finish the round';

/** The council's name, today, rounds and services: what every page here needs. */
async function basics(c: Context<AppEnv>) {
  const ctx = serviceContext(c);
  if (ctx.councilId === undefined) throw new DomainError('forbidden', 'Choose a council.', 403);
  const [council, schedule] = await Promise.all([getCouncil(ctx, ctx.councilId), loadCouncilSchedule(ctx, ctx.councilId)]);
  const languages = (council.languages ?? []).filter(isLang);
  if (!languages.length) languages.push('en');
  return {
    ctx,
    common: { councilName: council.name, councilSlug: council.slug, isAdmin: ctx.user?.role === 'admin', languages },
    /** The languages besides the first: the form asks for the reason in each (optional). */
    otherLanguages: languages.slice(1),
    today: councilToday(ctx, council),
    rounds: [...schedule.rounds.values()].map((r) => ({ id: r.id, name: r.name, service: r.serviceId })),
    services: [...schedule.services.values()].map((s) => ({ id: s.id, name: s.name })),
  };
}

/**
 * A form body with repeated fields kept as lists (the shared reader keeps one value per name, and
 * the rounds and services checkboxes repeat). Same limits and codes as server/routes/body.ts.
 */
async function readForm(c: Context<AppEnv>) {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new DomainError('unsupported_media_type', 'Send a form.', 415);
  }
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) throw new DomainError('payload_too_large', 'The request body is too large.', 413);
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new DomainError('malformed_body', 'The form body could not be parsed.', 400);
  }
  const list = (name: string) => [form[name] ?? []].flat().filter((v): v is string => typeof v === 'string').map((v) => v.trim().slice(0, 100));
  const one = (name: string, max = 300) => list(name)[0]?.slice(0, max) ?? '';
  // Free text: longer than `one` allows, cut a little past the 500 limit so "too long" is still told.
  const text = (name: string) => ([form[name]].flat().find((v) => typeof v === 'string') as string | undefined)?.trim().slice(0, 600) ?? '';
  return { one, list, reason: () => text('reason'), text };
}

/** The reason's length, and each other language's: the same messages as the change form. */
function reasonErrors(reason: string, otherReasons: Partial<Record<Lang, string>>): FieldErrors {
  const errors: FieldErrors = {};
  if (!reason) errors.reason = 'Enter the reason residents will see';
  else if (reason.length > 500) errors.reason = 'The reason must be 500 characters or fewer';
  for (const [l, text] of Object.entries(otherReasons) as Array<[Lang, string]>) {
    if (text.length > 500) errors[reasonField(l)] = `The reason in ${LANGUAGE_NAME[l]} must be 500 characters or fewer`;
  }
  return errors;
}

/** The other languages' reasons as the service takes them (empty ones left out). */
const givenReasons = (otherReasons: Partial<Record<Lang, string>>) => {
  const given = Object.entries(otherReasons).filter(([, text]) => text);
  return given.length ? { reasons: Object.fromEntries(given) } : {};
};

/** The form as sent; reasons are read only for languages the council offers (others are dropped). */
async function formValues(c: Context<AppEnv>, otherLanguages: Lang[]): Promise<ChangeValues> {
  const f = await readForm(c);
  return {
    date: f.one('date', 20), action: f.one('action', 10), to: f.one('to', 20), scope: f.one('scope', 10) || 'all',
    rounds: [...new Set(f.list('rounds'))].slice(0, 500), services: [...new Set(f.list('services'))].slice(0, 100), reason: f.reason(),
    otherReasons: Object.fromEntries(otherLanguages.map((l) => [l, f.text(reasonField(l))])),
  };
}

/** The form's own checks, in the order the fields appear (so the error summary reads top to bottom). */
function checkForm(v: ChangeValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!isLocalDate(v.date)) errors.date = 'Enter the date of the collections that change, as YYYY-MM-DD';
  if (v.action !== 'move' && v.action !== 'cancel') errors.action = 'Choose whether the collections move or are cancelled';
  if (v.action === 'move' && !v.to) errors.to = 'Enter the catch-up date the collections move to';
  else if (v.action === 'move' && !isLocalDate(v.to)) errors.to = 'Enter the catch-up date as YYYY-MM-DD';
  if (!['all', 'rounds', 'services'].includes(v.scope)) errors.scope = 'Choose which collections change';
  if (v.scope === 'rounds' && !v.rounds.length) errors.rounds = 'Tick at least one round, or choose the whole council';
  if (v.scope === 'services' && !v.services.length) errors.services = 'Tick at least one service, or choose the whole council';
  return { ...errors, ...reasonErrors(v.reason, v.otherReasons) };
}

/** Empty other-language reasons are left out: residents reading in that language then see `reason`. */
function toInput(v: ChangeValues): ExceptionInput {
  return {
    date: v.date, action: v.action as 'move' | 'cancel', to: v.action === 'move' ? v.to : null,
    rounds: v.scope === 'rounds' ? v.rounds : [], services: v.scope === 'services' ? v.services : [], reason: v.reason,
    ...givenReasons(v.otherReasons),
  };
}

/** The service's refusal codes → the field they belong to and what the officer is told. */
const FIELD_OF: Record<string, string> = {
  nothing_to_change: 'date', exception_exists: 'date', invalid_request: 'date',
  to_required: 'to', same_date: 'to', in_the_past: 'to', unknown_round: 'rounds', unknown_service: 'services',
};
function refusal(err: unknown, v: { date: string }, fieldFor = (f: string) => f): { errors: FieldErrors; status: 409 | 422 } | undefined {
  if (!(err instanceof DomainError) || err.status === 401 || err.status === 403 || err.status === 404 || err.status >= 500) return undefined;
  const messages: Record<string, string> = {
    nothing_to_change: isLocalDate(v.date) ? `There is no collection in that scope on ${formatLongDate(v.date, true)}: check the date and the rounds or services` : err.message,
    exception_exists: 'A change for that date already covers some of these collections: withdraw it first, or choose other rounds',
    same_date: 'The catch-up date must be different from the collection date',
    in_the_past: 'The catch-up date has already passed: choose today or a later date',
    to_required: 'Enter the catch-up date the collections move to',
  };
  const field = fieldFor(FIELD_OF[err.code] ?? 'date');
  return { errors: { [field]: messages[err.code] ?? err.message }, status: err.status === 409 ? 409 : 422 };
}

type Basics = Awaited<ReturnType<typeof basics>>;

async function formPage(c: Context<AppEnv>, b: Basics, values: ChangeValues, errors?: FieldErrors, status: 200 | 409 | 422 = 200) {
  return render(c, <ChangeFormPage {...b.common} values={values} errors={errors} rounds={b.rounds} services={b.services} />, status);
}

const MESSAGES: Record<string, (e: { text: string }, n: { properties: number; collections: number }) => string> = {
  published: (e, n) => `Change published: ${e.text}. ${n.properties} properties and ${n.collections} collections changed.`,
  'not-completed': (e, n) => `Round marked not completed: ${e.text}. ${n.properties} properties and ${n.collections} collections changed.`,
  withdrawn: () => 'The change has been withdrawn. Collections are back on their usual dates.',
};

officerChangesRoutes.get('/', async (c) => {
  const b = await basics(c);
  const changes = await listExceptions(b.ctx, { from: addDays(b.today, -RECENT_DAYS) });
  let message: string | undefined;
  const done = c.req.query('done') ?? '';
  const say = MESSAGES[done];
  if (say) {
    // The confirmation names the change from the database (the id), never text from the query.
    const e = changes.find((x) => x.id === c.req.query('id'));
    const n = (k: string) => Math.max(0, Math.floor(Number(c.req.query(k)) || 0));
    const text = e ? (e.action === 'cancel' ? `collections on ${formatLongDate(e.date, true)} cancelled` : `collections on ${formatLongDate(e.date, true)} move to ${formatLongDate(e.to!, true)}`) : '';
    if (e || done === 'withdrawn') message = say({ text }, { properties: n('properties'), collections: n('collections') });
  }
  return render(c, <ChangesListPage {...b.common} today={b.today} changes={changes} rounds={b.rounds} services={b.services} message={message} />);
});

officerChangesRoutes.get('/new', async (c) => formPage(c, await basics(c), EMPTY_VALUES));
/** "Change" on the preview: the form again with the previewed values. */
officerChangesRoutes.post('/new', async (c) => {
  const b = await basics(c);
  return formPage(c, b, await formValues(c, b.otherLanguages));
});

officerChangesRoutes.post('/preview', async (c) => {
  const b = await basics(c);
  const values = await formValues(c, b.otherLanguages);
  const errors = checkForm(values);
  if (Object.keys(errors).length) return formPage(c, b, values, errors, 422);
  try {
    const preview = await previewException(b.ctx, toInput(values));
    return render(c, <ChangePreviewPage {...b.common} values={values} preview={preview} rounds={b.rounds} services={b.services} />);
  } catch (err) {
    const r = refusal(err, values);
    if (r) return formPage(c, b, values, r.errors, r.status);
    throw err;
  }
});

officerChangesRoutes.post('/', async (c) => {
  const b = await basics(c);
  const values = await formValues(c, b.otherLanguages);
  const errors = checkForm(values);
  if (Object.keys(errors).length) return formPage(c, b, values, errors, 422);
  try {
    const created = await publishException(b.ctx, toInput(values));
    const q = new URLSearchParams({ done: 'published', id: created.id, properties: String(created.affected.properties), collections: String(created.affected.collections) });
    return c.redirect(`/officer/changes?${q}`, 303);
  } catch (err) {
    const r = refusal(err, values);
    if (r) return formPage(c, b, values, r.errors, r.status);
    throw err;
  }
});

/** "Withdraw" on the list shows the confirmation; the confirmation's own button (confirm=yes) withdraws. */
officerChangesRoutes.post('/:id/withdraw', async (c) => {
  const id = c.req.param('id');
  const f = await readForm(c);
  const b = await basics(c);
  if (f.one('confirm') === 'yes') {
    await withdrawException(b.ctx, id);
    return c.redirect('/officer/changes?done=withdrawn', 303);
  }
  const change = (await listExceptions(b.ctx)).find((e) => e.id === id);
  if (!change) throw notFound(`No change "${id}".`);
  return render(c, <WithdrawPage {...b.common} change={change} rounds={b.rounds} services={b.services} />);
});

/** The not-completed page for (round, date): the preview of the catch-up move, or why there is none. */
interface NotCompletedForm { round: string; date?: string; catchUp?: string; reason?: string; otherReasons: Partial<Record<Lang, string>> }

async function notCompletedPage(c: Context<AppEnv>, b: Basics, input: NotCompletedForm, errors: FieldErrors = {}, status: 200 | 409 | 422 = 200) {
  if (input.date && !isLocalDate(input.date)) throw new DomainError('invalid_request', 'The date must be YYYY-MM-DD.', 400);
  const round = await roundForDay(b.ctx, { round: input.round, date: input.date || undefined });
  const otherReasons = Object.fromEntries(b.otherLanguages.map((l) => [l, input.otherReasons[l] ?? '']));
  const values = { catchUp: input.catchUp || round.defaultCatchUp, reason: input.reason || DEFAULT_NOT_COMPLETED_REASON, otherReasons };
  let preview;
  if (!isLocalDate(values.catchUp)) {
    errors = { catchUp: 'Enter the catch-up date as YYYY-MM-DD', ...errors };
    status = 422;
  } else if (!Object.keys(errors).length) {
    try {
      preview = await previewNotCompleted(b.ctx, { round: round.id, date: round.date, catchUp: values.catchUp, reason: values.reason, ...givenReasons(otherReasons) } as NotCompletedInput);
    } catch (err) {
      const r = refusal(err, { date: round.date }, (f) => (f === 'to' ? 'catchUp' : f === 'date' ? 'catchUp' : f));
      if (!r) throw err;
      if (r.errors.catchUp && (err as DomainError).code === 'nothing_to_change') r.errors.catchUp = `${round.name} has no collection on ${formatLongDate(round.date, true)} to move`;
      ({ errors, status } = r);
    }
  }
  return render(c, <NotCompletedPage {...b.common} round={round} values={values} preview={preview} errors={errors} services={b.services} />, status);
}

officerChangesRoutes.get('/not-completed', async (c) => {
  const q = (k: string, max = 100) => (c.req.query(k) ?? '').trim().slice(0, max);
  const round = q('round');
  if (!round) throw notFound('Choose a round from the Today board.');
  const b = await basics(c);
  const otherReasons = Object.fromEntries(b.otherLanguages.map((l) => [l, q(reasonField(l), 600)]));
  const input = { round, date: q('date', 20), catchUp: q('catchUp', 20), reason: q('reason', 600), otherReasons };
  const errors = input.reason ? reasonErrors(input.reason, otherReasons) : {};
  return Object.keys(errors).length ? notCompletedPage(c, b, input, errors, 422) : notCompletedPage(c, b, input);
});

officerChangesRoutes.post('/not-completed', async (c) => {
  const f = await readForm(c);
  const b = await basics(c);
  const otherReasons = Object.fromEntries(b.otherLanguages.map((l) => [l, f.text(reasonField(l))]));
  const input = { round: f.one('round', 100), date: f.one('date', 20), catchUp: f.one('catchUp', 20), reason: f.reason(), otherReasons };
  if (!input.round) throw notFound('Choose a round from the Today board.');
  // In the order the fields appear (the error summary reads top to bottom).
  const errors: FieldErrors = isLocalDate(input.catchUp) ? {} : { catchUp: 'Enter the catch-up date as YYYY-MM-DD' };
  Object.assign(errors, reasonErrors(input.reason, otherReasons));
  if (Object.keys(errors).length) return notCompletedPage(c, b, input, errors, 422);
  try {
    const { otherReasons: _typed, ...fields } = input;
    const done = await markNotCompleted(b.ctx, { ...fields, ...givenReasons(otherReasons), date: input.date || undefined });
    const q = new URLSearchParams({
      done: 'not-completed', id: done.exception.id,
      properties: String(done.exception.affected.properties), collections: String(done.exception.affected.collections),
    });
    return c.redirect(`/officer/changes?${q}`, 303);
  } catch (err) {
    const r = refusal(err, { date: input.date }, (x) => (x === 'to' || x === 'date' ? 'catchUp' : x));
    if (!r) throw err;
    return notCompletedPage(c, b, input, r.errors, r.status);
  }
});
