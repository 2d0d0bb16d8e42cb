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
import { useLang } from '../i18n/context.ts';

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

export function Layout(props: LayoutProps) {
  const site = props.councilName ?? 'Kerbside';
  const { lang, t, offered, hrefFor } = useLang();
  const serviceName = props.serviceName ?? t('layout.service_name');
  const pageTitle = props.hasErrors ? t('layout.title_error', { title: props.title }) : props.title;
  const title = `${pageTitle} – ${serviceName} – ${site}`;
  const signedIn = useSignedIn();
  const nav: Array<{ href: string; text: string; key: LayoutProps['current'] }> = [
    { href: '/', text: t('layout.nav_find'), key: 'find' },
    { href: '/reports', text: t('layout.nav_track'), key: 'track' },
    // Someone signed in is offered "Sign out" in the header instead.
    ...(signedIn ? [] : [{ href: '/login', text: t('layout.nav_login'), key: 'login' as const }]),
  ];
  const others = offered.filter((l) => l !== lang);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={lang} class="govuk-template">
        <head>
          <meta charset="utf-8" />
          <title>{title}</title>
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="description" content={props.description ?? t('layout.description')} />
          {offered.length > 1 && offered.map((l) => <link rel="alternate" hreflang={l} href={hrefFor(l)} />)}
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
            {t('layout.skip')}
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
                    {t('layout.signed_in_as')} <span class="kb-break">{signedIn.email}</span>
                  </p>
                  {signedIn.role === 'resident' && (
                    <a class="govuk-body-s kb-header__button" href="/account">{t('account.title')}</a>
                  )}
                  <form method="post" action="/logout" class="kb-header__sign-out">
                    <button type="submit" class="kb-header__button">
                      {t('layout.sign_out')}
                    </button>
                  </form>
                </div>
              )}
            </div>
          </header>
          <section aria-label={t('layout.service_information')} class="govuk-service-navigation">
            <div class="govuk-width-container">
              <div class="govuk-service-navigation__container">
                <span class="govuk-service-navigation__service-name">
                  <a href="/" class="govuk-service-navigation__link">
                    {serviceName}
                  </a>
                </span>
                <nav aria-label={t('layout.menu')} class="govuk-service-navigation__wrapper">
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
            {others.length > 0 && (
              <nav class="kb-language-switch" aria-label={t('layout.language')}>
                <ul class="govuk-list kb-language-switch__list">
                  {offered.map((l) => (
                    <li class="kb-language-switch__item">
                      {l === lang ? (
                        <span aria-current="true" class="kb-language-switch__current">{l === 'cy' ? t('layout.language_cy') : t('layout.language_en')}</span>
                      ) : (
                        <a class="govuk-link" href={hrefFor(l)} hreflang={l} lang={l}>
                          {l === 'cy' ? t('layout.language_cy') : t('layout.language_en')}
                        </a>
                      )}
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {props.back && (
              <nav aria-label={t('layout.back')}>
                <a href={props.back.href} class="govuk-back-link">
                  {props.back.text ?? t('layout.back')}
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
                  <h2 class="govuk-visually-hidden">{t('layout.support_links')}</h2>
                  <ul class="govuk-footer__inline-list">
                    <li class="govuk-footer__inline-list-item">
                      <a class="govuk-footer__link" href="/api/docs">
                        {t('layout.footer_api')}
                      </a>
                    </li>
                    <li class="govuk-footer__inline-list-item">
                      <a class="govuk-footer__link" href="/open311/v2/discovery.json">
                        Open311
                      </a>
                    </li>
                  </ul>
                  <p class="govuk-body-s kb-footer__text">
                    {props.councilName ? t('layout.footer_council', { council: props.councilName }) : t('layout.footer_default')}
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
