'use server';

import { readNdjson } from '@/lib/config-check/read-stream';
import { requestCaller } from '@/lib/limits/request-client';
import { inputIssues } from '@/lib/probes/execute';
import { type InputIssue, type ProbeOutcome } from '@/lib/probes/state';
import { linkResponse } from './execute';
import { linkFieldsFromFormData, linkFormSchema } from './form-values';
import { type LinkEvent, type LinkResult } from './input';

export type LinkActionState = ProbeOutcome<LinkResult> | null;

type ErrorAnswer = { error?: { code?: string; message?: string; issues?: InputIssue[]; retryAfterSeconds?: number } };

/**
 * The whole rehearsal in one answer, for browsers without JavaScript (with it, POST /api/link streams each step as it
 * ends). The form's fields are checked with the form's own schema, then run exactly as POST /api/link runs them (the
 * same checks of the targets, limits and browser), read to the end. A live view needs JavaScript: never offered here.
 */
export async function rehearseLinkingAction(_previous: LinkActionState, form: FormData): Promise<LinkActionState> {
  const parsed = linkFormSchema.safeParse(linkFieldsFromFormData(form));
  if (!parsed.success) return { kind: 'invalid', message: 'Some fields need attention.', issues: inputIssues(parsed.error) };
  const response = await linkResponse({ ...parsed.data, liveView: false }, await requestCaller());
  if (response.ok && response.body) {
    let result: LinkResult | null = null;
    for await (const event of readNdjson<LinkEvent>(response.body)) if (event.type === 'result') result = event;
    return result ? { kind: 'done', result } : { kind: 'error', message: 'The rehearsal ended before its result. Please try again.' };
  }
  const { error } = ((await response.json().catch(() => ({}))) ?? {}) as ErrorAnswer;
  const message = error?.message ?? 'The rehearsal did not start. Please try again.';
  if (response.status === 400) return { kind: 'invalid', message, issues: error?.issues ?? [] };
  if (response.status === 422) return { kind: 'refused', message };
  if (response.status === 429) return { kind: 'limited', message, retryAfterSeconds: error?.retryAfterSeconds ?? 60 };
  return { kind: 'error', message };
}
