/**
 * Officer pages for rounds (issue 11 item 3) at /officer/rounds: the council's rounds, and one round's
 * map and ordered stops with three changes, each previewed before it is saved:
 *   POST /officer/rounds/{round}/sequence  position numbers (or, step=confirm, the previewed `order`)
 *   POST /officer/rounds/{round}/move      ticked `move-{uprn}` boxes, toRound, moveFrom (confirm: `uprns`)
 *   POST /officer/rounds/{round}/periods   periodFrom, anchor, everyWeeks
 * The first post (step=preview) answers the check page; the check page posts step=confirm, which
 * saves and redirects (303) back to the round with a confirmation. A failure re-renders the round
 * page with a GOV.UK error summary and the values kept. Officers (and admins) of the council only.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { formatLongDate, isLocalDate } from '../../domain/dates.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { changeRoundPeriod, firstBaseDate, moveAssignments, type Preview } from '../../services/rounds/changes.ts';
import { describePeriod, listCouncilRounds, roundDetail, type RoundDetail } from '../../services/rounds/detail.ts';
import { reorderRound, type SequencePreview } from '../../services/rounds/sequence.ts';
import { getCouncil } from '../../services/schedule.ts';
import { RoundsListPage } from '../../../web/pages/officer/rounds/list.tsx';
import { MovePreviewPage, PeriodPreviewPage, SequencePreviewPage } from '../../../web/pages/officer/rounds/preview.tsx';
import { RoundPage } from '../../../web/pages/officer/rounds/round.tsx';
import { roundHref } from '../../../web/pages/officer/rounds/shared.tsx';
import { readBody } from '../body.ts';
import { field, pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerRoundRoutes = new Hono<AppEnv>();
officerRoundRoutes.onError(renderPageError);
officerRoundRoutes.use('*', pageGuard('officer'));

const UPRN = /^[1-9][0-9]{0,11}$/;
const DATE_HINT = 'as YYYY-MM-DD, for example 2026-09-14';

const frame = async (c: Context<AppEnv>) => {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  return { councilName: council.name, councilSlug: council.slug, isAdmin: ctx.user?.role === 'admin' };
};

officerRoundRoutes.get('/', async (c) => {
  const [f, list] = await Promise.all([frame(c), listCouncilRounds(serviceContext(c))]);
  return render(c, <RoundsListPage {...f} date={list.date} rounds={list.rounds} />);
});

interface PageExtra { message?: string; errors?: Record<string, string>; values?: Record<string, string>; date?: string }

async function roundPage(c: Context<AppEnv>, id: string, extra: PageExtra = {}, status: 200 | 422 = 200, loaded?: RoundDetail) {
  const ctx = serviceContext(c);
  const [f, round, list] = await Promise.all([frame(c), loaded ?? roundDetail(ctx, { round: id, date: extra.date }), listCouncilRounds(ctx)]);
  const targets = list.rounds.filter((r) => r.service === round.service && r.id !== round.id).map((r) => ({ id: r.id, name: r.name }));
  return render(c, <RoundPage {...f} today={list.date} round={round} targets={targets} message={extra.message} errors={extra.errors}
    values={extra.values} tileUrl={c.var.deps.config.tileUrl} tileAttribution={c.var.deps.config.tileAttribution} />, status);
}

function doneMessage(done: string | undefined, from: string | undefined): string | undefined {
  const when = from && isLocalDate(from) ? ` from ${formatLongDate(from, true)}` : '';
  if (done === 'reordered') return `The new order is saved. Crews follow it${when}.`;
  if (done === 'moved') return `The properties are moved. Residents and crews see their new round${when}.`;
  if (done === 'period') return `The new day and frequency are saved. Residents see them${when}, never before.`;
  return undefined;
}

officerRoundRoutes.get('/:round', (c) => {
  const date = c.req.query('date');
  return roundPage(c, c.req.param('round'), { message: doneMessage(c.req.query('done'), c.req.query('from')), date: date && isLocalDate(date) ? date : undefined });
});

/** All form values as text (kept when the page comes back with errors). */
async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await readBody(c);
  const values: Record<string, string> = {};
  for (const k of Object.keys(body)) values[k] = field(body, k, k === 'order' || k === 'uprns' ? 300_000 : 300);
  return values;
}

/** A service refusal the officer can fix (4xx other than 403/404) → the page again with the message on `fieldFor`. */
const fixable = (err: unknown): err is DomainError =>
  err instanceof DomainError && err.status >= 400 && err.status < 500 && err.status !== 403 && err.status !== 404;

/**
 * The new order from the position fields, which arrive in the old order: sorted by the number given.
 * On a tie with a stop that kept its number, a stop moved up goes before it and a stop moved down
 * after it, so "7 → 2" and "1 → 2" both do what they say.
 */
function orderFromPositions(values: Record<string, string>, errors: Record<string, string>): string[] {
  const entries = Object.entries(values).filter(([k]) => k.startsWith('pos-')).map(([k, v], index) => ({ uprn: k.slice(4), text: v, index }));
  const ranked = entries.map((e) => {
    const n = Number(e.text);
    if (!/^[0-9]{1,6}$/.test(e.text) || n < 1) errors[`pos-${e.uprn}`] = `Enter the position of stop ${e.index + 1} as a whole number from 1`;
    return { ...e, n, shift: Math.sign(n - (e.index + 1)) };
  });
  ranked.sort((a, b) => a.n - b.n || a.shift - b.shift || a.index - b.index);
  return ranked.map((e) => e.uprn);
}

