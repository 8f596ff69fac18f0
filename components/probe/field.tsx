import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled form control with its hint and error, wired together for screen readers. */
export function Field({
  label,
  hint,
  error,
  withheld = false,
  children,
}: {
  label: string;
  hint?: ReactNode;
  /** The field held a secret, which the page answering a post without JavaScript leaves empty: say so beside it. */
  withheld?: boolean;
  /** A react-hook-form field error; only its message is shown. */
  error?: { message?: string } | undefined;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, withheld && `${id}-withheld`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {withheld && (
        <p id={`${id}-withheld`} className="field-withheld">
          Left empty on purpose: Link Doctor never sends a secret back into the page. Enter it again to run the check
          again.
        </p>
      )}
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {error?.message && (
        <p id={`${id}-error`} className="field-error">
          {error.message}
        </p>
      )}
    </div>
  );
}
