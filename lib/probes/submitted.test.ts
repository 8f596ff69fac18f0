import { expect, test } from '@playwright/test';
import { PROBE_FIELD } from './catalog';
import { FormStart } from './form-start';
import { submittedFields } from './submitted';
import { carriesCredential } from './urls';

function formData(entries: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.append(name, value);
  return form;
}

// The token probe form's kinds of field: text, a secret, a radio group, nested grant fields, a checkbox.
const TOKEN_DEFAULTS = { tokenUri: '', clientSecret: '', scheme: 'HTTP_BASIC', grant: { type: 'authorization_code', code: '' }, checkRotation: false };

test('a posted form comes back without its secrets, which are named as withheld, nor React’s fields', () => {
  const posted = formData({
    [PROBE_FIELD]: 'token',
    '$ACTION_REF_1': '',
    '$ACTION_KEY': 'k123',
    tokenUri: 'https://auth.example.com/token',
    clientId: 'alexa-skill',
    clientSecret: 'the-client-secret',
    scheme: 'REQUEST_BODY_CREDENTIALS',
    'grant.type': 'authorization_code',
    'grant.code': 'the-code',
    'grant.redirectUri': 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
    'grant.refreshToken': '',
  });
  const submitted = submittedFields(posted, { clientSecret: true, 'grant.code': true, 'grant.refreshToken': true });
  expect(submitted.values).toEqual({
    tokenUri: 'https://auth.example.com/token',
    clientId: 'alexa-skill',
    scheme: 'REQUEST_BODY_CREDENTIALS',
    'grant.type': 'authorization_code',
    'grant.redirectUri': 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA',
  });
  // An empty secret field held nothing to withhold: no note beside it.
  expect(submitted.withheld).toEqual(['clientSecret', 'grant.code']);
  expect(JSON.stringify(submitted)).not.toContain('the-client-secret');
  expect(JSON.stringify(submitted)).not.toContain('the-code');
});

test('pasted text is withheld only when it carries a credential', () => {
  const secrets = { finalUrl: carriesCredential };
  const withCode = submittedFields(formData({ finalUrl: 'https://layla.amazon.com/api/skill/link/M3?state=s&code=abc' }), secrets);
  expect(withCode).toEqual({ values: {}, withheld: ['finalUrl'] });
  const page = 'https://skills-store.amazon.com/external/link-result?success=false&errorKey=ERROR';
  expect(submittedFields(formData({ finalUrl: page }), secrets)).toEqual({ values: { finalUrl: page }, withheld: [] });
  for (const text of ['#access_token=x', 'a\nhttps://x/?Code=1', 'https://x/cb?state=1&refresh_token=2', '?id_token=e']) expect(carriesCredential(text), text).toBe(true);
  for (const text of ['https://x/?encode=1', 'barcode=2', 'https://x/?state=code=1x']) expect(carriesCredential(text), text).toBe(false);
});

test('a form starts from its defaults, or after a post from what was sent: secrets empty, unsent boxes unchecked', () => {
  const fresh = new FormStart(TOKEN_DEFAULTS, undefined);
  expect(fresh.values).toEqual(TOKEN_DEFAULTS);
  expect(fresh.text('scheme')).toBe('HTTP_BASIC');
  expect(fresh.text('grant.type')).toBe('authorization_code');
  expect(fresh.checked('checkRotation')).toBe(false);
  expect(fresh.withheld('clientSecret')).toBe(false);

  const after = new FormStart(TOKEN_DEFAULTS, {
    values: { tokenUri: 'https://auth.example.com/token', scheme: 'REQUEST_BODY_CREDENTIALS', 'grant.type': 'refresh_token', defaultTokenExpirationInSeconds: '600' },
    withheld: ['clientSecret', 'grant.refreshToken'],
  });
  expect(after.values).toEqual({ tokenUri: 'https://auth.example.com/token', clientSecret: '', scheme: 'REQUEST_BODY_CREDENTIALS', grant: { type: 'refresh_token', code: '' }, checkRotation: false });
  // A field without a default (a number read through setValueAs) is not in the starting values, but in the markup.
  expect(after.text('defaultTokenExpirationInSeconds')).toBe('600');
  expect(after.withheld('clientSecret')).toBe(true);
  expect(after.withheld('grant.refreshToken')).toBe(true);
  expect(new FormStart({ pkce: false }, { values: { pkce: 'on' }, withheld: [] }).values).toEqual({ pkce: true });
});
