/**
 * /officer/changes/not-completed?round=&date=: a round that could not finish is marked not completed
 * and its collections moved to a catch-up day in one step. The page opens on the preview for the
 * next working day; "Update the preview" tries another day or reason (a GET: nothing is written);
 * the confirm button posts exactly the previewed values. A council with more than one language is
 * asked for the reason in each, as on the change form (optional; empty shows the first's).
 */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { Preview } from '../../../../server/services/changes/exceptions.ts';
import type { RoundForDay } from '../../../../server/services/changes/not-completed.ts';
import { ErrorSummary, SummaryRow, Textarea, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';
import type { Lang } from '../../../i18n/index.ts';
import { HiddenValues, LANGUAGE_NAME, PreviewSummary, ReasonText, reasonField, SERVICE_NAME, type CommonProps, type Named } from './shared.tsx';

export interface NotCompletedProps extends CommonProps {
  round: RoundForDay;
  /** `otherReasons`: the reason in the council's languages after the first, as typed (may be empty). */
  values: { catchUp: string; reason: string; otherReasons: Partial<Record<Lang, string>> };
  preview?: Preview;
  errors?: FieldErrors;
  services: Named[];
}

export function NotCompletedPage(p: NotCompletedProps) {
  const errors = p.errors ?? {};
  const r = p.round;
  const [first, ...others] = p.languages ?? ['en'];
  const given = Object.fromEntries(others.filter((l) => p.values.otherReasons[l]).map((l) => [l, p.values.otherReasons[l]!]));
  const carried = Object.fromEntries(Object.entries(given).map(([l, text]) => [reasonField(l as Lang), text]));
  return (
    <Layout title={`Round not completed: ${r.name}`} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      hasErrors={Object.keys(errors).length > 0} back={{ href: '/officer', text: 'Back to today' }}>
      <OfficerNav current="changes" isAdmin={p.isAdmin} />
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">{`Round not completed: ${r.name}`}</h1>
      <dl class="govuk-summary-list" id="not-completed-summary">
        <SummaryRow label="Round">{`${r.name} (${r.id})`}</SummaryRow>
        <SummaryRow label="Not completed on">{formatLongDate(r.date, true)}</SummaryRow>
        {p.preview && <SummaryRow label="Collections move to">{formatLongDate(p.values.catchUp, true)}</SummaryRow>}
        {p.preview && <SummaryRow label="Reason residents will see"><ReasonText reason={p.values.reason} reasons={given} languages={p.languages} /></SummaryRow>}
      </dl>
      {p.preview && (
        <>
          <PreviewSummary preview={p.preview} services={p.services} />
          <p class="govuk-body">Nothing has been changed yet. Confirming marks the round not completed and publishes the move.</p>
          <form method="post" action="/officer/changes/not-completed" id="not-completed-form">
            <HiddenValues values={{ round: r.id, date: r.date, catchUp: p.values.catchUp, reason: p.values.reason, ...carried }} />
            <button type="submit" class="govuk-button">Mark not completed and move the collections</button>
          </form>
        </>
      )}
      <h2 class="govuk-heading-m">{p.preview ? 'Choose another catch-up day' : 'Choose the catch-up day'}</h2>
      <form method="get" action="/officer/changes/not-completed" novalidate id="catch-up-form">
        <HiddenValues values={{ round: r.id, date: r.date }} />
        <TextInput id="catchUp" label="Catch-up date" hint="For example 2026-12-22" value={p.values.catchUp} error={errors.catchUp}
          inputClass="govuk-input--width-10" />
        <Textarea id="reason" label={others.length ? `Reason residents will see, in ${LANGUAGE_NAME[first]}` : 'Reason residents will see'}
          value={p.values.reason} error={errors.reason} rows={2} lang={others.length ? first : undefined} />
        {others.map((l) => (
          <Textarea id={reasonField(l)} label={`Reason in ${LANGUAGE_NAME[l]} (optional)`} lang={l}
            hint={`Residents reading in ${LANGUAGE_NAME[l]} see this. Leave it empty and they see the reason above.`}
            value={p.values.otherReasons[l] ?? ''} error={errors[reasonField(l)]} rows={2} />
        ))}
        <button type="submit" class="govuk-button govuk-button--secondary">Update the preview</button>
      </form>
    </Layout>
  );
}
