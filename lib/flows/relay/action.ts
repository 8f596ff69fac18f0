'use server';

import { headers } from 'next/headers';
import { requestCaller } from '@/lib/limits/request-client';
import { formText } from '@/lib/form-data';
import type { InputIssue } from '@/lib/probes/state';
import { createRelayFor, publicOrigin } from './api';
import { relayFieldsFromFormData, type RelayCreated } from './input';

export type RelayActionState =
  | { kind: 'created'; created: RelayCreated }
  | { kind: 'invalid'; message: string; issues: InputIssue[] }
  | { kind: 'error'; message: string }
  | null;

/** Makes a relay from the /relay form (the page's only way without JavaScript), exactly as POST /api/relays does. */
export async function createRelayAction(_previous: RelayActionState, form: FormData): Promise<RelayActionState> {
  const head = await headers();
  const origin = publicOrigin(head.get('host'), head.get('x-forwarded-proto') === 'https' ? 'https:' : 'http:');
  const outcome = await createRelayFor(relayFieldsFromFormData((name) => formText(form, name)), await requestCaller(), origin);
  if (outcome.ok) return { kind: 'created', created: outcome.created };
  const { error } = ((await outcome.response.json().catch(() => ({}))) ?? {}) as { error?: { message?: string; issues?: InputIssue[] } };
  const message = error?.message ?? 'The relay could not be made. Please try again.';
  return outcome.response.status === 400 ? { kind: 'invalid', message, issues: error?.issues ?? [] } : { kind: 'error', message };
}
