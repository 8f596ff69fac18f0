'use client';

import { checkImplicitRedirectAction } from '@/lib/actions/check-implicit-redirect';
import { implicitRedirectInputSchema } from '@/lib/checks/implicit-redirect';
import { Field } from './field';
import { ImplicitRedirectResult } from './implicit-redirect-result';
import { ProbeForm } from './probe-form';
import { useProbeForm } from './use-probe-form';

/** Checks the URL a login page sends the user back to with the implicit grant. Nothing is fetched. */
export function ImplicitRedirectForm() {
  const { form, state, running, formProps } = useProbeForm(implicitRedirectInputSchema, checkImplicitRedirectAction, {
    redirectUrl: '',
    expectedState: '',
  });
  const {
    register,
    formState: { errors },
  } = form;
  return (
    <ProbeForm
      name="Implicit grant redirect check"
      formProps={formProps}
      running={running}
      submit="Check the redirect"
      submitting="Checking…"
      status={running ? <p>Reading the redirect…</p> : state && <ImplicitRedirectResult state={state} />}
    >
      <Field
        label="Redirect URL your server sends the user to"
        error={errors.redirectUrl}
        hint={
          <>
            The Location header of your login page’s last redirect (developer tools, Network tab), for example{' '}
            <code>https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA#state=…&amp;access_token=…&amp;token_type=Bearer</code>
          </>
        }
      >
        {(props) => <textarea {...props} {...register('redirectUrl')} className="code-input" rows={4} spellCheck={false} autoComplete="off" />}
      </Field>
      <Field
        label="State Alexa sent (optional)"
        error={errors.expectedState}
        hint="The state parameter of Alexa’s request to your authorization URI, to check that it comes back unchanged."
      >
        {(props) => <textarea {...props} {...register('expectedState')} className="code-input" rows={2} spellCheck={false} autoComplete="off" />}
      </Field>
    </ProbeForm>
  );
}
