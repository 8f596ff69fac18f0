'use server';

import { executeEnablementRequestCheck, type EnablementRequestProbeResult } from '@/lib/checks-run/execute';
import { formTexts } from '@/lib/form-data';
import { requestCaller } from '@/lib/limits/request-client';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type EnablementRequestState = ProbeState<EnablementRequestProbeResult>;

/** Checks the pasted Skill Enablement API request for the form (with or without JavaScript in the browser). */
export async function checkEnablementRequestAction(_previous: EnablementRequestState, form: FormData): Promise<EnablementRequestState> {
  return withNodeTitles(await executeEnablementRequestCheck(formTexts(form, ['request', 'observedStatus', 'observedMessage']), await requestCaller()));
}
