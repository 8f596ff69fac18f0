'use server';

import { requestCaller } from '@/lib/limits/request-client';
import { admitCaller, executeProbe } from '@/lib/probes/execute';
import { type ProbeOutcome } from '@/lib/probes/state';
import { linkFieldsFromFormData, linkFormSchema } from './form-values';
import { type LinkResult } from './input';
import { rehearseLinking } from './run';

export type LinkActionState = ProbeOutcome<LinkResult> | null;

/**
 * The whole rehearsal in one answer, for browsers without JavaScript (with it, POST /api/link streams each step as it
 * ends). Checked with the form's own schema, admitted past the same limits as the API (a network probe of both URIs
 * that holds a browser slot), then run to the end. A live view needs JavaScript, so it is never offered here.
 */
export async function rehearseLinkingAction(_previous: LinkActionState, form: FormData): Promise<LinkActionState> {
  const caller = await requestCaller();
  return executeProbe(
    linkFormSchema,
    linkFieldsFromFormData(form),
    (input) => rehearseLinking({ ...input, liveView: false }, {}),
    (input) => admitCaller(caller, [input.authorizationUri, input.accessTokenUri], { browser: true, serverSlot: false }),
  );
}
