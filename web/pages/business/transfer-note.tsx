/** A waste transfer note, printable (the print stylesheet hides navigation), with the accept form for the customer. */
import { useLang } from '../../i18n/context.ts';
import { longDate } from '../../i18n/dates.ts';
import type { Translate } from '../../i18n/index.ts';
import { transferNoteRows } from '../../../server/domain/commercial/transfer-note.ts';
import type { TransferNote } from '../../../server/services/commercial/transfer-notes.ts';
import { ErrorSummary, SummaryRow, TextInput, type FieldErrors } from '../components.tsx';
import { Layout } from '../layout.tsx';

export interface TransferNotePageProps {
  note: TransferNote;
  councilName: string;
  pdfHref: string;
  backHref: string;
  /** Set for the customer while the note is not yet accepted. */
  acceptAction?: string;
  /** Set for officers: where the delete form posts. */
  deleteAction?: string;
  errors?: FieldErrors;
  values?: { name?: string; role?: string };
  message?: string;
}

const signature = (t: Translate, by: string | null, role: string | null, at: Date | null) =>
  by && at ? `${by} (${role ?? ''}), ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC` : t('note.not_signed');

export function TransferNotePage(p: TransferNotePageProps) {
  const n = p.note;
  const errors = p.errors ?? {};
  const { t, lang } = useLang();
  const title = t('note.title', { id: n.id });
  return (
    <Layout title={title} councilName={p.councilName} hasErrors={Object.keys(errors).length > 0} back={{ href: p.backHref }}>
      <ErrorSummary errors={errors} />
      {p.message && (
        <div class="govuk-notification-banner" role="region" aria-labelledby="note-banner-title" data-module="govuk-notification-banner">
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title" id="note-banner-title">{t('note.important')}</h2>
          </div>
          <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">{p.message}</p></div>
        </div>
      )}
      <span class="govuk-caption-l">{t('business.contract_title', { reference: n.contractReference })}</span>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">{t('note.season_ticket')}</p>
      <dl class="govuk-summary-list" id="transfer-note-fields">
        {transferNoteRows(n.fields, lang).map(([label, value]) => <SummaryRow label={label}>{value}</SummaryRow>)}
        <SummaryRow label={t('note.transferor_signature')}>{signature(t, n.transferorSignedBy, n.transferorRole, n.transferorSignedAt)}</SummaryRow>
        <SummaryRow label={t('note.transferee_signature')}>{signature(t, n.transfereeSignedBy, n.transfereeRole, n.transfereeSignedAt)}</SummaryRow>
      </dl>
      <p class="govuk-body"><a class="govuk-link" href={p.pdfHref}>{t('note.pdf')}</a></p>

      {p.acceptAction && !n.transferorSignedAt && (
        <form method="post" action={p.acceptAction} novalidate>
          <h2 class="govuk-heading-m">{t('note.accept_heading')}</h2>
          <p class="govuk-body">{t('note.accept_explain')}</p>
          <TextInput id="name" label={t('note.your_name')} value={p.values?.name} error={errors.name} autocomplete="name" />
          <TextInput id="role" label={t('note.your_role')} hint={t('note.role_hint')} value={p.values?.role} error={errors.role} />
          <button type="submit" class="govuk-button" data-module="govuk-button">{t('note.accept')}</button>
        </form>
      )}

      <h2 class="govuk-heading-m">{t('note.schedule')}</h2>
      {n.fields.schedule.length ? (
        <ul class="govuk-list govuk-list--bullet">
          {n.fields.schedule.map((s) => <li>{`${longDate(lang, s.date, true)}: ${s.services.join(', ')}`}</li>)}
        </ul>
      ) : <p class="govuk-body">{t('note.no_transfers')}</p>}

      {p.deleteAction && (
        <form method="post" action={p.deleteAction}>
          <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">{t('note.delete')}</button>
        </form>
      )}
    </Layout>
  );
}
