/**
 * People and keys at /officer/people (admins of the council only; officers get 403): add a person,
 * change a role, disable or enable, create an API key (shown once, in the answer to the form) and
 * revoke one after a confirmation. The verbs are server/services/people/*; decisions in docs/people.md.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { serviceContext } from '../../middleware/auth.ts';
import { createKey, getKey, listKeys, revokeKey } from '../../services/people/api-keys.ts';
import { createUser, getUser, listUsers, updateUser } from '../../services/people/users.ts';
import { getCouncil } from '../../services/schedule.ts';
import { NewKeyPage, PeoplePage, RevokeKeyPage } from '../../../web/pages/officer/people/pages.tsx';
import { readBody } from '../body.ts';
import { field, pageGuard } from '../business/guard.ts';
import { render, renderPageError } from '../pages/render.tsx';

export const officerPeopleRoutes = new Hono<AppEnv>();
officerPeopleRoutes.onError(renderPageError);
officerPeopleRoutes.use('*', pageGuard('admin'));

const MESSAGES: Record<string, string> = {
  added: 'The person has been added. Tell them their initial password.',
  role: 'The role has been changed.',
  disabled: 'The person has been disabled and signed out.',
  enabled: 'The person has been enabled and can sign in again.',
  revoked: 'The API key has been revoked.',
};
/** Service codes → the form field their message belongs to. */
const FIELD_OF: Record<string, string> = { invalid_email: 'email', email_exists: 'email', invalid_role: 'role', weak_password: 'password', invalid_name: 'keyName' };

async function peoplePage(c: Context<AppEnv>, extra: { errors?: Record<string, string>; values?: Record<string, string> } = {}, status: 200 | 409 | 422 = 200) {
  const ctx = serviceContext(c);
  const [council, users, keys] = await Promise.all([getCouncil(ctx, ctx.councilId!), listUsers(ctx), listKeys(ctx)]);
  return render(c, <PeoplePage councilName={council.name} councilSlug={council.slug} timezone={council.timezone} meId={String(ctx.user!.id)}
    users={users} keys={keys} message={MESSAGES[c.req.query('done') ?? '']} {...extra} />, status);
}

/** A 409/422 from a verb re-renders the page with the message against its field. */
async function orFormError<T>(c: Context<AppEnv>, values: Record<string, string>, fieldFor: (code: string) => string, run: () => Promise<T>) {
  try {
    return { ok: await run() };
  } catch (err) {
    if (err instanceof DomainError && (err.status === 409 || err.status === 422)) {
      return { page: await peoplePage(c, { errors: { [fieldFor(err.code)]: err.message }, values }, err.status) };
    }
    throw err;
  }
}

officerPeopleRoutes.get('/', (c) => peoplePage(c));

officerPeopleRoutes.post('/users', async (c) => {
  const body = await readBody(c);
  const values = { email: field(body, 'email', 320), name: field(body, 'name', 200), role: field(body, 'role', 20) };
  const password = typeof body.password === 'string' ? body.password.slice(0, 4096) : '';
  const errors: Record<string, string> = {};
  if (!values.email) errors.email = 'Enter their email address';
  if (!password) errors.password = 'Enter an initial password';
  if (Object.keys(errors).length) return peoplePage(c, { errors, values }, 422);
  const r = await orFormError(c, values, (code) => FIELD_OF[code] ?? 'email', () => createUser(serviceContext(c), { ...values, password }));
  return r.page ?? c.redirect('/officer/people?done=added', 303);
});

officerPeopleRoutes.post('/users/:id/role', async (c) => {
  const id = c.req.param('id');
  await getUser(serviceContext(c), id); // another council's id: 404 page
  const role = field(await readBody(c), 'role', 20);
  const r = await orFormError(c, {}, () => `role-${id}`, () => updateUser(serviceContext(c), id, { role }));
  return r.page ?? c.redirect(`/officer/people?done=role`, 303);
});

officerPeopleRoutes.post('/users/:id/status', async (c) => {
  const id = c.req.param('id');
  await getUser(serviceContext(c), id);
  const disabled = field(await readBody(c), 'disabled', 5) === 'yes';
  const r = await orFormError(c, {}, () => `role-${id}`, () => updateUser(serviceContext(c), id, { disabled }));
  return r.page ?? c.redirect(`/officer/people?done=${disabled ? 'disabled' : 'enabled'}`, 303);
});

// The new key is in this answer only (not a redirect: a URL would carry it into history and logs).
officerPeopleRoutes.post('/api-keys', async (c) => {
  const name = field(await readBody(c), 'name', 1000);
  const ctx = serviceContext(c);
  const r = await orFormError(c, { keyName: name }, () => 'keyName', () => createKey(ctx, { name }));
  if (r.page) return r.page;
  const council = await getCouncil(ctx, ctx.councilId!);
  return render(c, <NewKeyPage councilName={council.name} councilSlug={council.slug} name={r.ok!.name} prefix={r.ok!.prefix} keyText={r.ok!.key} />);
});

officerPeopleRoutes.get('/api-keys/:id/revoke', async (c) => {
  const ctx = serviceContext(c);
  const [council, keyView] = await Promise.all([getCouncil(ctx, ctx.councilId!), getKey(ctx, c.req.param('id'))]);
  return render(c, <RevokeKeyPage councilName={council.name} councilSlug={council.slug} keyView={keyView} />);
});

officerPeopleRoutes.post('/api-keys/:id/revoke', async (c) => {
  await revokeKey(serviceContext(c), c.req.param('id'));
  return c.redirect('/officer/people?done=revoked', 303);
});
