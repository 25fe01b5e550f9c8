import type { ComponentChildren } from 'preact';
import type { CommonT } from '../messages';

/**
 * What a field holds decides the keyboard a phone shows and what the browser may
 * do with it: digits (payment numbers, account numbers, postcodes) get the
 * numeric keypad; kana (account holder names, read in katakana) stays Japanese
 * text without auto-capitalisation or spell checking.
 */
export type FieldKind = 'text' | 'digits' | 'kana' | 'email' | 'tel';

export interface TextFieldProps {
  t: CommonT;
  /** the form field name; also the id unless `id` is given */
  name: string;
  label: string;
  id?: string;
  value?: string;
  kind?: FieldKind;
  required?: boolean;
  /** a short hint under the label (format, example) */
  hint?: string;
  /** the server's validation message for this field */
  error?: string;
  autoComplete?: string;
  maxLength?: number;
}

function kindAttributes(kind: FieldKind) {
  switch (kind) {
    case 'digits':
      return { type: 'text', inputMode: 'numeric', pattern: '[0-9]*', autoCapitalize: 'off', spellcheck: false } as const;
    case 'kana':
      return { type: 'text', inputMode: 'text', lang: 'ja', autoCapitalize: 'off', spellcheck: false } as const;
    case 'email':
      return { type: 'email', inputMode: 'email', autoCapitalize: 'off', spellcheck: false } as const;
    case 'tel':
      return { type: 'tel', inputMode: 'tel' } as const;
    case 'text':
      return { type: 'text' } as const;
  }
}

/** The ids a field's hint and error text get, for aria-describedby and for links to the field. */
export function fieldIds(name: string, id = name) {
  return { input: id, hint: `${id}-hint`, error: `${id}-error` };
}

export function RequiredMark({ t, required }: { t: CommonT; required?: boolean }) {
  return required ? <span class="field__required">{t('required')}</span> : <span class="field__optional">{t('optional')}</span>;
}

/** A labelled input with its hint and error text tied to it by aria-describedby. */
export function TextField({ t, name, label, id, value, kind = 'text', required, hint, error, autoComplete, maxLength }: TextFieldProps) {
  const ids = fieldIds(name, id);
  const describedBy = [hint ? ids.hint : undefined, error ? ids.error : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={ids.input} class="field__label">
        {label} <RequiredMark t={t} required={required} />
      </label>
      {hint && (
        <p id={ids.hint} class="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.error} class="field__error">
          <span class="visually-hidden">{t('errorPrefix')}</span>
          {error}
        </p>
      )}
      <input
        {...kindAttributes(kind)}
        id={ids.input}
        name={name}
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        autoComplete={autoComplete ?? (kind === 'digits' ? 'off' : undefined)}
        maxLength={maxLength}
        class="field__input"
      />
    </div>
  );
}

export interface SelectFieldProps {
  t: CommonT;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string;
  required?: boolean;
  hint?: string;
  error?: string;
}

export function SelectField({ t, name, label, options, value, required, hint, error }: SelectFieldProps) {
  const ids = fieldIds(name);
  const describedBy = [hint ? ids.hint : undefined, error ? ids.error : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={ids.input} class="field__label">
        {label} <RequiredMark t={t} required={required} />
      </label>
      {hint && (
        <p id={ids.hint} class="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.error} class="field__error">
          <span class="visually-hidden">{t('errorPrefix')}</span>
          {error}
        </p>
      )}
      <select id={ids.input} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} class="field__input">
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface FormProps {
  action: string;
  method?: 'get' | 'post';
  /** the label of the form for assistive technology, when the page has several */
  label?: string;
  /** a form with a file input (multipart/form-data) */
  upload?: boolean;
  children?: ComponentChildren;
}

/** A form that posts back to the gateway (CSP form-action 'self'); validation is the server's. */
export function Form({ action, method = 'post', label, upload, children }: FormProps) {
  return (
    <form action={action} method={method} aria-label={label} class="form" noValidate enctype={upload ? 'multipart/form-data' : undefined}>
      {children}
    </form>
  );
}

export interface FileFieldProps {
  t: CommonT;
  name: string;
  label: string;
  /** e.g. ".csv,text/csv" */
  accept?: string;
  required?: boolean;
  hint?: string;
  error?: string;
}

/** A labelled file input (the form needs `upload`), its hint and error tied to it like a text field's. */
export function FileField({ t, name, label, accept, required, hint, error }: FileFieldProps) {
  const ids = fieldIds(name);
  const describedBy = [hint ? ids.hint : undefined, error ? ids.error : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={ids.input} class="field__label">
        {label} <RequiredMark t={t} required={required} />
      </label>
      {hint && (
        <p id={ids.hint} class="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.error} class="field__error">
          <span class="visually-hidden">{t('errorPrefix')}</span>
          {error}
        </p>
      )}
      <input type="file" id={ids.input} name={name} accept={accept} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} class="field__input" />
    </div>
  );
}
