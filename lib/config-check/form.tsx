'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useRef } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { ChoiceOptions } from '@/components/probe/choice-options';
import { Field } from '@/components/probe/field';
import { CLIENT_AUTH_SCHEME_LABELS, CLIENT_AUTH_SCHEMES, SKILL_TYPE_LABELS, SKILL_TYPES } from '@/lib/alexa';
import { ProbeForm } from '@/components/probe/probe-form';
import { checkConfigurationAction } from './action';
import { ACCOUNT_LINKING_TYPES, type AccountLinkingType } from './smapi-config';
import { checkRequestSchema, type CheckFormValues, type CheckInput } from './input';
import { CarryToReport } from './carry-to-report';
import { LinkOffer } from './link-offer';
import { CheckResults, progressFrom } from './results';
import { useCheckStream } from './use-stream';

/** The grant types as the developer console's account linking page names them, so the form reads like the console. */
const CONSOLE_GRANT_TYPE_LABELS: Record<AccountLinkingType, string> = { AUTH_CODE: 'Auth Code Grant', IMPLICIT: 'Implicit Grant' };

const EXAMPLE = `{
  "type": "AUTH_CODE",
  "authorizationUrl": "https://auth.example.com/authorize",
  "domains": ["cdn.example.com"],
  "clientId": "alexa-skill",
  "accessTokenUrl": "https://auth.example.com/oauth/token",
  "accessTokenScheme": "HTTP_BASIC",
  "defaultTokenExpirationInSeconds": 3600
}`;

/**
 * Checks a whole configuration. With JavaScript each probe's result streams in from /api/check as it finishes;
 * without it, the form posts to a server action that answers once everything is done.
 */
