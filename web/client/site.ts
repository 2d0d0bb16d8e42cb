/**
 * The one script every resident page loads (a few hundred bytes minified). Everything it does is an
 * extra: pages work without it.
 * - Moves focus to the GOV.UK error summary when a form comes back with errors (as govuk-frontend's JS would).
 * - Remembers the addresses viewed on this device (localStorage only, never sent anywhere) and lists
 *   them on the find page.
 */
import { forgetRecent, listRecent, rememberRecent } from './recent.ts';

function focusErrorSummary() {
  const summary = document.querySelector<HTMLElement>('.govuk-error-summary');
  if (summary) summary.focus();
}

function rememberProperty() {
  const el = document.getElementById('property-summary');
  const uprn = el?.dataset.uprn;
  const address = el?.dataset.address;
  if (uprn && address) rememberRecent(localStorage, { uprn, address, postcode: el!.dataset.postcode ?? '' });
}

function showRecent() {
  const box = document.getElementById('recent-addresses');
  const list = document.getElementById('recent-addresses-list');
  if (!box || !list) return;
  const items = listRecent(localStorage);
  if (!items.length) return;
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'govuk-link';
      a.href = `/property/${encodeURIComponent(item.uprn)}`;
      a.textContent = item.address; // text, never HTML
      li.append(a);
      return li;
    }),
  );
  box.hidden = false;
  document.getElementById('recent-addresses-clear')?.addEventListener('click', () => {
    forgetRecent(localStorage);
    box.hidden = true;
  });
}

function start() {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  focusErrorSummary();
  try {
    rememberProperty();
    showRecent();
  } catch {
    // Storage can be switched off or full; the pages work the same without it.
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
