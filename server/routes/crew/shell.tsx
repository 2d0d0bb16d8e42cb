/**
 * The crew app's shell: the same HTML for everyone (no session, no data), so the service worker can
 * cache it and open the app with no signal. The app script fills the sections in; nothing inline
 * (the CSP allows only our own scripts and styles), settings travel in data attributes.
 */
import type { Config } from '../../config.ts';
import { CATALOGUES, translator, type Lang, type MessageKey } from '../../../web/i18n/index.ts';
import { OUTCOME_KEYS } from '../../../web/client/crew/outcomes.ts';
import { longDate, weekdayName } from '../../../web/i18n/dates.ts';
import { crewAssetUrl } from './assets.ts';

/** The outcome buttons, in the order crews tap them most. */
export const OUTCOMES = Object.keys(OUTCOME_KEYS);

/** What the shell is rendered for: its language, the languages offered (the switch), whether the language was chosen. */
export interface ShellLanguage {
  lang: Lang;
  offered: readonly Lang[];
  /** From `?lang=` or the cookie: the app then keeps it rather than following the crew's council. */
  chosen: boolean;
}

const SWITCH_LABEL: Record<Lang, string> = { en: 'English', cy: 'Cymraeg' };

/** The `crew.*` messages in one language, as the app reads them; `<` escaped so the JSON cannot end the element. */
export function crewMessages(language: ShellLanguage): string {
  const catalogue = CATALOGUES[language.lang];
  const messages = Object.fromEntries(Object.keys(CATALOGUES.en).filter((k) => k.startsWith('crew.')).map((k) => [k, catalogue[k] ?? CATALOGUES.en[k as MessageKey]]));
  // Day and month names from the server's CLDR data: a phone's browser may not have Welsh ones.
  const days = Array.from({ length: 7 }, (_, i) => weekdayName(language.lang, `2027-01-${String(3 + i).padStart(2, '0')}`));
  const months = Array.from({ length: 12 }, (_, i) => longDate(language.lang, `2027-${String(i + 1).padStart(2, '0')}-15`).split(' ').at(-1)!);
  return JSON.stringify({ lang: language.lang, chosen: language.chosen, messages, days, months }).replace(/</g, '\\u003c');
}

