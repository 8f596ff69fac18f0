'use server';

import { checkRequestSchema } from './input';
import { formText as text } from '@/lib/form-data';
import { runConfigurationCheck, type CheckEvent } from './run';
import { requestCaller } from '@/lib/limits/request-client';
import { inputIssues } from '@/lib/probes/execute';
import { type InputIssue } from '@/lib/probes/state';

export type CheckState = { events: CheckEvent[] } | { invalid: InputIssue[] } | null;

const TYPED_FIELDS = [
  'type',
  'authorizationUrl',
  'accessTokenUrl',
  'clientId',
  'accessTokenScheme',
  'domains',
  'scopes',
  'redirectUrls',
  'defaultTokenExpirationInSeconds',
] as const;

/** The whole check in one answer, for browsers without JavaScript (with it, /api/check streams the same events). */
export async function checkConfigurationAction(_previous: CheckState, form: FormData): Promise<CheckState> {
  const emptyToUndefined = (v: string | undefined) => (v === '' ? undefined : v);
  const parsed = checkRequestSchema.safeParse({
    config: text(form, 'config'),
    fields: Object.fromEntries(TYPED_FIELDS.map((name) => [name, emptyToUndefined(text(form, `fields.${name}`))])),
    skillType: emptyToUndefined(text(form, 'skillType')),
    clientSecret: text(form, 'clientSecret'),
    code: text(form, 'code'),
    codeRedirectUri: text(form, 'codeRedirectUri'),
    refreshToken: text(form, 'refreshToken'),
    browser: form.get('browser') === 'on',
  });
  if (!parsed.success) return { invalid: inputIssues(parsed.error) };
  const events: CheckEvent[] = [];
  for await (const event of runConfigurationCheck(parsed.data, await requestCaller())) events.push(event);
  return { events };
}
