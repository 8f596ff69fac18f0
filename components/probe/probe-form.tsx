import { useId, type ComponentProps, type ReactNode } from 'react';

/** The frame every probe form shares: the fields, one submit button that is off while it runs, and a live status. */
export function ProbeForm({
  name,
  formProps,
  running,
  submit,
  submitting,
  status,
  children,
}: {
  /** Accessible name of the form, e.g. "Token probe". */
  name: string;
  formProps: ComponentProps<'form'>;
  running: boolean;
  submit: string;
  submitting: string;
  /** What to show under the form: a note while running, then the result. */
  status: ReactNode;
  children: ReactNode;
}) {
  const statusId = useId();
  return (
    <div className="probe">
      <form {...formProps} className="probe-form" aria-label={name}>
        {children}
        <p>
          <button type="submit" disabled={running} aria-describedby={statusId}>
            {running ? submitting : submit}
          </button>
        </p>
      </form>
      <div id={statusId} aria-live="polite" className="probe-status">
        {status}
      </div>
    </div>
  );
}
