/** Friendly error pages: a plain explanation and a way on, never a stack trace. */
import { Layout } from './layout.tsx';

export interface ErrorPageProps {
  status: number;
  /** What went wrong, for people (the error's own message when it is meant for them). */
  message?: string;
}

const TITLES: Record<number, string> = {
  400: 'There is a problem with that address',
  401: 'You need to sign in',
  403: 'You cannot see this page',
  404: 'Page not found',
  409: 'That has already been done',
  413: 'That was too much to send',
  415: 'That form could not be read',
  422: 'That cannot be done',
  429: 'Too many requests',
};

export function ErrorPage(props: ErrorPageProps) {
  const title = props.status >= 500 ? 'Sorry, there is a problem with the service' : TITLES[props.status] ?? 'Something went wrong';
  return (
    <Layout title={title}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{title}</h1>
          {props.status >= 500 ? (
            <p class="govuk-body">Please try again later. Nothing you sent has been saved.</p>
          ) : (
            props.message && <p class="govuk-body">{props.message}</p>
          )}
          {props.status === 404 && <p class="govuk-body">If you typed the web address, check it is correct.</p>}
          {props.status === 429 && <p class="govuk-body">Please wait a minute and try again.</p>}
          <p class="govuk-body">
            <a class="govuk-link" href="/">
              Find your bin collection day
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
