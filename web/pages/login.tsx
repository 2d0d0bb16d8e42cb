/** `/login`: staff and business customers sign in (crew → /crew, officers → /officer, customers → /business). */
import { ErrorSummary, TextInput, type FieldErrors } from './components.tsx';
import { Layout } from './layout.tsx';
import { useLang } from '../i18n/context.ts';

/** A council's OpenID Connect provider, offered as "Sign in with …". */
export interface LoginProvider { id: string; name: string; councilName: string }

export function LoginPage(props: { email?: string; next?: string; errors?: FieldErrors; providers?: LoginProvider[]; problem?: string }) {
  const errors = props.errors ?? {};
  const providers = props.providers ?? [];
  const nextQuery = props.next ? `?next=${encodeURIComponent(props.next)}` : '';
  const { t } = useLang();
  return (
    <Layout title={t('login.title')} current="login" hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">{t('login.title')}</h1>
          <p class="govuk-body">{t('login.intro')}</p>
          {props.problem && (
            <div class="govuk-inset-text" role="alert" id="sign-in-problem">
              {props.problem}
            </div>
          )}
          {providers.length > 0 && (
            <>
              <h2 class="govuk-heading-m">{t('login.with_council')}</h2>
              <ul class="govuk-list">
                {providers.map((p) => (
                  <li>
                    <a class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" href={`/login/oidc/${p.id}${nextQuery}`} role="button" draggable="false">
                      {t('login.with_provider', { provider: p.name })}
                      <span class="govuk-visually-hidden"> ({p.councilName})</span>
                    </a>
                    <span class="govuk-body-s govuk-!-display-block">{p.councilName}</span>
                  </li>
                ))}
              </ul>
              <h2 class="govuk-heading-m">{t('login.or_password')}</h2>
            </>
          )}
          <form method="post" action="/login" novalidate>
            {props.next && <input type="hidden" name="next" value={props.next} />}
            <TextInput id="email" label={t('login.email')} type="email" value={props.email} error={errors.email} autocomplete="username" spellcheck={false} />
            <TextInput id="password" label={t('login.password')} type="password" error={errors.password} autocomplete="current-password" />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              {t('login.submit')}
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}
