'use client';

import { type FieldError } from 'react-hook-form';
import { OWN_GRANT_REFRESH, REUSE_REVOKES_GRANT, tokenProbeInputSchema, type TokenProbeFormValues } from './input';
import { ALEXA_REDIRECT_REGIONS, CLIENT_AUTH_SCHEMES, CLIENT_AUTH_SCHEME_LABELS } from '@/lib/alexa';
import { Field } from '@/components/probe/field';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { TokenProbeResult } from './result';
import { useProbeForm } from '@/components/probe/use-probe-form';

const DEFAULTS: TokenProbeFormValues = {
  tokenUri: '',
  clientId: '',
  clientSecret: '',
  scheme: 'HTTP_BASIC',
  grant: { type: 'authorization_code', code: '', redirectUri: '' },
  checkRotation: false,
};

/**
 * Calls the developer's access token URI as Alexa would. Secrets stay in this form's memory and the
 * request body: never in the URL, never in browser storage.
 */
const TEXTS: ProbeFormTexts = { name: 'Token probe', running: 'Calling your token URI the way Alexa does…' };

export function TokenProbeForm() {
  const probe = useProbeForm('token', tokenProbeInputSchema, DEFAULTS);
  const { formState: { errors } } = probe.form;
  const grantErrors = errors.grant as Record<string, FieldError | undefined> | undefined;

  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <TokenProbeResult state={state} />}>
      <Field label="Access token URI" error={errors.tokenUri} hint="As entered in the console under Account Linking.">
        {(props) => (
          <input {...props} {...probe.text('tokenUri')} type="url" inputMode="url" placeholder="https://auth.example.com/oauth/token" />
        )}
      </Field>
      <Field label="Client ID" error={errors.clientId}>
        {(props) => <input {...props} {...probe.text('clientId')} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field
        label="Client secret"
        error={errors.clientSecret}
        hint="Sent only to your token URI, in the request. Link Doctor never stores or logs it."
        withheld={probe.withheld('clientSecret')}
      >
        {(props) => <input {...props} {...probe.text('clientSecret')} type="password" autoComplete="off" />}
      </Field>

      <fieldset>
        <legend>Client authentication scheme</legend>
        <p className="hint">
          As chosen in the console under Account Linking. HTTP Basic, which the console recommends, is chosen to start
          with. If your token URI refuses the scheme you choose, the probe tries the other one and says which works.
        </p>
        {CLIENT_AUTH_SCHEMES.map((scheme) => (
          <label key={scheme} className="radio">
            <input {...probe.radio('scheme', scheme)} /> {CLIENT_AUTH_SCHEME_LABELS[scheme]}
            {scheme === 'HTTP_BASIC' && ' (recommended)'}
          </label>
        ))}
      </fieldset>

      <Field
        label="Default Access Token Expiration Time, in seconds (optional)"
        error={errors.defaultTokenExpirationInSeconds}
        hint="From the console, under Account Linking. Alexa uses it when a reply has no expires_in."
      >
        {(props) => (
          <input
            {...props}
            {...probe.text('defaultTokenExpirationInSeconds', { setValueAs: (v: string) => (v === '' || v === undefined ? undefined : /^\d+$/.test(String(v).trim()) ? Number(v) : Number.NaN) })}
            inputMode="numeric"
            autoComplete="off"
          />
        )}
      </Field>

      <fieldset>
        <legend>What should Link Doctor exchange?</legend>
        <label className="radio">
          <input {...probe.radio('grant.type', 'authorization_code')} /> A fresh authorization code
        </label>
        <label className="radio">
          <input {...probe.radio('grant.type', 'refresh_token')} /> A refresh token
        </label>
      </fieldset>

      {/* Both sets of fields are in the page, and CSS shows the chosen grant's (globals.css, .grant-fields): so the
          choice works without JavaScript too. The server reads only the chosen grant's fields. */}
      <div className="grant-fields grant-refresh_token">
        <Field label="Refresh token" error={grantErrors?.refreshToken} withheld={probe.withheld('grant.refreshToken')}>
          {(props) => <input {...props} {...probe.text('grant.refreshToken')} type="password" autoComplete="off" />}
        </Field>
        <label className="checkbox">
          <input {...probe.checkbox('checkRotation')} aria-describedby="token-rotation-risk" /> Also refresh a second
          time with the same token, to see whether your server allows Alexa to retry
        </label>
        <p className="hint" id="token-rotation-risk">
          {REUSE_REVOKES_GRANT} If this refresh token belongs to a real user, that user would have to link again. A fresh
          authorization code is safer: the probe then checks this on its own grant.
        </p>
      </div>
      <div className="grant-fields grant-authorization_code">
        <Field
          label="Authorization code"
          error={grantErrors?.code}
          hint={`Sign in through your authorization URI and copy the code from the redirect before anything uses it: codes work once. ${OWN_GRANT_REFRESH}`}
          withheld={probe.withheld('grant.code')}
        >
          {(props) => <input {...props} {...probe.text('grant.code')} type="password" autoComplete="off" />}
        </Field>
        <Field
          label="Alexa redirect URL the code was issued for"
          error={grantErrors?.redirectUri}
          hint={`Listed in the console under Alexa Redirect URLs: ${ALEXA_REDIRECT_REGIONS.map((r) => `${r.host} (${r.region === 'ALEXA' ? 'newer consoles' : r.region})`).join(', ')}, followed by /api/skill/link/ and your vendor ID.`}
        >
          {(props) => (
            <input
              {...props}
              {...probe.text('grant.redirectUri')}
              type="url"
              inputMode="url"
              placeholder="https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA"
            />
          )}
        </Field>
      </div>
    </RunProbeForm>
  );
}
