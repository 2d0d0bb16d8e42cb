/**
 * Webhooks at /officer/webhooks (officers and admins): the council's endpoints with their events
 * and state, the add form (event checkboxes), the page that shows a new endpoint's signing secret
 * once, the delete confirmation, and one endpoint's recent deliveries.
 */
import type { DeliveryView, EndpointView } from '../../../../server/services/webhooks/endpoints.ts';
import { WEBHOOK_EVENTS } from '../../../../server/services/webhooks/events.ts';
import { ErrorMessage, ErrorSummary, ScrollBox, SuccessBanner, Tag, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

const SERVICE_NAME = 'Officer console';

const EVENT_WORDS: Record<string, string> = {
  'report.created': 'A missed-collection report is made',
  'report.updated': 'A report changes status or gets a comment',
  'collection.changed': 'Collections move or are cancelled (service changes, rounds not completed)',
  'round.completed': 'A crew completes a round',
  'request.created': 'A service request is made',
  'request.updated': 'A service request changes',
};

/** Real instants, shown in the council's zone to the minute. */
export const when = (iso: string | null, tz: string) =>
  iso ? new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';

function State(p: { e: EndpointView }) {
  if (p.e.disabledAt) return <Tag class="govuk-tag--red">Disabled</Tag>;
  if (p.e.failingSince) return <Tag class="govuk-tag--yellow">Failing</Tag>;
  return <Tag class="govuk-tag--green">Active</Tag>;
}

interface Common {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  isAdmin: boolean;
}

export function WebhooksPage(p: Common & { endpoints: EndpointView[]; message?: string; errors?: FieldErrors; values?: { url?: string; events?: string[] } }) {
  const errors = p.errors ?? {};
  const chosen = new Set(p.values?.events ?? []);
  return (
    <Layout title="Webhooks" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME} hasErrors={Object.keys(errors).length > 0}>
      <OfficerNav current="webhooks" isAdmin={p.isAdmin} />
      <ErrorSummary errors={errors} />
      <SuccessBanner message={p.message} />
      <h1 class="govuk-heading-l">Webhooks</h1>
      <p class="govuk-body">
        Council systems can be told about reports and collection changes as they happen. Kerbside signs each delivery
        (Standard Webhooks), retries failures for 24 hours, and disables an endpoint that has failed for a whole day.
      </p>
      {p.endpoints.length ? (
        <ScrollBox label="Webhook endpoints">
          <table class="govuk-table" id="endpoints">
            <caption class="govuk-table__caption govuk-visually-hidden">Webhook endpoints, newest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Address</th>
                <th scope="col" class="govuk-table__header">Events</th>
                <th scope="col" class="govuk-table__header">State</th>
                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.endpoints.map((e) => (
                <tr class="govuk-table__row" id={`endpoint-${e.id}`}>
                  <td class="govuk-table__cell kb-break"><code>{e.url}</code></td>
                  <td class="govuk-table__cell"><ul class="govuk-list govuk-body-s">{e.events.map((ev) => <li><code>{ev}</code></li>)}</ul></td>
                  <td class="govuk-table__cell">
                    <State e={e} />
                    {e.disabledAt && <p class="govuk-body-s">{`Since ${when(e.disabledAt, p.timezone)}`}</p>}
                    {e.disabledAt && (
                      <form method="post" action={`/officer/webhooks/${e.id}/enable`} novalidate>
                        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" id={`enable-${e.id}`}>
                          Enable again<span class="govuk-visually-hidden"> {e.url}</span>
                        </button>
                      </form>
                    )}
                    {!e.disabledAt && e.failingSince && <p class="govuk-body-s">{`Failing since ${when(e.failingSince, p.timezone)}`}</p>}
                  </td>
                  <td class="govuk-table__cell">
                    <ul class="govuk-list">
                      <li><a class="govuk-link" href={`/officer/webhooks/${e.id}`}>Deliveries<span class="govuk-visually-hidden"> to {e.url}</span></a></li>
                      <li><a class="govuk-link" href={`/officer/webhooks/${e.id}/delete`}>Delete<span class="govuk-visually-hidden"> {e.url}</span></a></li>
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="endpoints">No webhook endpoints yet.</p>
      )}

      <h2 class="govuk-heading-m" id="add">Add an endpoint</h2>
      <form method="post" action="/officer/webhooks" novalidate>
        <TextInput id="url" label="Address (URL)" hint="An https:// address on the public internet"
          spellcheck={false} autocomplete="off" value={p.values?.url} error={errors.url} />
        <div class={`govuk-form-group${errors.events ? ' govuk-form-group--error' : ''}`}>
          <fieldset class="govuk-fieldset" aria-describedby={errors.events ? 'events-error' : undefined}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Events to send</legend>
            <ErrorMessage id="events" message={errors.events} />
            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              {WEBHOOK_EVENTS.map((ev, i) => (
                <div class="govuk-checkboxes__item">
                  <input class="govuk-checkboxes__input" id={i === 0 ? 'events' : `events-${i}`} name="events" type="checkbox" value={ev} checked={chosen.has(ev)} />
                  <label class="govuk-label govuk-checkboxes__label" for={i === 0 ? 'events' : `events-${i}`}>
                    {EVENT_WORDS[ev]} <code class="kb-break">{ev}</code>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" class="govuk-button">Add endpoint</button>
      </form>
    </Layout>
  );
}

/** Shown once, in the answer to the add form: the secret is never shown again. */
export function NewEndpointPage(p: Common & { endpoint: EndpointView; secret: string }) {
  return (
    <Layout title="Webhook endpoint added" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="webhooks" isAdmin={p.isAdmin} />
      <div class="govuk-panel govuk-panel--confirmation">
        <h1 class="govuk-panel__title">Webhook endpoint added</h1>
        <div class="govuk-panel__body kb-break">{p.endpoint.url}</div>
      </div>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          Copy this signing secret now and give it to the receiving system securely. You will not be able to see it again.
        </strong>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="secret">Signing secret</label>
        <input class="govuk-input kb-break" id="secret" type="text" readonly value={p.secret} spellcheck={false} autocomplete="off" />
      </div>
      <p class="govuk-body">The receiver checks the <code>webhook-signature</code> header with it, as any Standard Webhooks library does.</p>
      <p class="govuk-body"><a class="govuk-link" href="/officer/webhooks">Back to webhooks</a></p>
    </Layout>
  );
}

export function DeleteEndpointPage(p: Common & { endpoint: EndpointView }) {
  return (
    <Layout title="Delete this webhook endpoint" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      back={{ href: '/officer/webhooks', text: 'Webhooks' }}>
      <h1 class="govuk-heading-l">Delete this webhook endpoint?</h1>
      <p class="govuk-body kb-break"><code>{p.endpoint.url}</code> will get no more events, and its queued deliveries are dropped.</p>
      <form method="post" action={`/officer/webhooks/${p.endpoint.id}/delete`} novalidate>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--warning">Yes, delete it</button>
          <a class="govuk-link" href="/officer/webhooks">No, keep it</a>
        </div>
      </form>
    </Layout>
  );
}

const STATUS_TAG: Record<DeliveryView['status'], [string, string]> = {
  pending: ['govuk-tag--blue', 'Waiting'],
  delivered: ['govuk-tag--green', 'Delivered'],
  failed: ['govuk-tag--yellow', 'Retrying'],
  given_up: ['govuk-tag--red', 'Given up'],
};

export function DeliveriesPage(p: Common & { endpoint: EndpointView; deliveries: DeliveryView[] }) {
  return (
    <Layout title="Webhook deliveries" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      back={{ href: '/officer/webhooks', text: 'Webhooks' }}>
      <h1 class="govuk-heading-l">Deliveries</h1>
      <p class="govuk-body kb-break">To <code>{p.endpoint.url}</code>, the latest 50, newest first.</p>
      {p.deliveries.length ? (
        <ScrollBox label="Deliveries">
          <table class="govuk-table" id="deliveries">
            <caption class="govuk-table__caption govuk-visually-hidden">Deliveries, newest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Event</th>
                <th scope="col" class="govuk-table__header">Queued</th>
                <th scope="col" class="govuk-table__header">Status</th>
                <th scope="col" class="govuk-table__header">Attempts</th>
                <th scope="col" class="govuk-table__header">Last attempt</th>
                <th scope="col" class="govuk-table__header">Response</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.deliveries.map((d) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell"><code>{d.event}</code></td>
                  <td class="govuk-table__cell">{when(d.createdAt, p.timezone)}</td>
                  <td class="govuk-table__cell"><Tag class={STATUS_TAG[d.status][0]}>{STATUS_TAG[d.status][1]}</Tag></td>
                  <td class="govuk-table__cell">{String(d.attempts)}</td>
                  <td class="govuk-table__cell">{when(d.lastAttemptAt, p.timezone)}</td>
                  <td class="govuk-table__cell kb-break">{d.responseCode !== null ? String(d.responseCode) : d.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="deliveries">Nothing has been sent to this endpoint yet.</p>
      )}
    </Layout>
  );
}
