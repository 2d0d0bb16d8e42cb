/** `/login`: staff and business customers sign in (crew → /crew, officers → /officer, customers → /business). */
import { ErrorSummary, TextInput, type FieldErrors } from './components.tsx';
import { Layout } from './layout.tsx';

export function LoginPage(props: { email?: string; next?: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <Layout title="Sign in" current="login" hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">Sign in</h1>
          <p class="govuk-body">For council staff, crews and business customers. Residents do not need an account.</p>
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
