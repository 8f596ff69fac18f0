'use server';

import { requestCaller } from '@/lib/limits/request-client';
import { formText } from '@/lib/form-data';
import { isProbeId, PROBE_FIELD, type ProbeId } from './catalog';
import { runProbe } from './execute';
import { REGISTRY, type ProbeResult } from './registry';
import { withNodeTitles, type ProbeState } from './state';
import { submittedFields } from './submitted';

/**
 * Every probe form's server action, with or without JavaScript in the browser: the form names its probe in a hidden
 * field. The previous state React passes is ignored: each run stands on its own. The answer carries the fields as
 * submitted, secrets left out, so that a page answering a post without JavaScript shows them filled in again.
 */
export async function runProbeAction(_previous: unknown, form: FormData): Promise<ProbeState<ProbeResult<ProbeId>>> {
  const probe = formText(form, PROBE_FIELD) ?? '';
  if (!isProbeId(probe)) return { kind: 'invalid', message: 'The form names no probe Link Doctor knows.', issues: [] };
  const definition = REGISTRY[probe];
  const outcome = withNodeTitles(await runProbe(probe, definition.fromForm(form), { caller: await requestCaller() }));
  return { ...outcome, submitted: submittedFields(form, definition.secretFields) };
}
