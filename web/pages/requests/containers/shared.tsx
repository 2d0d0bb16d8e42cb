/**
 * Pieces the bin-request pages share: the frame (council header, the address as caption, a back
 * link, the GOV.UK error summary), radios, the answers carried from step to step, and charges.
 */
import type { Child } from 'hono/jsx';
import { formatPounds } from '../../../../server/domain/commercial/charges.ts';
import { ErrorMessage, ErrorSummary, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { useLang } from '../../../i18n/context.ts';
import type { Translate } from '../../../i18n/index.ts';

export interface RequestFrame {
  uprn: string;
  address: string;
  councilName: string;
  councilSlug: string;
}

/** What the resident has answered so far (all text: it came from a form or a query). */
export interface BinAnswers {
  container?: string;
  reason?: string;
  quantity?: string;
  name?: string;
  email?: string;
  phone?: string;
}

export const BASE = (uprn: string) => `/property/${uprn}/bins/request`;

/** The non-personal answers as a query string (names and emails never go into a URL). */
export function answersQuery(a: BinAnswers, keys: Array<'container' | 'reason' | 'quantity'> = ['container', 'reason', 'quantity']): string {
  const q = new URLSearchParams();
  for (const k of keys) if (a[k]) q.set(k, a[k]!);
  const text = q.toString();
  return text ? `?${text}` : '';
}

export const charge = (pence: number, t: Translate) => (pence === 0 ? t('containers.free') : formatPounds(pence));

export function Frame(props: { frame: RequestFrame; title: string; errors?: FieldErrors; back: string; children?: Child }) {
  const { t } = useLang();
  const errors = props.errors ?? {};
  return (
    <Layout title={props.title} councilName={props.frame.councilName} councilSlug={props.frame.councilSlug} hasErrors={Object.keys(errors).length > 0}
      back={{ href: props.back, text: t('containers.back') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span class="govuk-caption-l">{props.frame.address}</span>
          {props.children}
        </div>
      </div>
    </Layout>
  );
}

/** Hidden copies of earlier answers, so each form carries everything without a server session. */
export function Carry(props: { answers: BinAnswers; keys: Array<keyof BinAnswers> }) {
  return <>{props.keys.filter((k) => props.answers[k]).map((k) => <input type="hidden" name={k} value={props.answers[k]} />)}</>;
}

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
}

/** A one-question page's radios: the legend is the page heading; the first radio carries the field id for the summary link. */
export function Radios(props: { id: string; legend: string; options: RadioOption[]; value?: string; error?: string; hint?: string }) {
  const { id } = props;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={described}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
          <h1 class="govuk-fieldset__heading">{props.legend}</h1>
        </legend>
        {props.hint && <div id={`${id}-hint`} class="govuk-hint">{props.hint}</div>}
        <ErrorMessage id={id} message={props.error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {props.options.map((o, i) => {
            const inputId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={inputId} name={id} type="radio" value={o.value} checked={props.value === o.value}
                  aria-describedby={o.hint ? `${inputId}-item-hint` : undefined} />
                <label class="govuk-label govuk-radios__label" for={inputId}>{o.label}</label>
                {o.hint && <div id={`${inputId}-item-hint`} class="govuk-hint govuk-radios__hint">{o.hint}</div>}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Continue() {
  const { t } = useLang();
  return <button type="submit" class="govuk-button" data-module="govuk-button">{t('containers.continue')}</button>;
}
