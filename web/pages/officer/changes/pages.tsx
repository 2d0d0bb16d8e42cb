/**
 * The service-changes pages at /officer/changes: the list of published changes (each can be
 * withdrawn, after a confirmation), the "Publish a change" form, its preview (nothing is written
 * until "Publish") and the withdrawal confirmation. Text goes through hono/jsx, which escapes it.
 */
import type { ExceptionView, Preview } from '../../../../server/services/changes/exceptions.ts';
import { ErrorMessage, ErrorSummary, ScrollBox, SuccessBanner, SummaryRow, Textarea, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';
import {
  effectText, HiddenValues, LANGUAGE_NAME, PreviewSummary, ReasonText, reasonField, scopeText, SERVICE_NAME,
  type ChangeValues, type CommonProps, type Named,
} from './shared.tsx';

export interface ListProps extends CommonProps {
  today: string;
  changes: ExceptionView[];
  rounds: Named[];
  services: Named[];
  message?: string;
}

function ChangesTable(p: { id: string; caption: string; changes: ExceptionView[]; rounds: Named[]; services: Named[]; languages?: CommonProps['languages'] }) {
  return (
    <ScrollBox label={p.caption}>
    <table class="govuk-table" id={p.id}>
      <caption class="govuk-table__caption govuk-table__caption--m">{p.caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Change</th>
          <th scope="col" class="govuk-table__header">Covers</th>
          <th scope="col" class="govuk-table__header">Reason</th>
          <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {p.changes.map((e) => (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell">{effectText(e)}</td>
            <td class="govuk-table__cell">{scopeText(e, p.rounds, p.services)}</td>
            <td class="govuk-table__cell"><ReasonText reason={e.reason} reasons={e.reasons} languages={p.languages} /></td>
            <td class="govuk-table__cell">
              <form method="post" action={`/officer/changes/${encodeURIComponent(e.id)}/withdraw`}>
                <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                  Withdraw<span class="govuk-visually-hidden">{` the change: ${effectText(e)}`}</span>
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollBox>
  );
}

export function ChangesListPage(p: ListProps) {
  const upcoming = p.changes.filter((e) => e.date >= p.today);
  const recent = p.changes.filter((e) => e.date < p.today).reverse();
  return (
    <Layout title="Service changes" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="changes" isAdmin={p.isAdmin} />
      <SuccessBanner message={p.message} />
      <h1 class="govuk-heading-l">Service changes</h1>
      <p class="govuk-body">
        Moves and cancellations show at once on residents' pages, in their calendar feeds and on crews' round lists.
      </p>
      <a class="govuk-button" href="/officer/changes/new" role="button" draggable="false" id="publish-link">Publish a change</a>
      {upcoming.length ? (
        <ChangesTable id="changes-upcoming" caption="Upcoming" changes={upcoming} rounds={p.rounds} services={p.services} languages={p.languages} />
      ) : (
        <>
          <h2 class="govuk-heading-m">Upcoming</h2>
          <p class="govuk-body" id="changes-upcoming">No upcoming changes.</p>
        </>
      )}
      {recent.length ? (
        <ChangesTable id="changes-recent" caption="In the last 30 days" changes={recent} rounds={p.rounds} services={p.services} languages={p.languages} />
      ) : (
        <>
          <h2 class="govuk-heading-m">In the last 30 days</h2>
          <p class="govuk-body" id="changes-recent">No changes in the last 30 days.</p>
        </>
      )}
    </Layout>
  );
}

export interface FormProps extends CommonProps {
  values: ChangeValues;
  errors?: FieldErrors;
  rounds: Array<Named & { service: string }>;
  services: Named[];
}

function Radios(p: { name: string; legend: string; hint?: string; value: string; error?: string; options: Array<{ value: string; text: string }> }) {
  const hintId = p.hint ? `${p.name}-hint` : '';
  const errorId = p.error ? `${p.name}-error` : '';
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{p.legend}</legend>
        {p.hint && <div id={hintId} class="govuk-hint">{p.hint}</div>}
        <ErrorMessage id={p.name} message={p.error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {p.options.map((o, i) => {
            const id = i === 0 ? p.name : `${p.name}-${o.value}`;
            return (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={id} name={p.name} type="radio" value={o.value} checked={p.value === o.value} />
                <label class="govuk-label govuk-radios__label" for={id}>{o.text}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function Checkboxes(p: { name: string; legend: string; hint: string; values: string[]; error?: string; options: Array<{ value: string; text: string }> }) {
  const errorId = p.error ? ` ${p.name}-error` : '';
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={`${p.name}-hint${errorId}`}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{p.legend}</legend>
        <div id={`${p.name}-hint`} class="govuk-hint">{p.hint}</div>
        <ErrorMessage id={p.name} message={p.error} />
        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {p.options.map((o, i) => {
            const id = i === 0 ? p.name : `${p.name}-${i + 1}`;
            return (
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id={id} name={p.name} type="checkbox" value={o.value} checked={p.values.includes(o.value)} />
                <label class="govuk-label govuk-checkboxes__label" for={id}>{o.text}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function ChangeFormPage(p: FormProps) {
  const errors = p.errors ?? {};
  const v = p.values;
  const serviceName = (id: string) => p.services.find((s) => s.id === id)?.name ?? id;
  const [first, ...others] = p.languages ?? ['en'];
  return (
    <Layout title="Publish a change" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      hasErrors={Object.keys(errors).length > 0} back={{ href: '/officer/changes', text: 'Back to service changes' }}>
      <OfficerNav current="changes" isAdmin={p.isAdmin} />
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">Publish a change</h1>
      <p class="govuk-body">You will see what changes before anything is published.</p>
      <form method="post" action="/officer/changes/preview" novalidate id="change-form">
        <TextInput id="date" label="Date of the collections that change" hint="The usual collection date, for example 2026-12-25" value={v.date}
          error={errors.date} inputClass="govuk-input--width-10" />
        <Radios name="action" legend="What happens to them" value={v.action} error={errors.action}
          options={[{ value: 'move', text: 'Move them to a catch-up date' }, { value: 'cancel', text: 'Cancel them' }]} />
        <TextInput id="to" label="Catch-up date (for a move)" hint="For example 2026-12-28. Leave empty for a cancellation." value={v.to}
          error={errors.to} inputClass="govuk-input--width-10" />
        <Radios name="scope" legend="Which collections" value={v.scope} error={errors.scope}
          hint="Choose the whole council, or tick the rounds or services below."
          options={[{ value: 'all', text: 'Every collection that day (whole council)' }, { value: 'rounds', text: 'Only the rounds ticked below' },
            { value: 'services', text: 'Only the services ticked below' }]} />
        <Checkboxes name="rounds" legend="Rounds" hint="Used when you choose “Only the rounds ticked below”." values={v.rounds} error={errors.rounds}
          options={p.rounds.map((r) => ({ value: r.id, text: `${r.name} (${r.id}, ${serviceName(r.service)})` }))} />
        <Checkboxes name="services" legend="Services" hint="Used when you choose “Only the services ticked below”." values={v.services} error={errors.services}
          options={p.services.map((s) => ({ value: s.id, text: s.name }))} />
        <Textarea id="reason" label={others.length ? `Reason residents will see, in ${LANGUAGE_NAME[first]}` : 'Reason residents will see'}
          hint="For example: Snow: collections move to Saturday" value={v.reason} error={errors.reason} rows={3} lang={others.length ? first : undefined} />
        {others.map((l) => (
          <Textarea id={reasonField(l)} label={`Reason in ${LANGUAGE_NAME[l]} (optional)`} lang={l}
            hint={`Residents reading in ${LANGUAGE_NAME[l]} see this. Leave it empty and they see the reason above.`}
            value={v.otherReasons[l] ?? ''} error={errors[reasonField(l)]} rows={3} />
        ))}
        <button type="submit" class="govuk-button">Preview the change</button>
      </form>
    </Layout>
  );
}

export interface PreviewProps extends CommonProps {
  values: ChangeValues;
  preview: Preview;
  rounds: Named[];
  services: Named[];
}

/** The hidden fields that carry a change to "Publish" or back to the form. */
export const changeFields = (v: ChangeValues) => ({
  date: v.date, action: v.action, to: v.to, scope: v.scope, rounds: v.rounds, services: v.services, reason: v.reason,
  ...Object.fromEntries(Object.entries(v.otherReasons).filter(([, text]) => text).map(([l, text]) => [reasonField(l as keyof typeof LANGUAGE_NAME), text!])),
});

export function ChangePreviewPage(p: PreviewProps) {
  const v = p.values;
  const scope = v.scope === 'rounds' ? { rounds: v.rounds, services: [] } : v.scope === 'services' ? { rounds: [], services: v.services } : { rounds: [], services: [] };
  return (
    <Layout title="Check the change" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="changes" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Check the change before you publish it</h1>
      <dl class="govuk-summary-list" id="preview-summary">
        <SummaryRow label="Change">{effectText({ action: v.action, date: v.date, to: v.to || null })}</SummaryRow>
        <SummaryRow label="Covers">{scopeText(scope, p.rounds, p.services)}</SummaryRow>
        <SummaryRow label="Reason"><ReasonText reason={v.reason} reasons={v.otherReasons} languages={p.languages} /></SummaryRow>
      </dl>
      <PreviewSummary preview={p.preview} services={p.services} />
      <p class="govuk-body">Nothing has been published yet.</p>
      <div class="govuk-button-group">
        <form method="post" action="/officer/changes" id="publish-form">
          <HiddenValues values={changeFields(v)} />
          <button type="submit" class="govuk-button">Publish</button>
        </form>
        <form method="post" action="/officer/changes/new" id="change-again-form">
          <HiddenValues values={changeFields(v)} />
          <button type="submit" class="govuk-button govuk-button--secondary">Change</button>
        </form>
      </div>
    </Layout>
  );
}

export interface WithdrawProps extends CommonProps {
  change: ExceptionView;
  rounds: Named[];
  services: Named[];
}

export function WithdrawPage(p: WithdrawProps) {
  const e = p.change;
  return (
    <Layout title="Withdraw this change?" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      back={{ href: '/officer/changes', text: 'Back to service changes' }}>
      <OfficerNav current="changes" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Withdraw this change?</h1>
      <dl class="govuk-summary-list" id="withdraw-summary">
        <SummaryRow label="Change">{effectText(e)}</SummaryRow>
        <SummaryRow label="Covers">{scopeText(e, p.rounds, p.services)}</SummaryRow>
        <SummaryRow label="Reason"><ReasonText reason={e.reason} reasons={e.reasons} languages={p.languages} /></SummaryRow>
        {e.createdBy && <SummaryRow label="Published by">{e.createdBy}</SummaryRow>}
      </dl>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          The collections go back to their usual dates at once, on residents' pages, calendars and crews' lists.
        </strong>
      </div>
      <div class="govuk-button-group">
        <form method="post" action={`/officer/changes/${encodeURIComponent(e.id)}/withdraw`} id="withdraw-form">
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="govuk-button govuk-button--warning">Yes, withdraw it</button>
        </form>
        <a class="govuk-link" href="/officer/changes">No, keep it</a>
      </div>
    </Layout>
  );
}
