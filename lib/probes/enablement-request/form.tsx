'use client';

import { enablementRequestInputSchema } from './input';
import { Field } from '@/components/probe/field';
import { EnablementRequestResult } from './result';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { useProbeForm } from '@/components/probe/use-probe-form';

const TEXTS: ProbeFormTexts = { name: 'Skill Enablement API request check', running: 'Reading the request…' };

/** Checks a pasted Skill Enablement API request and explains Amazon's answer. Nothing is sent anywhere. */
export function EnablementRequestForm() {
  const probe = useProbeForm('enablement-request', enablementRequestInputSchema, {
    request: '',
    observedStatus: '',
    observedMessage: '',
  });
  const { formState: { errors } } = probe.form;
  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <EnablementRequestResult state={state} />}>
      <Field
        label="The request your app or server sends"
        error={errors.request}
        withheld={probe.withheld('request')}
        hint={
          <>
            A curl command or the raw HTTP request, for example{' '}
            <code>
              curl -X POST &apos;https://api.amazonalexa.com/v1/users/~current/skills/amzn1.ask.skill.…/enablement&apos; -H
              &apos;Authorization: Bearer Atza|…&apos; -H &apos;Content-Type: application/json&apos; -d
              &apos;{'{"stage":"live","accountLinkRequest":{…}}'}&apos;
            </code>
            . The token and the code are masked in the result and never stored.
          </>
        }
      >
        {(props) => <textarea {...props} {...probe.text('request')} className="code-input" rows={8} spellCheck={false} autoComplete="off" />}
      </Field>
      <Field label="HTTP status Amazon answered (optional)" error={errors.observedStatus} hint="For example 400, 401 or 403.">
        {(props) => <input {...props} {...probe.text('observedStatus')} inputMode="numeric" autoComplete="off" className="short-input" />}
      </Field>
      <Field
        label="Error message Amazon answered (optional)"
        error={errors.observedMessage}
        hint="For example “Invalid account linking credentials”."
      >
        {(props) => <input {...props} {...probe.text('observedMessage')} autoComplete="off" spellCheck={false} />}
      </Field>
    </RunProbeForm>
  );
}
