/** Friendly error pages: a plain explanation and a way on, never a stack trace. */
import { Layout } from './layout.tsx';
import { useLang } from '../i18n/context.ts';
import type { MessageKey } from '../i18n/index.ts';

export interface ErrorPageProps {
  status: number;
  /** What went wrong, for people (the error's own message when it is meant for them). */
  message?: string;
}

const TITLES: Record<number, MessageKey> = {
  400: 'error.400', 401: 'error.401', 403: 'error.403', 404: 'error.404', 409: 'error.409',
  413: 'error.413', 415: 'error.415', 422: 'error.422', 429: 'error.429',
};

export function ErrorPage(props: ErrorPageProps) {
  const { t } = useLang();
  const title = t(props.status >= 500 ? 'error.5xx' : TITLES[props.status] ?? 'error.other');
  return (
    <Layout title={title}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{title}</h1>
          {props.status >= 500 ? (
            <p class="govuk-body">{t('error.5xx_body')}</p>
          ) : (
            props.message && <p class="govuk-body">{props.message}</p>
          )}
          {props.status === 404 && <p class="govuk-body">{t('error.404_body')}</p>}
          {props.status === 429 && <p class="govuk-body">{t('error.429_body')}</p>}
          <p class="govuk-body">
            <a class="govuk-link" href="/">
              {t('error.home')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
