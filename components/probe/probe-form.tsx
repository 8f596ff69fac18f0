import { useId, type ComponentProps, type ReactNode } from 'react';
import { PROBE_FIELD, type ProbeId } from '@/lib/probes/catalog';

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
  /** The form's props; from useProbeForm, with the probe it runs. */
  formProps: ComponentProps<'form'> & { probe?: ProbeId };
  running: boolean;
  submit: string;
  submitting: string;
  /** What to show under the form: a note while running, then the result. */
  status: ReactNode;
  children: ReactNode;
}) {
  const statusId = useId();
  const { probe, ...props } = formProps;
  return (
    <div className="probe">
      <form {...props} className="probe-form" aria-label={name}>
        {probe && <input type="hidden" name={PROBE_FIELD} value={probe} />}
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

/** Every probe's button says the same, wherever the probe is (its page, a guide step): people learn it once. */
export const RUN_CHECK = 'Run the check';
export const RUNNING_CHECK = 'Running the check…';

/** What a probe form says: its accessible name and a line while it runs (its button is RUN_CHECK). */
export interface ProbeFormTexts {
  name: string;
  running: string;
}

/** A probe's form in the shared frame: under it, the line while it runs, then what `result` makes of the answer. */
export function RunProbeForm<State>({
  of,
  texts,
  result,
  children,
}: {
  /** useProbeForm's answer for this form. */
  of: { formProps: ComponentProps<'form'> & { probe: ProbeId }; running: boolean; state: State | null };
  texts: ProbeFormTexts;
  result: (state: State) => ReactNode;
  children: ReactNode;
}) {
  return (
    <ProbeForm
      name={texts.name}
      formProps={of.formProps}
      running={of.running}
      submit={RUN_CHECK}
      submitting={RUNNING_CHECK}
      status={of.running ? <p>{texts.running}</p> : of.state && result(of.state)}
    >
      {children}
    </ProbeForm>
  );
}
