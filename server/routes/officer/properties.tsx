/**
 * Officer property pages at /officer/properties (docs/officer.md "Properties and data"): search,
 * add a property, view and change one, toggle assisted collection, demolish (preview → confirm).
 * Forms post here and call the same verbs as the API (server/services/properties/admin.ts).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { createProperty, demolishProperty, getAdminProperty, searchProperties, updateProperty, type Preview } from '../../services/properties/admin.ts';
import { councilToday, getCouncil, loadCouncilSchedule } from '../../services/schedule.ts';
import { NewPropertyPage, PropertyPage, PropertySearchPage, propertyHref } from '../../../web/pages/officer/properties/pages.tsx';
import { readBody } from '../body.ts';
import { field, pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerPropertyRoutes = new Hono<AppEnv>();
officerPropertyRoutes.onError(renderPageError);
officerPropertyRoutes.use('*', pageGuard('officer'));

/** Which form field a verb's 422 code belongs to. */
const FIELD_OF: Record<string, string> = {
  invalid_uprn: 'uprn', uprn_exists: 'uprn', invalid_address: 'address', invalid_postcode: 'postcode', invalid_location: 'lat',
  invalid_kind: 'kind', invalid_date: 'from', from_required: 'from', in_the_past: 'from', already_demolished: 'from', nothing_to_change: 'address',
};
const formError = (err: unknown) => (err instanceof DomainError && FIELD_OF[err.code] ? { [FIELD_OF[err.code]]: err.message } : undefined);

const DONE: Record<string, string> = {
  created: 'The property has been added.', updated: 'The changes have been saved.', assisted: 'Assisted collection is on.',
  unassisted: 'Assisted collection is off.', demolished: 'The property is recorded as demolished.',
};

async function common(c: Context<AppEnv>) {
  const ctx = serviceContext(c);
  const council = await getCouncil(ctx, ctx.councilId!);
  return { ctx, council, props: { councilName: council.name, councilSlug: council.slug, isAdmin: ctx.user?.role === 'admin' }, today: councilToday(ctx, council) };
}

officerPropertyRoutes.get('/', async (c) => {
  const { ctx, props } = await common(c);
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const results = q ? await searchProperties(ctx, q) : [];
  return render(c, <PropertySearchPage {...props} q={q} results={results} searched={q.length > 0} />);
});

async function newPage(c: Context<AppEnv>, values: Record<string, string>, errors?: Record<string, string>, status: 200 | 409 | 422 = 200) {
  const { ctx, council, props, today } = await common(c);
  const schedule = await loadCouncilSchedule(ctx, council.id);
  const services = [...schedule.services.values()].map((s) => ({
    id: s.id, name: s.name, rounds: [...schedule.rounds.values()].filter((r) => r.serviceId === s.id).map((r) => ({ id: r.id, name: r.name })),
  })).filter((s) => s.rounds.length);
  return render(c, <NewPropertyPage {...props} values={values} errors={errors} services={services} today={today} />, status);
}

officerPropertyRoutes.get('/new', (c) => newPage(c, {}));

const number = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? NaN : Number(s));

officerPropertyRoutes.post('/new', async (c) => {
  const body = await readBody(c);
  const values: Record<string, string> = {};
  for (const k of Object.keys(body)) values[k] = field(body, k, 300);
  const errors: Record<string, string> = {};
  if (!values.uprn) errors.uprn = 'Enter the UPRN';
  if (!values.address) errors.address = 'Enter the address';
  if (!values.postcode) errors.postcode = 'Enter the postcode';
  if (Number.isNaN(number(values.lat ?? ''))) errors.lat = 'Enter the latitude as a number, for example 52.9225';
  if (Number.isNaN(number(values.lon ?? ''))) errors.lon = 'Enter the longitude as a number, for example -1.4746';
  if (Object.keys(errors).length) return newPage(c, values, errors, 422);
  const rounds = Object.entries(values).filter(([k, v]) => k.startsWith('round-') && v).map(([, round]) => ({ round }));
  try {
    const created = await createProperty(serviceContext(c), {
      uprn: values.uprn, address: values.address, postcode: values.postcode, lat: number(values.lat), lon: number(values.lon),
      kind: values.kind || 'domestic', assisted: values.assisted === 'yes', from: values.from || undefined, rounds,
    });
    return c.redirect(`${propertyHref((created as { uprn: string }).uprn)}?done=created`, 303);
  } catch (err) {
    const e = formError(err);
    if (e) return newPage(c, values, e, (err as DomainError).status === 409 ? 409 : 422);
    if (err instanceof DomainError && err.code === 'unknown_round') return newPage(c, values, { uprn: err.message }, 422);
    throw err;
  }
});

