'use server';

import { formText, formTexts } from '@/lib/form-data';
import { requestCaller } from '@/lib/limits/request-client';
import { executeLoginPageProbe } from '@/lib/probe/execute';
import { type LoginPageProbeResult } from '@/lib/probe/login-page-input';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type LoginPageProbeState = ProbeState<LoginPageProbeResult>;

/** The form's fields, shaped like the JSON API's body (the Domain List and scopes as text); the schema does the checking. */
function loginPageProbeInputFromForm(form: FormData) {
  const pkce = formText(form, 'pkce');
  return {
    ...formTexts(form, ['authorizationUri', 'domains', 'mode', 'clientId', 'scopes', 'redirectUri', 'responseType']),
    pkce: pkce === 'on' || pkce === 'true',
  };
}

/** Runs the login page probe for the form (with or without JavaScript in the browser). */
export async function runLoginPageProbeAction(_previous: LoginPageProbeState, form: FormData): Promise<LoginPageProbeState> {
  return withNodeTitles(await executeLoginPageProbe(loginPageProbeInputFromForm(form), await requestCaller()));
}
