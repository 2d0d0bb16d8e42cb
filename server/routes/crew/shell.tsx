/**
 * The crew app's shell: the same HTML for everyone (no session, no data), so the service worker can
 * cache it and open the app with no signal. The app script fills the sections in; nothing inline
 * (the CSP allows only our own scripts and styles), settings travel in data attributes.
 */
import type { Config } from '../../config.ts';
import { crewAssetUrl } from './assets.ts';

export const OUTCOMES: Array<[string, string]> = [
  ['collected', 'Collected'],
  ['not_presented', 'Not presented'],
  ['contaminated', 'Contaminated'],
  ['excess_waste', 'Excess waste'],
  ['no_access', 'No access'],
  ['too_heavy', 'Too heavy'],
  ['damaged_container', 'Damaged container'],
];

export function CrewShell({ config }: { config: Pick<Config, 'tileUrl' | 'tileAttribution'> }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <title>Kerbside crew</title>
        <meta name="theme-color" content="#00703c" />
        <link rel="manifest" href="/crew/manifest.webmanifest" />
        <meta name="description" content="The Kerbside crew app: today's round, stop by stop, also with no signal." />
        <link rel="icon" href={crewAssetUrl('icon.svg')} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={crewAssetUrl('icon-192.png')} />
        <link rel="stylesheet" href={crewAssetUrl('leaflet.css')} />
        <link rel="stylesheet" href={crewAssetUrl('crew.css')} />
        <script type="module" src={crewAssetUrl('app.js')}></script>
      </head>
      <body data-tile-url={config.tileUrl} data-tile-attribution={config.tileAttribution}>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="bar">
          <span class="brand">Kerbside crew</span>
          <span id="connection" class="pill" role="status">Connecting…</span>
          <button id="sign-out" class="link-button reserved" type="button" aria-hidden="true" tabindex={-1}>Sign out</button>
        </header>
        <p id="signed-in-as" class="who"></p>
        <p id="queue" class="queue" role="status" aria-live="polite"></p>
        <main id="main" tabindex={-1}>
          <noscript>
            <p class="notice">The crew app needs JavaScript. Turn it on, or use the officer pages on a computer.</p>
          </noscript>
          <p id="loading" class="notice">Loading…</p>

          <section id="sign-in" aria-labelledby="sign-in-title" hidden>
            <h1 id="sign-in-title">Sign in</h1>
            <div id="sign-in-error" class="error-summary" role="alert" tabindex={-1} hidden></div>
            <form id="sign-in-form" method="post" action="/api/v1/auth/login" novalidate>
              <label for="email">Email address</label>
              <input id="email" name="email" type="email" autocomplete="username" spellcheck={false} required />
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required />
              <button type="submit" class="button">Sign in</button>
            </form>
          </section>

          <section id="pick" aria-labelledby="pick-title" hidden>
            <h1 id="pick-title">Choose a round</h1>
            <form id="pick-form" class="inline-form">
              <label for="pick-date">Collection date</label>
              <input id="pick-date" name="date" type="date" required />
              <button type="submit" class="button secondary">Show rounds</button>
            </form>
            <p id="pick-message" class="hint"></p>
            <ul id="round-list" class="round-list"></ul>
          </section>

          <section id="round" aria-labelledby="round-title" hidden>
            <p><a id="back-to-rounds" href="#/">All rounds</a></p>
            <h1 id="round-title"></h1>
            <p id="round-meta" class="hint"></p>
            <div class="run-controls">
              <p id="run-status"></p>
              <button id="run-start" type="button" class="button" hidden>Start round</button>
              <button id="run-finish" type="button" class="button warning" hidden>Finish round</button>
              <div id="run-confirm" class="confirm" hidden>
                <p id="run-confirm-text"></p>
                <button id="run-confirm-yes" type="button" class="button warning">Finish anyway</button>
                <button id="run-confirm-no" type="button" class="button secondary">Keep working</button>
              </div>
            </div>
            <div id="undo" class="undo" role="status" hidden>
              <span id="undo-text"></span>
              <button id="undo-button" type="button" class="button secondary">Undo</button>
            </div>

            <section id="stop" class="stop-card" aria-labelledby="stop-title">
              <h2 id="stop-title"></h2>
              <p id="stop-address" class="stop-address"></p>
              <p id="stop-flags" class="flags"></p>
              <ul id="stop-visits" class="visits"></ul>
              <p id="stop-done" class="hint"></p>
              <div id="outcomes" class="outcomes" role="group" aria-label="Record an outcome">
                {OUTCOMES.map(([value, label]) => (
                  <button type="button" class={value === 'collected' ? 'button outcome primary' : 'button outcome'} data-outcome={value}>
                    {label}
                  </button>
                ))}
              </div>
              <details class="extras">
                <summary>Add a note or photo</summary>
                <label for="note">Note (optional)</label>
                <textarea id="note" rows={2} maxlength={500}></textarea>
                <label for="photo">Photo (optional)</label>
                <input id="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" />
                <p id="photo-message" class="hint"></p>
              </details>
            </section>

            <div id="map" class="map" role="region" aria-label="Map of stops"></div>

            <h2 id="stops-title">All stops</h2>
            <ol id="stops" class="stops" aria-labelledby="stops-title"></ol>
          </section>
        </main>
      </body>
    </html>
  );
}

/** The shell as a complete document. */
export const renderShell = (config: Pick<Config, 'tileUrl' | 'tileAttribution'>): string =>
  '<!doctype html>' + String(<CrewShell config={config} />);
