/**
 * GOV.UK Frontend patterns as small hono/jsx components. Text is always passed as children or
 * props, which hono/jsx escapes: nothing here writes raw HTML.
 */
import type { Child } from 'hono/jsx';
import { useLang } from '../i18n/context.ts';

/** Field id → message, in the order the fields appear on the page. */
export type FieldErrors = Record<string, string>;

/** GOV.UK error summary: links to each field in error; `site.js` moves focus to it. */
export function ErrorSummary(props: { errors: FieldErrors }) {
  const entries = Object.entries(props.errors);
  const { t } = useLang();
  if (!entries.length) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{t('components.error_summary')}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {entries.map(([field, message]) => (
              <li>
                <a href={`#${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage(props: { id: string; message?: string }) {
  const { t } = useLang();
  if (!props.message) return null;
  return (
    <p id={`${props.id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">{t('components.error_prefix')}</span> {props.message}
    </p>
  );
}

const describedBy = (id: string, hint?: unknown, error?: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export interface InputProps {
  id: string;
  name?: string;
  label: string;
  /** Render the label as the page heading (GOV.UK one-question pages). */
  labelAsHeading?: boolean;
  hint?: string;
  value?: string;
  error?: string;
  type?: string;
  autocomplete?: string;
  inputClass?: string;
  spellcheck?: boolean;
  inputmode?: 'decimal' | 'email' | 'none' | 'numeric' | 'search' | 'tel' | 'text' | 'url';
}

export function TextInput(p: InputProps) {
  const label = (
    <label class={`govuk-label${p.labelAsHeading ? ' govuk-label--l' : ''}`} for={p.id}>
      {p.label}
    </label>
  );
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      {p.labelAsHeading ? <h1 class="govuk-label-wrapper">{label}</h1> : label}
      {p.hint && (
        <div id={`${p.id}-hint`} class="govuk-hint">
          {p.hint}
        </div>
      )}
      <ErrorMessage id={p.id} message={p.error} />
      <input
        class={`govuk-input${p.inputClass ? ` ${p.inputClass}` : ''}${p.error ? ' govuk-input--error' : ''}`}
        id={p.id}
        name={p.name ?? p.id}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        spellcheck={p.spellcheck}
        inputmode={p.inputmode}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
      />
    </div>
  );
}

/** `lang`: the language the text is typed in, where it differs from the page's (spell-checking, screen readers). */
export function Textarea(p: InputProps & { rows?: number; lang?: string }) {
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label" for={p.id}>
        {p.label}
      </label>
      {p.hint && (
        <div id={`${p.id}-hint`} class="govuk-hint">
          {p.hint}
        </div>
      )}
      <ErrorMessage id={p.id} message={p.error} />
      <textarea
        class={`govuk-textarea${p.error ? ' govuk-textarea--error' : ''}`}
        id={p.id}
        name={p.name ?? p.id}
        rows={p.rows ?? 4}
        lang={p.lang}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

/** A bin's colour as a small swatch: an SVG fill, since the CSP forbids inline style attributes. */
export function ColourChip(props: { colour: string }) {
  const colour = /^#[0-9a-fA-F]{6}$/.test(props.colour) ? props.colour : '#b1b4b6';
  return (
    <svg class="kb-chip" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
      <rect x="1" y="1" width="22" height="22" rx="4" fill={colour} stroke="#0b0c0c" stroke-width="2" />
    </svg>
  );
}

export function SummaryRow(props: { label: string; children?: Child }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{props.label}</dt>
      <dd class="govuk-summary-list__value">{props.children}</dd>
    </div>
  );
}

export function Tag(props: { class?: string; children?: Child }) {
  return <strong class={`govuk-tag${props.class ? ` ${props.class}` : ''}`}>{props.children}</strong>;
}

/** GOV.UK success notification banner, shown after a change went through (nothing when no message). */
export function SuccessBanner(props: { message?: string }) {
  const { t } = useLang();
  if (!props.message) return null;
  return (
    <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="banner-title" data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="banner-title">{t('components.success')}</h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{props.message}</p>
      </div>
    </div>
  );
}

/** A wide table that scrolls within its own labelled, focusable box on narrow screens. */
export function ScrollBox(props: { label: string; children?: Child }) {
  return (
    <div class="kb-table-scroll" role="region" aria-label={props.label} tabindex={0}>
      {props.children}
    </div>
  );
}
