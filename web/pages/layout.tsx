/**
 * The page frame for resident pages: GOV.UK Frontend patterns, branded for the council (its name in
 * the header, no crown, no GOV.UK logo, no GDS Transport font — see server/routes/pages/static.ts).
 * Every page works without JavaScript; `site.js` only adds recently viewed addresses and focus help,
 * and `map.js` is loaded only by pages that show a map.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { assetUrl } from './assets.ts';
import { useSignedIn } from './signed-in.ts';

export interface LayoutProps {
  /** The page's own title; " – Bin collections – {council}" is added. */
  title: string;
  /** The page's summary for search results (`<meta name="description">`); a general one otherwise. */
  description?: string;
  /** The council whose page this is; the header shows its name (the service's name otherwise). */
  councilName?: string;
  /** The council's slug: its brand colour is loaded from /static/brand/{slug}.css. */
  councilSlug?: string;
  /** The service named in the navigation bar and the title (default "Bin collections"). */
  serviceName?: string;
  /** Prefix the title with "Error: " (GOV.UK pattern when a form comes back with errors). */
  hasErrors?: boolean;
  /** Extra client scripts beyond site.js (e.g. 'map'). */
  scripts?: Array<'map'>;
  /** Extra stylesheets (e.g. Leaflet's). */
  styles?: string[];
  /** Which navigation item is current. */
  current?: 'find' | 'track' | 'login';
  /** A back link above the main content. */
  back?: { href: string; text?: string };
  children?: Child;
}

const DEFAULT_SERVICE_NAME = 'Bin collections';
const DEFAULT_DESCRIPTION = 'Find your bin collection days, get reminders in your calendar, and report a missed collection.';

export function Layout(props: LayoutProps) {
  const site = props.councilName ?? 'Kerbside';
  const serviceName = props.serviceName ?? DEFAULT_SERVICE_NAME;
  const title = `${props.hasErrors ? 'Error: ' : ''}${props.title} – ${serviceName} – ${site}`;
  const signedIn = useSignedIn();
  const nav: Array<{ href: string; text: string; key: LayoutProps['current'] }> = [
    { href: '/', text: 'Find your bin day', key: 'find' },
    { href: '/reports', text: 'Track a report', key: 'track' },
    // Someone signed in is offered "Sign out" in the header instead.
    ...(signedIn ? [] : [{ href: '/login', text: 'Staff sign in', key: 'login' as const }]),
  ];
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en" class="govuk-template">
        <head>
          <meta charset="utf-8" />
          <title>{title}</title>
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="description" content={props.description ?? DEFAULT_DESCRIPTION} />
          <meta name="theme-color" content="#0b0c0c" />
          <link rel="icon" href={assetUrl('/static/favicon.svg')} type="image/svg+xml" />
          <link rel="stylesheet" href={assetUrl('/static/govuk-frontend.css')} />
          {(props.styles ?? []).map((href) => (
            <link rel="stylesheet" href={assetUrl(href)} />
          ))}
          <link rel="stylesheet" href={assetUrl('/static/kerbside.css')} />
          {props.councilSlug && <link rel="stylesheet" href={`/static/brand/${props.councilSlug}.css`} />}
          <script type="module" src={assetUrl('/static/js/site.js')}></script>
          {(props.scripts ?? []).map((name) => (
            <script type="module" src={assetUrl(`/static/js/${name}.js`)}></script>
          ))}
        </head>
        <body class="govuk-template__body">
          <a href="#main-content" class="govuk-skip-link">
            Skip to main content
          </a>
          <header class="govuk-generic-header kb-header">
            <div class="govuk-generic-header__container govuk-width-container">
              <div class="govuk-generic-header__logo">
                <a href="/" class="govuk-generic-header__homepage-link kb-header__link">
                  <svg class="kb-header__mark" aria-hidden="true" focusable="false" viewBox="0 0 32 32" width="28" height="28">
                    <rect x="6" y="9" width="20" height="20" rx="2" fill="currentColor" />
                    <rect x="4" y="5" width="24" height="3" rx="1" fill="currentColor" />
                    <rect x="12" y="2" width="8" height="3" rx="1" fill="currentColor" />
                  </svg>
                  <span class="kb-header__name">{site}</span>
                </a>
              </div>
              {signedIn && (
                <div class="kb-header__account">
                  <p class="govuk-body-s kb-header__who">
                    Signed in as <span class="kb-break">{signedIn.email}</span>
                  </p>
                  <form method="post" action="/logout" class="kb-header__sign-out">
                    <button type="submit" class="kb-header__button">
                      Sign out
                    </button>
                  </form>
                </div>
              )}
            </div>
          </header>
          <section aria-label="Service information" class="govuk-service-navigation">
            <div class="govuk-width-container">
              <div class="govuk-service-navigation__container">
                <span class="govuk-service-navigation__service-name">
                  <a href="/" class="govuk-service-navigation__link">
                    {serviceName}
                  </a>
                </span>
                <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                  <ul class="govuk-service-navigation__list" id="navigation">
                    {nav.map((item) => (
                      <li class={`govuk-service-navigation__item${props.current === item.key ? ' govuk-service-navigation__item--active' : ''}`}>
                        <a class="govuk-service-navigation__link" href={item.href} aria-current={props.current === item.key ? 'page' : undefined}>
                          {props.current === item.key ? <strong class="govuk-service-navigation__active-fallback">{item.text}</strong> : item.text}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              </div>
            </div>
          </section>
          <div class="govuk-width-container">
            {props.back && (
              <nav aria-label="Back">
                <a href={props.back.href} class="govuk-back-link">
                  {props.back.text ?? 'Back'}
                </a>
              </nav>
            )}
            <main class="govuk-main-wrapper" id="main-content">
              {props.children}
            </main>
          </div>
          <footer class="govuk-footer">
            <div class="govuk-width-container">
              <div class="govuk-footer__meta">
                <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                  <h2 class="govuk-visually-hidden">Support links</h2>
                  <ul class="govuk-footer__inline-list">
                    <li class="govuk-footer__inline-list-item">
                      <a class="govuk-footer__link" href="/api/docs">
                        Open data and API
                      </a>
                    </li>
                    <li class="govuk-footer__inline-list-item">
                      <a class="govuk-footer__link" href="/open311/v2/discovery.json">
                        Open311
                      </a>
                    </li>
                  </ul>
                  <p class="govuk-body-s kb-footer__text">
                    {props.councilName ? `${props.councilName} bin collections` : 'Bin collections'}, run on Kerbside: open software shared by councils.
                  </p>
                </div>
              </div>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
