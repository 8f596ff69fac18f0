'use server';

import { formTexts } from '@/lib/form-data';
import { type AppLinksProbeResult } from '@/lib/probe/app-links-input';
import { requestCaller } from '@/lib/limits/request-client';
import { executeAppLinksProbe } from '@/lib/probe/execute';
import { withNodeTitles, type ProbeState } from '@/lib/probe-state';

export type AppLinksProbeState = ProbeState<AppLinksProbeResult>;

/** Runs the app links probe for the form (with or without JavaScript in the browser). */
export async function runAppLinksProbeAction(_previous: AppLinksProbeState, form: FormData): Promise<AppLinksProbeState> {
  return withNodeTitles(await executeAppLinksProbe(formTexts(form, ['url', 'packageName', 'sha256Fingerprint', 'appId']), await requestCaller()));
}
