/**
 * The questions, one a page (GOV.UK "one thing per page"): which container → why → how many →
 * your details. The first three are GET forms (nothing personal in them, so the answers can ride in
 * the query and the browser's back button just works); the details form posts to the check page.
 */
import type { ContainerOption } from '../../../../server/services/requests/containers/options.ts';
import { TextInput, type FieldErrors } from '../../components.tsx';
import { useLang } from '../../../i18n/context.ts';
import type { MessageKey } from '../../../i18n/index.ts';
import { answersQuery, BASE, Carry, charge, Continue, Frame, Radios, type BinAnswers, type RequestFrame } from './shared.tsx';

export interface StepProps {
  frame: RequestFrame;
  answers: BinAnswers;
  errors?: FieldErrors;
}

export function ContainerStep(props: StepProps & { options: ContainerOption[] }) {
  const { t } = useLang();
  const { frame, answers } = props;
  const free = props.options.filter((o) => !o.openReference);
  const open = props.options.filter((o) => o.openReference);
  return (
    <Frame frame={frame} title={t('containers.which_title')} errors={props.errors} back={`/property/${frame.uprn}`}>
      {free.length > 0 ? (
        <form method="get" action={`${BASE(frame.uprn)}/reason`} novalidate>
          <Radios id="container" legend={t('containers.which_title')} value={answers.container} error={props.errors?.container}
            options={free.map((o) => ({ value: o.id, label: o.name, hint: charge(o.pricePence, t) }))} />
          <Continue />
        </form>
      ) : (
        <>
          <h1 class="govuk-heading-l">{t('containers.which_title')}</h1>
          <p class="govuk-body">{t('containers.none_available')}</p>
        </>
      )}
      {open.length > 0 && (
        <section class="kb-section" aria-labelledby="open-heading">
          <h2 class="govuk-heading-m" id="open-heading">{t('containers.open_heading')}</h2>
          <ul class="govuk-list">
            {open.map((o) => (
              <li>
                {t('containers.open_item', { container: o.name })}{' '}
                <a class="govuk-link" href={`/requests/${o.openReference}`}>{o.openReference}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Frame>
  );
}

export function ReasonStep(props: StepProps & { option: ContainerOption }) {
  const { t } = useLang();
  const { frame, answers, option } = props;
  return (
    <Frame frame={frame} title={t('containers.why_title', { container: option.name })} errors={props.errors} back={`${BASE(frame.uprn)}${answersQuery(answers, ['container'])}`}>
      <form method="get" action={`${BASE(frame.uprn)}/${option.maxQuantity > 1 ? 'quantity' : 'details'}`} novalidate>
        <Carry answers={answers} keys={['container']} />
        <Radios id="reason" legend={t('containers.why_title', { container: option.name })} value={answers.reason} error={props.errors?.reason}
          options={option.reasons.map((r) => ({ value: r, label: t(`containers.reason_${r}` as MessageKey) }))} />
        <Continue />
      </form>
    </Frame>
  );
}

export function QuantityStep(props: StepProps & { option: ContainerOption }) {
  const { t } = useLang();
  const { frame, answers, option } = props;
  return (
    <Frame frame={frame} title={t('containers.how_many_title', { container: option.name })} errors={props.errors} back={`${BASE(frame.uprn)}/reason${answersQuery(answers, ['container', 'reason'])}`}>
      <form method="get" action={`${BASE(frame.uprn)}/details`} novalidate>
        <Carry answers={answers} keys={['container', 'reason']} />
        <TextInput id="quantity" label={t('containers.how_many_title', { container: option.name })} labelAsHeading
          hint={t('containers.how_many_hint', { max: option.maxQuantity })} value={answers.quantity ?? '1'} error={props.errors?.quantity}
          inputmode="numeric" inputClass="govuk-input--width-2" spellcheck={false} />
        <Continue />
      </form>
    </Frame>
  );
}

export function DetailsStep(props: StepProps & { option: ContainerOption }) {
  const { t } = useLang();
  const { frame, answers, option } = props;
  const errors = props.errors ?? {};
  const back = option.maxQuantity > 1
    ? `${BASE(frame.uprn)}/quantity${answersQuery(answers)}`
    : `${BASE(frame.uprn)}/reason${answersQuery(answers, ['container', 'reason'])}`;
  return (
    <Frame frame={frame} title={t('containers.details_title')} errors={errors} back={back}>
      <h1 class="govuk-heading-l">{t('containers.details_title')}</h1>
      <p class="govuk-body">{t('containers.details_use')}</p>
      <form method="post" action={`${BASE(frame.uprn)}/check`} novalidate>
        <Carry answers={answers} keys={['container', 'reason', 'quantity']} />
        <TextInput id="name" label={t('containers.name')} value={answers.name} error={errors.name} autocomplete="name" spellcheck={false} />
        <TextInput id="email" label={t('containers.email')} hint={t('containers.email_hint')} type="email" value={answers.email}
          error={errors.email} autocomplete="email" spellcheck={false} />
        <TextInput id="phone" label={t('containers.phone')} hint={t('containers.phone_hint')} type="tel" value={answers.phone}
          error={errors.phone} autocomplete="tel" inputClass="govuk-input--width-20" />
        <Continue />
      </form>
    </Frame>
  );
}
