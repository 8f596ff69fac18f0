'use server';

import { formText } from '@/lib/form-data';
import { requestCaller } from '@/lib/limits/request-client';
import { executeTokenProbe } from '@/lib/probe/execute';
import { type TokenProbeResult } from '@/lib/probe/types';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type TokenProbeState = ProbeState<TokenProbeResult>;

/** The form's fields, shaped like the JSON API's body; the schema does the checking. */
function tokenProbeInputFromForm(form: FormData) {
  const grantType = formText(form, 'grant.type');
  return {
    tokenUri: formText(form, 'tokenUri'),
    clientId: formText(form, 'clientId'),
    clientSecret: formText(form, 'clientSecret'),
    scheme: formText(form, 'scheme'),
    grant:
      grantType === 'refresh_token'
        ? { type: grantType, refreshToken: formText(form, 'grant.refreshToken') }
        : { type: grantType, code: formText(form, 'grant.code'), redirectUri: formText(form, 'grant.redirectUri') },
    checkRotation: form.get('checkRotation') === 'on' || form.get('checkRotation') === 'true',
  };
}

/** Runs the token probe for the form (with or without JavaScript in the browser). */
export async function runTokenProbeAction(_previous: TokenProbeState, form: FormData): Promise<TokenProbeState> {
  return withNodeTitles(await executeTokenProbe(tokenProbeInputFromForm(form), await requestCaller()));
}
