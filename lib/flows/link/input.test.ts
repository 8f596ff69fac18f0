// The rehearsal's input as the API and the form give it: what is accepted, how it is normalised, and the message
// for each thing refused.

import { expect, test } from '@playwright/test';
import { linkInputSchema, regionOfRedirectUri, type LinkFormValues } from './input';

const NA = 'https://pitangui.amazon.com/api/skill/link/M3BVP74N95SP1F';
const EU = 'https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F';
const valid: LinkFormValues = {
  authorizationUri: 'https://login.example.com/authorize',
  accessTokenUri: 'https://login.example.com/token',
  clientId: 'alexa',
  clientSecret: 'a secret ',
  scheme: 'HTTP_BASIC',
  scopes: 'openid, profile',
  redirectUri: NA,
  testAccount: { username: ' tester@example.com ', password: ' pass word ' },
};
const issues = (raw: unknown) => Object.fromEntries((linkInputSchema.safeParse(raw).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

test('valid input is normalised: one redirect URL becomes a list, scopes split, defaults set, secrets kept as typed', () => {
  const input = linkInputSchema.parse(valid);
  expect(input).toMatchObject({ redirectUri: [NA], scopes: ['openid', 'profile'], pkce: false, checkRotation: true, liveView: false });
  expect(input.domains).toBeUndefined();
  expect(input.clientSecret).toBe('a secret ');
  expect(input.testAccount).toEqual({ username: 'tester@example.com', password: ' pass word ' });
  expect(linkInputSchema.parse({ ...valid, redirectUri: [NA, EU], domains: 'cdn.example.com, fonts.example.net' })).toMatchObject({ redirectUri: [NA, EU], domains: ['cdn.example.com', 'fonts.example.net'] });
  expect([regionOfRedirectUri(NA), regionOfRedirectUri(EU), regionOfRedirectUri('https://example.com/cb')]).toEqual(['NA', 'EU', null]);
});

test('each refusal names its field and says what to do', () => {
  expect(issues({ ...valid, authorizationUri: 'http://login.example.com/authorize' })).toEqual({ authorizationUri: 'Alexa only opens an https:// authorization URI.' });
  expect(issues({ ...valid, accessTokenUri: 'http://login.example.com/token' })).toEqual({ accessTokenUri: 'Alexa only calls an https:// access token URI.' });
  expect(issues({ ...valid, accessTokenUri: 'ftp://login.example.com/token' })).toEqual({ accessTokenUri: 'Enter the full access token URI, starting with https://' });
  expect(issues({ ...valid, accessTokenUri: 'https://login.example.com/\ntoken' })).toEqual({ accessTokenUri: 'The access token URI contains a line break. Enter the URL again, on one line.' });
  expect(issues({ ...valid, redirectUri: [NA, NA.replace('M3BVP74N95SP1F', 'M2OTHER')] })).toEqual({ redirectUri: 'Enter one redirect URL per region: two of them are for the same region.' });
  expect(issues({ ...valid, redirectUri: 'https://example.com/callback' })['redirectUri']).toMatch(/must be one of Alexa’s/);
  expect(issues({ ...valid, redirectUri: [] })).toEqual({ redirectUri: 'Enter at least one Alexa redirect URL.' });
  expect(issues({ ...valid, testAccount: { username: 'u', password: 'abc' } })).toEqual({ 'testAccount.password': expect.stringContaining('shorter than 4 characters') });
  expect(issues({ ...valid, testAccount: undefined })).toEqual({ testAccount: 'Enter the test account: a user name and a password.' });
  expect(issues({ ...valid, pkce: 'yes' })).toEqual({ pkce: 'pkce is true or false.' });
});
