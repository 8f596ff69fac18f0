'use client';

import { acceptGrantInputSchema } from './input';
import { AcceptGrantResult } from './result';
import { Field } from '@/components/probe/field';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { useProbeForm } from '@/components/probe/use-probe-form';

const TEXTS: ProbeFormTexts = { name: 'AcceptGrant response check', running: 'Reading the response…' };

/** Checks a smart home skill's response to the AcceptGrant directive against the documented shapes. */
export function AcceptGrantForm() {
  const probe = useProbeForm('accept-grant', acceptGrantInputSchema, { response: '' });
  const { formState: { errors } } = probe.form;
  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <AcceptGrantResult state={state} />}>
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
        {(props) => <textarea {...props} {...probe.text('response')} className="code-input" rows={10} spellCheck={false} autoComplete="off" />}
      </Field>
    </RunProbeForm>
  );
}
