'use client';

import { implicitRedirectInputSchema } from './input';
import { Field } from '@/components/probe/field';
import { ImplicitRedirectResult } from './result';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { useProbeForm } from '@/components/probe/use-probe-form';

const TEXTS: ProbeFormTexts = { name: 'Implicit grant redirect check', running: 'Reading the redirect…' };

/** Checks the URL a login page sends the user back to with the implicit grant. Nothing is fetched. */
export function ImplicitRedirectForm() {
  const probe = useProbeForm('implicit-redirect', implicitRedirectInputSchema, {
    redirectUrl: '',
    expectedState: '',
  });
  const { formState: { errors } } = probe.form;
  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <ImplicitRedirectResult state={state} />}>
      <Field
        label="Redirect URL your server sends the user to"
        error={errors.redirectUrl}
        withheld={probe.withheld('redirectUrl')}
        hint={
          <>
            The Location header of your login page’s last redirect (developer tools, Network tab), for example{' '}
            <code>https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA#state=…&amp;access_token=…&amp;token_type=Bearer</code>
          </>
        }
      >
        {(props) => <textarea {...props} {...probe.text('redirectUrl')} className="code-input" rows={4} spellCheck={false} autoComplete="off" />}
      </Field>
      <Field
        label="State Alexa sent (optional)"
        error={errors.expectedState}
        hint="The state parameter of Alexa’s request to your authorization URI, to check that it comes back unchanged."
      >
        {(props) => <textarea {...props} {...probe.text('expectedState')} className="code-input" rows={2} spellCheck={false} autoComplete="off" />}
      </Field>
    </RunProbeForm>
  );
}
