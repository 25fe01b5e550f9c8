import type { CommonT } from '../messages';

export interface CopyableProps {
  t: CommonT;
  /** the id of the element holding the text */
  id: string;
  value: string;
  /** what the value is, for the button's accessible name */
  label: string;
}

/**
 * A value (a payment number) with a copy button. The button is rendered hidden
 * and the enhancement script (client/enhance.ts) reveals it: without JavaScript
 * the value is there to read and select, and no dead button is shown.
 */
export function Copyable({ t, id, value, label }: CopyableProps) {
  return (
    <span class="copyable">
      <span id={id} class="copyable__value">
        {value}
      </span>
      <button
        type="button"
        class="button button--secondary copyable__button"
        hidden
        data-copy-target={id}
        data-copied-text={t('copied')}
        data-selected-text={t('copySelected')}
        aria-label={`${t('copy')}: ${label}`}
      >
        {t('copy')}
      </button>
      <span class="copyable__status" role="status" aria-live="polite" data-copy-status={id} />
    </span>
  );
}
