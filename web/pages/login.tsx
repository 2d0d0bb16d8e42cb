/** `/login`: staff and business customers sign in (crew → /crew, officers → /officer, customers → /business). */
import { ErrorSummary, TextInput, type FieldErrors } from './components.tsx';
import { Layout } from './layout.tsx';

/** A council's OpenID Connect provider, offered as "Sign in with …". */
export interface LoginProvider { id: string; name: string; councilName: string }

export function LoginPage(props: { email?: string; next?: string; errors?: FieldErrors; providers?: LoginProvider[]; problem?: string }) {
  const errors = props.errors ?? {};
  const providers = props.providers ?? [];
  const nextQuery = props.next ? `?next=${encodeURIComponent(props.next)}` : '';
  return (
    <Layout title="Sign in" current="login" hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">Sign in</h1>
          <p class="govuk-body">For council staff, crews and business customers. Residents do not need an account.</p>
          {props.problem && (
            <div class="govuk-inset-text" role="alert" id="sign-in-problem">
              {props.problem}
            </div>
          )}
          {providers.length > 0 && (
            <>
              <h2 class="govuk-heading-m">Sign in with your council account</h2>
              <ul class="govuk-list">
                {providers.map((p) => (
                  <li>
                    <a class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" href={`/login/oidc/${p.id}${nextQuery}`} role="button" draggable="false">
                      Sign in with {p.name}
                      <span class="govuk-visually-hidden"> ({p.councilName})</span>
                    </a>
                    <span class="govuk-body-s govuk-!-display-block">{p.councilName}</span>
                  </li>
                ))}
              </ul>
              <h2 class="govuk-heading-m">Or sign in with your email and password</h2>
            </>
          )}
          <form method="post" action="/login" novalidate>
            {props.next && <input type="hidden" name="next" value={props.next} />}
            <TextInput id="email" label="Email address" type="email" value={props.email} error={errors.email} autocomplete="username" spellcheck={false} />
            <TextInput id="password" label="Password" type="password" error={errors.password} autocomplete="current-password" />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Sign in
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}
