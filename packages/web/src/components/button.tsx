import type { ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

export interface ButtonProps {
  type?: 'submit' | 'button' | 'reset';
  variant?: ButtonVariant;
  /** submit buttons may carry a value (e.g. which action of a form) */
  name?: string;
  value?: string;
  disabled?: boolean;
  children?: ComponentChildren;
}

const classes = (variant: ButtonVariant) => `button button--${variant}`;

export function Button({ type = 'submit', variant = 'primary', name, value, disabled, children }: ButtonProps) {
  return (
    <button type={type} class={classes(variant)} name={name} value={value} disabled={disabled}>
      {children}
    </button>
  );
}

/** A link that looks like a button: navigation (GET), never a change of state. */
export function ButtonLink({ href, variant = 'secondary', children }: { href: string; variant?: ButtonVariant; children?: ComponentChildren }) {
  return (
    <a href={href} class={classes(variant)}>
      {children}
    </a>
  );
}