async function propertyPage(c: Context<AppEnv>, extra: { errors?: Record<string, string>; values?: Record<string, string>; demolition?: { from: string; preview: Preview } } = {}, status: 200 | 409 | 422 = 200) {
  const { ctx, props, today } = await common(c);
  const property = await getAdminProperty(ctx, c.req.param('uprn')!);
  return render(c, <PropertyPage {...props} property={property} today={today} message={DONE[c.req.query('done') ?? '']} {...extra} />, status);
}

officerPropertyRoutes.get('/:uprn', (c) => propertyPage(c));

officerPropertyRoutes.post('/:uprn', async (c) => {
  const body = await readBody(c);
  const values = { address: field(body, 'address'), postcode: field(body, 'postcode', 20), lat: field(body, 'lat', 30), lon: field(body, 'lon', 30), kind: field(body, 'kind', 20) };
  const errors: Record<string, string> = {};
  if (Number.isNaN(number(values.lat))) errors.lat = 'Enter the latitude as a number, for example 52.9225';
  if (Number.isNaN(number(values.lon))) errors.lon = 'Enter the longitude as a number, for example -1.4746';
  // 404 for another council's UPRN before anything else.
  const current = await getAdminProperty(serviceContext(c), c.req.param('uprn'));
  if (Object.keys(errors).length) return propertyPage(c, { errors, values }, 422);
  try {
    await updateProperty(serviceContext(c), current.uprn, {
      address: values.address, postcode: values.postcode, lat: number(values.lat), lon: number(values.lon),
      ...(current.kind !== 'demolished' && values.kind ? { kind: values.kind } : {}),
    });
  } catch (err) {
    const e = formError(err);
    if (e && !(err instanceof DomainError && err.code === 'nothing_to_change')) return propertyPage(c, { errors: e, values }, 422);
    if (!(err instanceof DomainError && err.code === 'nothing_to_change')) throw err;
  }
  return c.redirect(`${propertyHref(current.uprn)}?done=updated`, 303);
});

officerPropertyRoutes.post('/:uprn/assisted', async (c) => {
  const body = await readBody(c);
  const on = field(body, 'assisted', 5) === 'yes';
  const current = await getAdminProperty(serviceContext(c), c.req.param('uprn'));
  if (current.assisted !== on) await updateProperty(serviceContext(c), current.uprn, { assisted: on });
  return c.redirect(`${propertyHref(current.uprn)}?done=${on ? 'assisted' : 'unassisted'}`, 303);
});

officerPropertyRoutes.post('/:uprn/demolish', async (c) => {
  const body = await readBody(c);
  const from = field(body, 'from', 20);
  const confirm = field(body, 'confirm', 5) === 'yes';
  const current = await getAdminProperty(serviceContext(c), c.req.param('uprn'));
  if (!from) return propertyPage(c, { errors: { from: 'Enter the date the property is demolished from' }, values: { from } }, 422);
  try {
    if (!confirm) {
      const preview = (await demolishProperty(serviceContext(c), current.uprn, { from, preview: true })) as Preview;
      return propertyPage(c, { demolition: { from, preview } });
    }
    await demolishProperty(serviceContext(c), current.uprn, { from });
  } catch (err) {
    const e = formError(err);
    if (e) return propertyPage(c, { errors: e, values: { from } }, (err as DomainError).status === 409 ? 409 : 422);
    throw err;
  }
  return c.redirect(`${propertyHref(current.uprn)}?done=demolished`, 303);
});
