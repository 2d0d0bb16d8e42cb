/**
 * Your account: what a signed-in resident has with the council, one section per capability
 * (server/services/account/registry.ts), in the page's language.
 */
import { useLang } from '../i18n/context.ts';
import { longDate } from '../i18n/dates.ts';
import type { AccountSection } from '../../server/services/account/registry.ts';
import { Layout } from './layout.tsx';

export interface AccountPageProps {
  name: string | null;
  email: string;
  councilName: string;
  councilSlug: string;
  sections: AccountSection[];
}

export function AccountPage(p: AccountPageProps) {
  const { t, lang } = useLang();
  return (
    <Layout title={t('account.title')} councilName={p.councilName} councilSlug={p.councilSlug}>
      <h1 class="govuk-heading-l">{t('account.title')}</h1>
      <p class="govuk-body">{p.name ? t('account.intro_named', { name: p.name, email: p.email }) : t('account.intro', { email: p.email })}</p>
      {p.sections.map((s) => (
        <section aria-labelledby={`account-${s.id}`} id={s.id}>
          <h2 class="govuk-heading-m" id={`account-${s.id}`}>{t(s.title)}</h2>
          {s.items.length ? (
            <ul class="govuk-list govuk-list--spaced">
              {s.items.map((i) => (
                <li>
                  {i.href ? <a class="govuk-link" href={i.href}>{i.title}</a> : i.title}
                  {i.date && <span class="govuk-hint govuk-!-margin-bottom-0">{longDate(lang, i.date, true)}</span>}
                  {i.status && <strong class="govuk-tag govuk-tag--grey">{i.status}</strong>}
                </li>
              ))}
            </ul>
          ) : <p class="govuk-body">{t(s.empty)}</p>}
        </section>
      ))}
      <p class="govuk-body">{t('account.find_property')} <a class="govuk-link" href="/">{t('account.find_link')}</a></p>
    </Layout>
  );
}
