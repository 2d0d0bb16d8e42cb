/**
 * "Check your answers" (GOV.UK pattern) with the charge and the planned delivery day, then one
 * button: "Continue to payment", or "Send request" when the container is free. Every answer rides
 * in hidden fields; the request is only made when this form is posted.
 */
import { SummaryRow, type FieldErrors } from '../../components.tsx';
import { longDate } from '../../../i18n/dates.ts';
import { useLang } from '../../../i18n/context.ts';
import type { MessageKey } from '../../../i18n/index.ts';
import type { ContainerOption } from '../../../../server/services/requests/containers/options.ts';
import { answersQuery, BASE, Carry, charge, Frame, type BinAnswers, type RequestFrame } from './shared.tsx';

export interface CheckProps {
  frame: RequestFrame;
  answers: BinAnswers;
  option: ContainerOption;
  quantity: number;
  amountPence: number;
  deliveryDate: string;
  errors?: FieldErrors;
}

const ALL: Array<keyof BinAnswers> = ['container', 'reason', 'quantity', 'name', 'email', 'phone'];

function Change(props: { href: string; what: string }) {
  const { t } = useLang();
  return (
    <dd class="govuk-summary-list__actions">
      <a class="govuk-link" href={props.href}>
        {t('containers.change')}<span class="govuk-visually-hidden"> {props.what}</span>
      </a>
    </dd>
  );
}

export function CheckPage(p: CheckProps) {
  const { t, lang } = useLang();
  const base = BASE(p.frame.uprn);
  const q = answersQuery(p.answers);
  return (
    <Frame frame={p.frame} title={t('containers.check_title')} errors={p.errors} back={`${base}/details${q}`}>
      <h1 class="govuk-heading-l">{t('containers.check_title')}</h1>
      <h2 class="govuk-heading-m">{t('containers.check_request')}</h2>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">{t('containers.row_container')}</dt>
          <dd class="govuk-summary-list__value" id="check-container">{p.option.name}</dd>
          <Change href={`${base}${q}`} what={t('containers.row_container').toLowerCase()} />
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">{t('containers.row_reason')}</dt>
          <dd class="govuk-summary-list__value">{t(`containers.reason_${p.answers.reason}` as MessageKey)}</dd>
          <Change href={`${base}/reason${q}`} what={t('containers.row_reason').toLowerCase()} />
        </div>
        <div class={`govuk-summary-list__row${p.option.maxQuantity > 1 ? '' : ' govuk-summary-list__row--no-actions'}`}>
          <dt class="govuk-summary-list__key">{t('containers.row_quantity')}</dt>
          <dd class="govuk-summary-list__value">{String(p.quantity)}</dd>
          {p.option.maxQuantity > 1 && <Change href={`${base}/quantity${q}`} what={t('containers.row_quantity').toLowerCase()} />}
        </div>
        <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt class="govuk-summary-list__key">{t('containers.row_delivery')}</dt>
          <dd class="govuk-summary-list__value">{t('containers.delivery_on', { date: longDate(lang, p.deliveryDate, true) })}</dd>
        </div>
        <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt class="govuk-summary-list__key">{t('containers.row_charge')}</dt>
          <dd class="govuk-summary-list__value" id="check-charge"><strong>{charge(p.amountPence, t)}</strong></dd>
        </div>
      </dl>

      <h2 class="govuk-heading-m">{t('containers.check_contact')}</h2>
      <dl class="govuk-summary-list">
        <SummaryRow label={t('containers.name')}>{p.answers.name}</SummaryRow>
        <SummaryRow label={t('containers.email')}>{p.answers.email}</SummaryRow>
        {p.answers.phone && <SummaryRow label={t('containers.phone')}>{p.answers.phone}</SummaryRow>}
      </dl>
      {/* Contact details never go into a URL: changing them posts them back to their form. */}
      <form method="post" action={`${base}/details`} novalidate>
        <Carry answers={p.answers} keys={ALL} />
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{t('containers.change_details')}</button>
      </form>

      <form method="post" action={`${base}/confirm`} novalidate>
        <Carry answers={p.answers} keys={ALL} />
        <p class="govuk-body">{p.amountPence > 0 ? t('containers.pay_next', { amount: charge(p.amountPence, t) }) : t('containers.free_next')}</p>
        <button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
          {p.amountPence > 0 ? t('containers.to_payment') : t('containers.send')}
        </button>
      </form>
    </Frame>
  );
}
