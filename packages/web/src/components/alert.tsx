import type { ComponentChildren } from 'preact';
import type { CommonT } from '../messages';
import { fieldIds } from './form';

export type AlertKind = 'info' | 'success' | 'warning' | 'error';

export interface AlertProps {
  kind?: AlertKind;
  title?: string;
  children?: ComponentChildren;
}

/**
 * A notice on the page. Errors and warnings are announced (role="alert"),
 * confirmations and information politely (role="status").
 */
export function Alert({ kind = 'info', title, children }: AlertProps) {
  const role = kind === 'error' || kind === 'warning' ? 'alert' : 'status';
  return (
    <div class={`alert alert--${kind}`} role={role}>
      {title && <p class="alert__title">{title}</p>}
      <div class="alert__body">{children}</div>
    </div>
  );
}

/** The list of a form's errors at its top, each a link to its field. */
export function ErrorSummary({ t, errors }: { t: CommonT; errors: { field: string; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <Alert kind="error" title={t('errorSummaryTitle')}>
      <ul class="error-summary">
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#${fieldIds(e.field).input}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
