/**
 * `/account`: Your account, for a resident signed in through their council's shared resident
 * account (docs/sign-in.md). No session: to sign-in, coming back here. Staff and business
 * customers have their own home and are sent there. In the council's languages (?lang, cookie, first).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { publicContext } from '../../middleware/auth.ts';
import { useLanguage } from '../../middleware/language.ts';
import { accountSections } from '../../services/account/sections.ts';
import { getCouncil } from '../../services/schedule.ts';
import { AccountPage } from '../../../web/pages/account.tsx';
import { HOME } from './login.tsx';
import { render, signedInUser } from './render.tsx';

export const accountPages = new Hono<AppEnv>().get('/account', async (c) => {
  const user = await signedInUser(c);
  if (!user) return c.redirect('/login?next=/account', 303);
  if (user.role !== 'resident') return c.redirect(HOME[user.role], 303);
  const ctx = publicContext(c);
  const council = await getCouncil(ctx, user.councilId);
  const { lang } = useLanguage(c, council.languages);
  const sections = await accountSections({ ...ctx, councilId: council.id, lang }, user.email);
  return render(c, <AccountPage name={user.name} email={user.email} councilName={council.name} councilSlug={council.slug} sections={sections} />);
});
