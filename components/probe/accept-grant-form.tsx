'use client';

import { checkAcceptGrantAction } from '@/lib/actions/check-accept-grant';
import { acceptGrantInputSchema } from '@/lib/checks/accept-grant';
import { AcceptGrantResult } from './accept-grant-result';
import { Field } from './field';
import { ProbeForm } from './probe-form';
import { useProbeForm } from './use-probe-form';

/** Checks a smart home skill's response to the AcceptGrant directive against the documented shapes. */
export function AcceptGrantForm() {
  const { form, state, running, formProps } = useProbeForm(acceptGrantInputSchema, checkAcceptGrantAction, { response: '' });
  const {
    register,
    formState: { errors },
  } = form;
  return (
    <ProbeForm
      name="AcceptGrant response check"
      formProps={formProps}
      running={running}
      submit="Check the response"
      submitting="Checking…"
      status={running ? <p>Reading the response…</p> : state && <AcceptGrantResult state={state} />}
    >
      <Field
        label="Your skill’s response to AcceptGrant"
        error={errors.response}
        hint={
          <>
            The JSON your Lambda function returns (log it with <code>JSON.stringify</code>), for example{' '}
            <code>
              {
                '{"event":{"header":{"namespace":"Alexa.Authorization","name":"AcceptGrant.Response","payloadVersion":"3","messageId":"…"},"payload":{}}}'
              }
            </code>
          </>
        }
      >
        {(props) => <textarea {...props} {...register('response')} className="code-input" rows={10} spellCheck={false} autoComplete="off" />}
      </Field>
    </ProbeForm>
  );
}
