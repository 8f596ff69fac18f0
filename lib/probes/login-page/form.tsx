'use client';

import { useWatch } from 'react-hook-form';
import { loginPageProbeInputSchema, type LoginPageProbeFormValues } from './input';
import { ALEXA_REDIRECT_REGIONS } from '@/lib/alexa';
import { Field } from '@/components/probe/field';
import { LoginPageResult } from './result';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { useProbeForm } from '@/components/probe/use-probe-form';

const DEFAULTS: LoginPageProbeFormValues = {
  authorizationUri: '',
  domains: '',
  mode: 'static',
  clientId: '',
  scopes: '',
  redirectUri: '',
  responseType: 'code',
  pkce: false,
};

/**
 * Opens the developer's authorization URI with the request Alexa sends, lists every host the login page loads from,
 * and compares them with the Domain List. Browser mode runs the page in a headless phone browser.
 */
const TEXTS: Omit<ProbeFormTexts, 'running'> = { name: 'Login page and Domain List probe' };
const RUNNING = {
  browser: 'Loading your login page in a headless phone browser; this takes up to 20 seconds…',
  static: 'Reading your login page and its stylesheets…',
};

export function LoginPageForm() {
  const probe = useProbeForm('login-page', loginPageProbeInputSchema, DEFAULTS);
  const { control, formState: { errors } } = probe.form;
  const mode = useWatch({ control, name: 'mode' });
  // A mistake in the folded fields opens them, so that the error shows.
  const requestErrors = !!(errors.clientId || errors.scopes || errors.redirectUri || errors.responseType);
  // …and so do fields that come back filled in, on the page that answers a post without JavaScript.
  const requestFilled = (['clientId', 'scopes', 'redirectUri'] as const).some((name) => probe.startText(name) !== '');

  return (
    <RunProbeForm
      of={probe}
      texts={{ ...TEXTS, running: mode === 'browser' ? RUNNING.browser : RUNNING.static }}
      result={(state) => <LoginPageResult state={state} />}
    >
      <Field
        label="Authorization URI"
        error={errors.authorizationUri}
        hint="Your Web Authorization URI, as entered in the console under Account Linking. Link Doctor adds the parameters Alexa adds."
      >
        {(props) => (
          <input
            {...props}
            {...probe.text('authorizationUri')}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://auth.example.com/oauth/authorize"
          />
        )}
      </Field>
      <Field
        label="Domain List"
        error={errors.domains}
        hint="One domain per line, exactly as in the console under Account Linking > Domain List. Leave it empty if your list is empty."
      >
        {(props) => (
          <textarea
            {...props}
            {...probe.text('domains')}
            className="code-input"
            rows={4}
            spellCheck={false}
            autoComplete="off"
            placeholder={'cdn.example.com\nfonts.gstatic.com'}
          />
        )}
      </Field>

      <fieldset>
        <legend>How should Link Doctor load the page?</legend>
        <label className="radio">
          <input {...probe.radio('mode', 'static')} /> Read the page source (fast)
        </label>
        <label className="radio">
          <input {...probe.radio('mode', 'browser')} /> Load it in a headless phone browser (sees what
          scripts load, pop-ups and dialogs; slower)
        </label>
      </fieldset>

      <details className="typed-fields" open={requestErrors || requestFilled || undefined}>
        <summary>Build the request Alexa sends</summary>
        <p className="hint">
          Optional. Without them Link Doctor uses placeholders, and a server that checks the client ID or the redirect URL
          may refuse the request for that reason alone.
        </p>
        <Field label="Client ID" error={errors.clientId}>
          {(props) => <input {...props} {...probe.text('clientId')} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Scopes" error={errors.scopes} hint="Separated by spaces, as in the console.">
          {(props) => <input {...props} {...probe.text('scopes')} autoComplete="off" spellCheck={false} placeholder="profile email" />}
        </Field>
        <Field
          label="Alexa redirect URL"
          error={errors.redirectUri}
          hint={`One of the Alexa Redirect URLs in the console: ${ALEXA_REDIRECT_REGIONS.map((r) => r.host).join(', ')}, followed by /api/skill/link/ and your vendor ID.`}
        >
          {(props) => (
            <input
              {...props}
              {...probe.text('redirectUri')}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA"
            />
          )}
        </Field>
        <fieldset>
          <legend>Grant type</legend>
          <label className="radio">
            <input {...probe.radio('responseType', 'code')} /> Auth Code Grant (response_type=code)
          </label>
          <label className="radio">
            <input {...probe.radio('responseType', 'token')} /> Implicit Grant (response_type=token)
          </label>
        </fieldset>
        <label className="checkbox">
          <input {...probe.checkbox('pkce')} /> PKCE is on: Alexa adds code_challenge and code_challenge_method=S256
        </label>
      </details>
    </RunProbeForm>
  );
}
