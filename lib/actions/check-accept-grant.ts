'use server';

import { executeAcceptGrantCheck, type AcceptGrantProbeResult } from '@/lib/checks-run/execute';
import { formTexts } from '@/lib/form-data';
import { requestCaller } from '@/lib/limits/request-client';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type AcceptGrantState = ProbeState<AcceptGrantProbeResult>;

/** Checks the pasted AcceptGrant response for the form (with or without JavaScript in the browser). */
export async function checkAcceptGrantAction(_previous: AcceptGrantState, form: FormData): Promise<AcceptGrantState> {
  return withNodeTitles(await executeAcceptGrantCheck(formTexts(form, ['response']), await requestCaller()));
}
