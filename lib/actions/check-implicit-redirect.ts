'use server';

import { executeImplicitRedirectCheck, type ImplicitRedirectProbeResult } from '@/lib/checks-run/execute';
import { formTexts } from '@/lib/form-data';
import { requestCaller } from '@/lib/limits/request-client';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type ImplicitRedirectState = ProbeState<ImplicitRedirectProbeResult>;

/** Checks the pasted implicit grant redirect for the form (with or without JavaScript in the browser). */
export async function checkImplicitRedirectAction(_previous: ImplicitRedirectState, form: FormData): Promise<ImplicitRedirectState> {
  return withNodeTitles(await executeImplicitRedirectCheck(formTexts(form, ['redirectUrl', 'expectedState']), await requestCaller()));
}