officerRoundRoutes.post('/:round/sequence', async (c) => {
  const id = c.req.param('round');
  const ctx = serviceContext(c);
  const values = await formValues(c);
  const confirm = values.step === 'confirm';
  const errors: Record<string, string> = {};
  const order = confirm ? (values.order ?? '').split(',').filter(Boolean) : orderFromPositions(values, errors);
  if (confirm) order.forEach((u, i) => (values[`pos-${u}`] = String(i + 1))); // shown again if it fails
  if (order.some((u) => !UPRN.test(u))) errors.stops = 'The list of stops is not valid. Reload the page and try again';
  const from = values.sequenceFrom || undefined;
  if (from !== undefined && !isLocalDate(from)) errors.sequenceFrom = `Enter the date the new order starts ${DATE_HINT}`;
  if (Object.keys(errors).length) return roundPage(c, id, { errors, values }, 422);
  try {
    const result = await reorderRound(ctx, { round: id, uprns: order, from, preview: !confirm });
    if (confirm) return c.redirect(`${roundHref(id)}?done=reordered&from=${result.from}`, 303);
    const round = await roundDetail(ctx, { round: id });
    return render(c, <SequencePreviewPage {...await frame(c)} round={round} preview={result as SequencePreview} order={order} />);
  } catch (err) {
    if (!fixable(err)) throw err;
    const key = err.code === 'in_the_past' ? 'sequenceFrom' : 'stops';
    const message = err.code === 'sequence_mismatch'
      ? 'The round’s stops have changed since the list was shown, or differ on that date. Check the list and try again'
      : err.message;
    return roundPage(c, id, { errors: { [key]: message }, values }, 422);
  }
});

officerRoundRoutes.post('/:round/move', async (c) => {
  const id = c.req.param('round');
  const ctx = serviceContext(c);
  const values = await formValues(c);
  const confirm = values.step === 'confirm';
  const round = await roundDetail(ctx, { round: id }); // another council's round: 404 before anything else
  const uprns = confirm
    ? (values.uprns ?? '').split(',').filter(Boolean)
    : Object.entries(values).filter(([k, v]) => k.startsWith('move-') && v === 'yes').map(([k]) => k.slice(5));
  if (confirm) for (const u of uprns) values[`move-${u}`] = 'yes';
  const errors: Record<string, string> = {};
  const firstBox = `move-${round.stops[0]?.uprn ?? ''}`;
  if (!uprns.length) errors[firstBox] = 'Tick at least one property to move';
  else if (uprns.some((u) => !UPRN.test(u))) errors[firstBox] = 'The ticked properties are not valid. Reload the page and try again';
  const list = await listCouncilRounds(ctx);
  const target = list.rounds.find((r) => r.id === values.toRound);
  if (!values.toRound) errors.toRound = 'Choose the round to move the properties to';
  else if (!target) errors.toRound = 'Choose one of the listed rounds';
  else if (target.id === round.id) errors.toRound = 'Choose a different round from this one';
  if (!isLocalDate(values.moveFrom)) errors.moveFrom = `Enter the first day on the new round ${DATE_HINT}`;
  if (Object.keys(errors).length) return roundPage(c, id, { errors, values }, 422, round);
  try {
    const result = await moveAssignments(ctx, { uprns, toRound: target!.id, from: values.moveFrom, preview: !confirm });
    if (confirm) return c.redirect(`${roundHref(id)}?done=moved&from=${values.moveFrom}`, 303);
    return render(c, <MovePreviewPage {...await frame(c)} round={round} preview={result as Preview} target={{ id: target!.id, name: target!.name }}
      from={values.moveFrom} uprns={uprns} />);
  } catch (err) {
    if (!fixable(err)) throw err;
    const key = err.code === 'in_the_past' ? 'moveFrom' : err.code === 'service_mismatch' ? 'toRound' : firstBox;
    return roundPage(c, id, { errors: { [key]: err.message }, values }, 422, round);
  }
});

officerRoundRoutes.post('/:round/periods', async (c) => {
  const id = c.req.param('round');
  const ctx = serviceContext(c);
  const values = await formValues(c);
  const confirm = values.step === 'confirm';
  const round = await roundDetail(ctx, { round: id });
  const errors: Record<string, string> = {};
  if (!isLocalDate(values.periodFrom)) errors.periodFrom = `Enter the date the new pattern starts ${DATE_HINT}`;
  if (!isLocalDate(values.anchor)) errors.anchor = `Enter a collection day in the new pattern ${DATE_HINT}`;
  if (!/^[1-4]$/.test(values.everyWeeks ?? '')) errors.everyWeeks = 'Choose how often the round collects';
  if (Object.keys(errors).length) return roundPage(c, id, { errors, values }, 422, round);
  const input = { round: id, from: values.periodFrom, anchor: values.anchor, everyWeeks: Number(values.everyWeeks) };
  try {
    const result = await changeRoundPeriod(ctx, { ...input, preview: !confirm });
    if (confirm) return c.redirect(`${roundHref(id)}?done=period&from=${values.periodFrom}`, 303);
    return render(c, <PeriodPreviewPage {...await frame(c)} round={round} preview={result as Preview} from={input.from} anchor={input.anchor}
      everyWeeks={values.everyWeeks} description={describePeriod(input)} first={firstBaseDate([{ ...input, to: null }], input.from)} />);
  } catch (err) {
    if (!fixable(err)) throw err;
    return roundPage(c, id, { errors: { [err.code === 'in_the_past' ? 'periodFrom' : 'anchor']: err.message }, values }, 422, round);
  }
});
