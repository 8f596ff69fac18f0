'use server';

import { executeTokenProbe, type ProbeOutcome } from '@/lib/probe/execute';
import { type TokenProbeResult } from '@/lib/probe/types';
import { nodeTitlesFor } from '@/lib/tree';

export type TokenProbeState = (ProbeOutcome<TokenProbeResult> & { nodeTitles?: Record<string, string> }) | null;

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The form's fields, shaped like the JSON API's body; the schema does the checking. */
function tokenProbeInputFromForm(form: FormData) {
  const grantType = text(form, 'grant.type');
  return {
    tokenUri: text(form, 'tokenUri'),
    clientId: text(form, 'clientId'),
    clientSecret: text(form, 'clientSecret'),
    scheme: text(form, 'scheme'),
    grant:
      grantType === 'refresh_token'
        ? { type: grantType, refreshToken: text(form, 'grant.refreshToken') }
        : { type: grantType, code: text(form, 'grant.code'), redirectUri: text(form, 'grant.redirectUri') },
    checkRotation: form.get('checkRotation') === 'on' || form.get('checkRotation') === 'true',
  };
}

/** Runs the token probe for the form (with or without JavaScript in the browser). */
export async function runTokenProbeAction(_previous: TokenProbeState, form: FormData): Promise<TokenProbeState> {
  const outcome = await executeTokenProbe(tokenProbeInputFromForm(form));
  if (outcome.kind !== 'done') return outcome;
  return { ...outcome, nodeTitles: nodeTitlesFor(outcome.result.findings) };
}