export function CrewShell({ config, language }: { config: Pick<Config, 'tileUrl' | 'tileAttribution'>; language: ShellLanguage }) {
  const t = translator(language.lang);
  return (
    <html lang={language.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <title>{t('crew.title')}</title>
        <meta name="theme-color" content="#00703c" />
        <link rel="manifest" href="/crew/manifest.webmanifest" />
        <meta name="description" content={t('crew.description')} />
        <link rel="icon" href={crewAssetUrl('icon.svg')} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={crewAssetUrl('icon-192.png')} />
        <link rel="stylesheet" href={crewAssetUrl('leaflet.css')} />
        <link rel="stylesheet" href={crewAssetUrl('crew.css')} />
        <script type="application/json" id="crew-messages" dangerouslySetInnerHTML={{ __html: crewMessages(language) }}></script>
        <script type="module" src={crewAssetUrl('app.js')}></script>
      </head>
      <body data-tile-url={config.tileUrl} data-tile-attribution={config.tileAttribution}>
        <a class="skip-link" href="#main">{t('crew.skip')}</a>
        <header class="bar">
          <span class="brand">{t('crew.title')}</span>
          <span id="connection" class="pill" role="status">{t('crew.connecting')}</span>
          <button id="sign-out" class="link-button reserved" type="button" aria-hidden="true" tabindex={-1}>{t('crew.sign_out')}</button>
          {language.offered.length > 1 && (
            <nav class="languages" aria-label={t('crew.language')}>
              {language.offered.filter((l) => l !== language.lang).map((l) => (
                <a href={`/crew/?lang=${l}`} hreflang={l} lang={l}>{SWITCH_LABEL[l]}</a>
              ))}
            </nav>
          )}
        </header>
        <p id="signed-in-as" class="who"></p>
        <p id="queue" class="queue" role="status" aria-live="polite"></p>
        <main id="main" tabindex={-1}>
          <noscript>
            <p class="notice">{t('crew.noscript')}</p>
          </noscript>
          <p id="loading" class="notice">{t('crew.loading')}</p>

          <section id="sign-in" aria-labelledby="sign-in-title" hidden>
            <h1 id="sign-in-title">{t('crew.sign_in.title')}</h1>
            <div id="sign-in-error" class="error-summary" role="alert" tabindex={-1} hidden></div>
            <form id="sign-in-form" method="post" action="/api/v1/auth/login" novalidate>
              <label for="email">{t('crew.sign_in.email')}</label>
              <input id="email" name="email" type="email" autocomplete="username" spellcheck={false} required />
              <label for="password">{t('crew.sign_in.password')}</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required />
              <button type="submit" class="button">{t('crew.sign_in.button')}</button>
            </form>
          </section>

          <section id="pick" aria-labelledby="pick-title" hidden>
            <h1 id="pick-title">{t('crew.pick.title')}</h1>
            <form id="pick-form" class="inline-form">
              <label for="pick-date">{t('crew.pick.date')}</label>
              <input id="pick-date" name="date" type="date" required />
              <button type="submit" class="button secondary">{t('crew.pick.show')}</button>
            </form>
            <p id="pick-message" class="hint"></p>
            <ul id="round-list" class="round-list"></ul>
          </section>

          <section id="round" aria-labelledby="round-title" hidden>
            <p><a id="back-to-rounds" href="#/">{t('crew.round.all')}</a></p>
            <h1 id="round-title"></h1>
            <p id="round-meta" class="hint"></p>
            <div class="run-controls">
              <p id="run-status"></p>
              <button id="run-start" type="button" class="button" hidden>{t('crew.round.start')}</button>
              <button id="run-finish" type="button" class="button warning" hidden>{t('crew.round.finish')}</button>
              <div id="run-confirm" class="confirm" hidden>
                <p id="run-confirm-text"></p>
                <button id="run-confirm-yes" type="button" class="button warning">{t('crew.round.finish_anyway')}</button>
                <button id="run-confirm-no" type="button" class="button secondary">{t('crew.round.keep_working')}</button>
              </div>
            </div>
            <div id="undo" class="undo" role="status" hidden>
              <span id="undo-text"></span>
              <button id="undo-button" type="button" class="button secondary">{t('crew.undo')}</button>
            </div>

            <section id="stop" class="stop-card" aria-labelledby="stop-title">
              <h2 id="stop-title"></h2>
              <p id="stop-address" class="stop-address"></p>
              <p id="stop-flags" class="flags"></p>
              <ul id="stop-visits" class="visits"></ul>
              <p id="stop-done" class="hint"></p>
              <div id="outcomes" class="outcomes" role="group" aria-label={t('crew.stop.record')}>
                {OUTCOMES.map((value) => (
                  <button type="button" class={value === 'collected' ? 'button outcome primary' : 'button outcome'} data-outcome={value}>
                    {t(OUTCOME_KEYS[value])}
                  </button>
                ))}
              </div>
              <details class="extras">
                <summary>{t('crew.stop.extras')}</summary>
                <label for="note">{t('crew.stop.note')}</label>
                <textarea id="note" rows={2} maxlength={500}></textarea>
                <label for="photo">{t('crew.stop.photo')}</label>
                <input id="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" />
                <p id="photo-message" class="hint"></p>
              </details>
            </section>

            <div id="map" class="map" role="region" aria-label={t('crew.map')}></div>

            <h2 id="stops-title">{t('crew.list.title')}</h2>
            <ol id="stops" class="stops" aria-labelledby="stops-title"></ol>
          </section>
        </main>
      </body>
    </html>
  );
}

/** The shell as a complete document. */
export const renderShell = (config: Pick<Config, 'tileUrl' | 'tileAttribution'>, language: ShellLanguage): string =>
  '<!doctype html>' + String(<CrewShell config={config} language={language} />);
