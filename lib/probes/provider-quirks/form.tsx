'use client';

import { providerQuirksInputSchema } from './input';
import { Field } from '@/components/probe/field';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { ProviderQuirksResult } from './result';
import { useProbeForm } from '@/components/probe/use-probe-form';

const TEXTS: ProbeFormTexts = { name: 'OAuth provider rules check', running: 'Reading the URIs…' };

/** Recognises the OAuth provider behind the URIs and checks the rules it needs for Alexa. Nothing is fetched. */
export function ProviderQuirksForm() {
  const probe = useProbeForm('provider-quirks', providerQuirksInputSchema, {
    authorizationUri: '',
    accessTokenUri: '',
    scopes: '',
    tokenResponse: { contentType: '', body: '' },
  });
  const { formState: { errors } } = probe.form;
  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <ProviderQuirksResult state={state} />}>
      <Field
        label="Authorization URI"
        error={errors.authorizationUri}
        hint="As entered in the console, with any parameters you added, for example https://accounts.google.com/o/oauth2/v2/auth?access_type=offline"
      >
        {(props) => <input {...props} {...probe.text('authorizationUri')} type="url" inputMode="url" spellCheck={false} />}
      </Field>
      <Field label="Access token URI" error={errors.accessTokenUri}>
        {(props) => <input {...props} {...probe.text('accessTokenUri')} type="url" inputMode="url" spellCheck={false} />}
      </Field>
      <Field label="Scopes (optional)" hint="As in the console, separated by spaces." error={errors.scopes}>
        {(props) => <input {...props} {...probe.text('scopes')} spellCheck={false} />}
      </Field>
      {/* Open when the page left the pasted body empty on purpose, so that the note saying so is seen. */}
      <details className="typed-fields" open={probe.withheld('tokenResponse.body') || undefined}>
        <summary>A token response from the provider (optional)</summary>
        <Field label="Content type of the response" error={errors.tokenResponse?.contentType}>
          {(props) => <input {...props} {...probe.text('tokenResponse.contentType')} spellCheck={false} placeholder="application/json" />}
        </Field>
        <Field
          label="Body of the response"
          hint="Tokens in it are never shown back; paste it only if you can, for example from the token probe."
          error={errors.tokenResponse?.body}
          withheld={probe.withheld('tokenResponse.body')}
        >
          {(props) => <textarea {...props} {...probe.text('tokenResponse.body')} className="code-input" rows={4} spellCheck={false} />}
        </Field>
      </details>
    </RunProbeForm>
  );
}
