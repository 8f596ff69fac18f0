'use server';

import { executeProviderQuirksCheck, type ProviderQuirksProbeResult } from '@/lib/checks-run/execute';
import { formText, formTexts } from '@/lib/form-data';
import { requestCaller } from '@/lib/limits/request-client';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type ProviderQuirksState = ProbeState<ProviderQuirksProbeResult>;

/** Checks the URIs (and a pasted token response) against known providers' rules, for the form. */
export async function checkProviderQuirksAction(_previous: ProviderQuirksState, form: FormData): Promise<ProviderQuirksState> {
  return withNodeTitles(
    await executeProviderQuirksCheck(
      {
        ...formTexts(form, ['authorizationUri', 'accessTokenUri', 'scopes']),
        tokenResponse: { contentType: formText(form, 'tokenResponse.contentType'), body: formText(form, 'tokenResponse.body') ?? '' },
      },
      await requestCaller(),
    ),
  );
}