export function CheckForm({ nodeTitles }: { nodeTitles: Record<string, string> }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [fallbackState, formAction, fallbackRunning] = useActionState(checkConfigurationAction, null);
  const { progress, running: streaming, problem, run } = useCheckStream();
  const {
    register,
    handleSubmit,
    getValues,
    formState: { errors },
  } = useForm<CheckFormValues, unknown, CheckInput>({ resolver: zodResolver(checkRequestSchema) });
  const fieldErrors = (errors.fields ?? {}) as Record<string, FieldError | undefined>;

  // The raw values: the server parses them with the same schema.
  const onSubmit = handleSubmit(() => run(getValues()));

  const running = streaming || fallbackRunning;
  const shown = progress ?? (fallbackState && 'events' in fallbackState ? progressFrom(fallbackState.events) : null);
  const invalid = fallbackState && 'invalid' in fallbackState ? fallbackState.invalid : [];

  return (
    <>
      <ProbeForm
        name="Configuration check"
        formProps={{
          ref: formRef,
          action: formAction,
          onSubmit,
          noValidate: true,
        }}
        running={running}
        submit="Check everything"
        submitting="Checking…"
        status={
          <>
            {(problem || invalid.length > 0) && (
              <div className="probe-error" role="alert">
                {problem && <p>{problem}</p>}
                {invalid.length > 0 && (
                  <ul>
                    {invalid.map((issue, i) => (
                      <li key={i}>{issue.message}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {shown && <CheckResults progress={shown} nodeTitles={nodeTitles} />}
            {shown && <CarryToReport progress={shown} />}
          </>
        }
      >
        <Field
          label="Account linking configuration"
          error={errors.config}
          hint={
            <>
              Paste what <code>ask smapi get-account-linking-info -s &lt;skill ID&gt;</code> prints (with or without{' '}
              <code>--full-response</code>), or type the fields below.
            </>
          }
        >
          {(props) => <textarea {...props} {...register('config')} rows={8} className="code-input" placeholder={EXAMPLE} spellCheck={false} />}
        </Field>

        <details className="typed-fields">
          <summary>Or type the fields</summary>
          <Field label="Authorization URI" error={fieldErrors.authorizationUrl}>
            {(props) => <input {...props} {...register('fields.authorizationUrl')} type="url" inputMode="url" />}
          </Field>
          <Field label="Domain List" hint="One domain per line." error={fieldErrors.domains}>
            {(props) => <textarea {...props} {...register('fields.domains')} rows={3} className="code-input" spellCheck={false} />}
          </Field>
          <Field label="Access token URI" error={fieldErrors.accessTokenUrl}>
            {(props) => <input {...props} {...register('fields.accessTokenUrl')} type="url" inputMode="url" />}
          </Field>
          <Field label="Client ID" error={fieldErrors.clientId}>
            {(props) => <input {...props} {...register('fields.clientId')} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Authorization grant type" error={fieldErrors.type}>
            {(props) => (
              <select {...props} {...register('fields.type', { setValueAs: (v: string) => v || undefined })}>
                <ChoiceOptions none="Not set" values={ACCOUNT_LINKING_TYPES} labels={CONSOLE_GRANT_TYPE_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Client authentication scheme" error={fieldErrors.accessTokenScheme}>
            {(props) => (
              <select {...props} {...register('fields.accessTokenScheme', { setValueAs: (v: string) => v || undefined })}>
                <ChoiceOptions none="Not set" values={CLIENT_AUTH_SCHEMES} labels={CLIENT_AUTH_SCHEME_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Scopes" hint="Separated by spaces." error={fieldErrors.scopes}>
            {(props) => <input {...props} {...register('fields.scopes')} spellCheck={false} />}
          </Field>
          <Field label="Default access token expiration time (seconds)" error={fieldErrors.defaultTokenExpirationInSeconds}>
            {(props) => <input {...props} {...register('fields.defaultTokenExpirationInSeconds')} inputMode="numeric" />}
          </Field>
          <Field label="Your app’s redirect URLs (app-to-app linking)" hint="One per line." error={fieldErrors.redirectUrls}>
            {(props) => <textarea {...props} {...register('fields.redirectUrls')} rows={2} className="code-input" spellCheck={false} />}
          </Field>
        </details>

        <Field label="Skill type" hint="Decides which grant types and scopes are allowed." error={errors.skillType}>
          {(props) => (
            <select {...props} {...register('skillType', { setValueAs: (v: string) => v || undefined })}>
              <ChoiceOptions none="Not sure" values={SKILL_TYPES} labels={SKILL_TYPE_LABELS} />
            </select>
          )}
        </Field>

        <label className="checkbox">
          <input type="checkbox" {...register('browser')} /> Also load the login page in a headless phone browser: it
          sees what scripts load, pop-ups and dialogs (slower)
        </label>

        <fieldset>
          <legend>To call your token URI as Alexa does (optional)</legend>
          <p className="hint">
            These are never part of the configuration output. They go to your token URI only, and are never stored or
            logged.
          </p>
          <Field label="Client secret" error={errors.clientSecret}>
            {(props) => <input {...props} {...register('clientSecret')} type="password" autoComplete="off" />}
          </Field>
          <Field label="A fresh authorization code" error={errors.code}>
            {(props) => <input {...props} {...register('code')} type="password" autoComplete="off" />}
          </Field>
          <Field
            label="Alexa redirect URL the code was issued for"
            hint="For example https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA"
            error={errors.codeRedirectUri}
          >
            {(props) => <input {...props} {...register('codeRedirectUri')} type="url" inputMode="url" />}
          </Field>
          <Field label="Or a refresh token" error={errors.refreshToken}>
            {(props) => <input {...props} {...register('refreshToken')} type="password" autoComplete="off" />}
          </Field>
        </fieldset>
      </ProbeForm>
      {/* Outside the form's live region: the rehearsal has a status line and a timeline of its own. */}
      {shown?.summary && shown.config && <LinkOffer config={shown.config} checkSecret={() => getValues('clientSecret')} nodeTitles={nodeTitles} />}
    </>
  );
}
