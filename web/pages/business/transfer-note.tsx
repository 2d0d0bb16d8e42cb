/** A waste transfer note, printable (the print stylesheet hides navigation), with the accept form for the customer. */
import { formatLongDate } from '../../../server/domain/dates.ts';
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

const signature = (by: string | null, role: string | null, at: Date | null) =>
  by && at ? `${by} (${role ?? ''}), ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'Not yet signed';

export function TransferNotePage(p: TransferNotePageProps) {
  const n = p.note;
  const errors = p.errors ?? {};
  return (
    <Layout title={`Waste transfer note ${n.id}`} councilName={p.councilName} hasErrors={Object.keys(errors).length > 0} back={{ href: p.backHref }}>
      <ErrorSummary errors={errors} />
      {p.message && (
        <div class="govuk-notification-banner" role="region" aria-labelledby="note-banner-title" data-module="govuk-notification-banner">
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title" id="note-banner-title">Important</h2>
          </div>
          <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">{p.message}</p></div>
        </div>
      )}
      <span class="govuk-caption-l">{`Contract ${n.contractReference}`}</span>
      <h1 class="govuk-heading-l">{`Waste transfer note ${n.id}`}</h1>
      <p class="govuk-body">
        A duty of care "season ticket": it covers every transfer of the waste below between the two parties in the period shown.
      </p>
      <dl class="govuk-summary-list" id="transfer-note-fields">
        {transferNoteRows(n.fields).map(([label, value]) => <SummaryRow label={label}>{value}</SummaryRow>)}
        <SummaryRow label="Transferor signature">{signature(n.transferorSignedBy, n.transferorRole, n.transferorSignedAt)}</SummaryRow>
        <SummaryRow label="Transferee signature">{signature(n.transfereeSignedBy, n.transfereeRole, n.transfereeSignedAt)}</SummaryRow>
      </dl>
      <p class="govuk-body"><a class="govuk-link" href={p.pdfHref}>Download this note as a PDF</a></p>

      {p.acceptAction && !n.transferorSignedAt && (
        <form method="post" action={p.acceptAction} novalidate>
          <h2 class="govuk-heading-m">Accept this note</h2>
          <p class="govuk-body">By accepting you confirm the description of the waste is correct and sign the note for your business.</p>
          <TextInput id="name" label="Your full name" value={p.values?.name} error={errors.name} autocomplete="name" />
          <TextInput id="role" label="Your role in the business" hint="For example, owner or manager" value={p.values?.role} error={errors.role} />
          <button type="submit" class="govuk-button" data-module="govuk-button">Accept and sign</button>
        </form>
      )}

      <h2 class="govuk-heading-m">Schedule of transfers</h2>
      {n.fields.schedule.length ? (
        <ul class="govuk-list govuk-list--bullet">
          {n.fields.schedule.map((s) => <li>{`${formatLongDate(s.date, true)}: ${s.services.join(', ')}`}</li>)}
        </ul>
      ) : <p class="govuk-body">No transfers scheduled in this period.</p>}

      {p.deleteAction && (
        <form method="post" action={p.deleteAction}>
          <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Delete this note</button>
        </form>
      )}
    </Layout>
  );
}
