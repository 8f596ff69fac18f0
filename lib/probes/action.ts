'use server';

import { requestCaller } from '@/lib/limits/request-client';
import { formText } from '@/lib/form-data';
import { isProbeId, PROBE_FIELD, type ProbeId } from './catalog';
import { runProbe } from './execute';
import { REGISTRY, type ProbeResult } from './registry';
import { withNodeTitles, type ProbeState } from './state';

/**
 * Every probe form's server action, with or without JavaScript in the browser: the form names its probe in a hidden
 * field. The previous state React passes is ignored: each run stands on its own.
 */
export async function runProbeAction(_previous: unknown, form: FormData): Promise<ProbeState<ProbeResult<ProbeId>>> {
  const probe = formText(form, PROBE_FIELD) ?? '';
  if (!isProbeId(probe)) return { kind: 'invalid', message: 'The form names no probe Link Doctor knows.', issues: [] };
  return withNodeTitles(await runProbe(probe, REGISTRY[probe].fromForm(form), { caller: await requestCaller() }));
}
