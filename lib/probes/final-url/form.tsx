'use client';

import { finalUrlInputSchema } from './input';
import { Field } from '@/components/probe/field';
import { FinalUrlResultView } from './result';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { useProbeForm } from '@/components/probe/use-probe-form';

const TEXTS: ProbeFormTexts = { name: 'Where linking ended', running: 'Reading the address…' };

/** Explains the address of the page a linking attempt ended on. Nothing is fetched. */
export function FinalUrlForm() {
  const probe = useProbeForm('final-url', finalUrlInputSchema, { finalUrl: '' });
  const { formState: { errors } } = probe.form;
  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <FinalUrlResultView state={state} />}>
      <Field
        label="Address of the page where linking ended"
        error={errors.finalUrl}
        withheld={probe.withheld('finalUrl')}
        hint={
          <>
            For example <code>https://skills-store.amazon.com/external/link-result?success=false&amp;errorKey=…</code> or{' '}
            <code>https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA?error=…&amp;state=…</code>
          </>
        }
      >
        {(props) => <textarea {...props} {...probe.text('finalUrl')} className="code-input" rows={4} spellCheck={false} autoComplete="off" />}
      </Field>
    </RunProbeForm>
  );
}
