// Implicit grant: check the URL a login page sends the user back to. Alexa reads state, access_token and token_type
// from the fragment of a redirect to its own redirect URL; the implicit grant has no refresh token, so the access token
// must stay valid for as long as the link should last.

import 'server-only';
import { findingBuilder, type Finding } from '@/lib/probes/findings';
import { carriesCredential, CREDENTIAL_PARAMS, parseUrl, splitParams, type RawParam } from '@/lib/probes/urls';
import { listWords, mask, show } from '@/lib/probes/wording';
import { MAX_URL_INPUT } from '@/lib/probes/input-fields';
import { implicitRedirectInputSchema, type ImplicitRedirectInput, type RedirectParam, type ImplicitRedirectResult } from './input';
import { defineProbe } from '@/lib/probes/definition';
import { formTexts } from '@/lib/form-data';
import { ALEXA_MIN_EXPIRES_IN, ALEXA_REDIRECT_HOSTS } from '@/lib/alexa';

export const IMPLICIT_REDIRECT_NODES = ['tip-implicit-fragment', 'redirect-uri-invalid', 'token-lifetime-too-short', 'relink-later', 'completion-rate-source-app'] as const;
type Node = (typeof IMPLICIT_REDIRECT_NODES)[number];
const finding = findingBuilder<Node>();

/** The paths of Alexa's redirect URLs, on any of its redirect hosts: the status page, or /api/skill/link/{vendorId}. */
const STATUS_PAGE_PATH = '/spa/skill/account-linking-status.html';
const LINK_PATH = /^\/api\/skill\/link\/[A-Za-z0-9]+$/;

/** The three values the implicit grant must return in the fragment. */
const REQUIRED = ['state', 'access_token', 'token_type'] as const;
/** Values that must never be in a query string. */
const SENSITIVE = new Set(['access_token', 'state', 'token_type', 'refresh_token', 'id_token', 'expires_in']);

function shownValue(p: RawParam): string {
  return CREDENTIAL_PARAMS.has(p.name) ? mask(p.value) : show(p.value, 60);
}

export function checkImplicitRedirect(input: ImplicitRedirectInput): ImplicitRedirectResult {
  const text = (input.redirectUrl ?? '').trim();
  const expectedState = input.expectedState?.trim() || undefined;
  if (text.length > MAX_URL_INPUT) {
    return { findings: [finding('implicit.url', 'fail', `The URL has ${text.length} characters; the limit here is ${MAX_URL_INPUT}`, `The pasted URL has ${text.length} characters; the limit here is ${MAX_URL_INPUT}.`, 'Paste only the redirect URL from the Location header.', 'tip-implicit-fragment')], target: null, params: [] };
  }
  const url = parseUrl(text);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return {
      findings: [
        finding(
          'implicit.url',
          'fail',
          `${show(text, 40)} is not a full URL`,
          `${show(text, 80)} is not an absolute http(s) URL, so there is nothing to check.`,
          'Paste the full redirect URL, starting with https://, exactly as your server sends it in the Location header.',
          'tip-implicit-fragment',
        ),
      ],
      target: null,
      params: [],
    };
  }

  // Read the query and fragment from the text as written: URL would re-encode parts of them.
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt === -1 ? text : text.slice(0, hashAt);
  const questionAt = beforeHash.indexOf('?');
  const query = splitParams(questionAt === -1 ? '' : beforeHash.slice(questionAt + 1));
  const fragment = splitParams(hashAt === -1 ? '' : text.slice(hashAt + 1));
  const params: RedirectParam[] = [
    ...query.map((p) => ({ name: p.name, where: 'query' as const, shown: shownValue(p) })),
    ...fragment.map((p) => ({ name: p.name, where: 'fragment' as const, shown: shownValue(p) })),
  ];
  const inFragment = (name: string) => fragment.find((p) => p.name === name);

  const findings: Finding[] = [
    targetFinding(url, query),
    queryFinding(query),
    fragmentFinding(query, fragment),
    stateFinding(inFragment('state'), expectedState),
    tokenTypeFinding(inFragment('token_type')),
    accessTokenFinding(inFragment('access_token')),
  ];
  const expires = expiresFinding(inFragment('expires_in'));
  if (expires) findings.push(expires);
  const source = sourceFinding(query, fragment);
  if (source) findings.push(source);
  return { findings, target: { host: url.hostname, path: url.pathname }, params };
}

function targetFinding(url: URL, query: RawParam[]): Finding {
  const where = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== 'https:') {
    return finding(
      'implicit.target',
      'fail',
      `The redirect goes to ${url.host} over plain http`,
      `The redirect goes to ${show(where)} over plain HTTP. Alexa's redirect URLs are all https://, and a token must never travel unencrypted.`,
      'Redirect to the redirect_uri Alexa sent your login page, unchanged (it starts with https://).',
      'redirect-uri-invalid',
    );
  }
  const alexaHost = ALEXA_REDIRECT_HOSTS.includes(url.hostname);
  const statusPage = url.pathname === STATUS_PAGE_PATH;
  const linkPath = LINK_PATH.test(url.pathname);
  if (!alexaHost) {
    return finding(
      'implicit.target',
      'warn',
      `The redirect goes to ${url.host}, not an Alexa redirect host`,
      `The redirect goes to ${show(where)}. Alexa's redirect hosts are ${listWords(ALEXA_REDIRECT_HOSTS)}; a redirect elsewhere never reaches Alexa (unless this is an intermediate hop of your own).`,
      'Redirect to the redirect_uri Alexa passed to your authorization URI, exactly as received.',
      'redirect-uri-invalid',
    );
  }
  if (!statusPage && !linkPath) {
    return finding(
      'implicit.target',
      'warn',
      `The path ${show(url.pathname, 60)} is not one of Alexa’s redirect paths`,
      `The path is ${show(url.pathname)}. Alexa's redirect URLs use ${STATUS_PAGE_PATH} or /api/skill/link/{vendorId}.`,
      'Use the redirect_uri Alexa sent, without changing its path, case or trailing slash.',
      'redirect-uri-invalid',
    );
  }
  if (statusPage && !query.some((p) => p.name === 'vendorId' && p.value !== '')) {
    return finding(
      'implicit.target',
      'warn',
      'The redirect to Alexa’s status page has no vendorId',
      `The redirect goes to ${show(where)} without the vendorId query parameter that Alexa's redirect_uri carries for this page.`,
      'Keep the query of the redirect_uri Alexa sent (…account-linking-status.html?vendorId=…) and append your values after #.',
      'redirect-uri-invalid',
    );
  }
  return finding('implicit.target', 'pass', `The redirect goes to Alexa (${url.host})`, `The redirect goes to ${show(where)}, one of Alexa's redirect URLs.`, '', 'redirect-uri-invalid');
}

function queryFinding(query: RawParam[]): Finding {
  const leaked = query.filter((p) => SENSITIVE.has(p.name));
  if (leaked.length === 0) {
    return finding('implicit.query', 'pass', 'The query string carries no token values', 'The query string carries none of state, access_token, token_type or expires_in.', '', 'tip-implicit-fragment');
  }
  const evidence = leaked.map((p) => `${p.name}=${shownValue(p)}`).join(', ');
  return finding(
    'implicit.query',
    'fail',
    `The query string carries ${listWords(leaked.map((p) => p.name))}`,
    `The query string (after ?) carries ${evidence}. Alexa reads the implicit grant's values only from the fragment, and values in a query string leak into server logs, proxies and the Referer header.`,
    'Move these values after # in the redirect: …#state=…&access_token=…&token_type=Bearer. Keep only the parameters of the redirect_uri itself (such as vendorId) in the query.',
    'tip-implicit-fragment',
  );
}

function fragmentFinding(query: RawParam[], fragment: RawParam[]): Finding {
  const missing = REQUIRED.filter((name) => !fragment.some((p) => p.name === name));
  if (missing.length === 0) {
    return finding('implicit.fragment', 'pass', 'The fragment carries state, access_token and token_type', 'All three values come after #, where Alexa reads them.', '', 'tip-implicit-fragment');
  }
  const inQuery = missing.filter((name) => query.some((p) => p.name === name));
  const codeGrant = query.some((p) => p.name === 'code') && !fragment.some((p) => p.name === 'access_token');
  let detail = fragment.length === 0 ? 'The URL has no fragment (nothing after #).' : `The fragment lacks ${listWords(missing)}.`;
  if (inQuery.length > 0) detail += ` ${listWords(inQuery)} ${inQuery.length === 1 ? 'is' : 'are'} in the query string instead.`;
  if (codeGrant) detail += ' The query has a code parameter: this looks like an authorization code grant redirect, which is right only if the skill is set to Auth Code Grant.';
  return finding(
    'implicit.fragment',
    'fail',
    fragment.length === 0 ? 'The URL has no fragment' : `The fragment lacks ${listWords(missing)}`,
    detail,
    'Append # and then state, access_token and token_type to the redirect_uri: …#state={state}&access_token={token}&token_type=Bearer.',
    'tip-implicit-fragment',
  );
}

function stateFinding(state: RawParam | undefined, expected: string | undefined): Finding {
  if (!state) {
    return finding('implicit.state', 'skip', 'No state to compare', 'The fragment has no state parameter (see the fragment finding).', '', 'tip-implicit-fragment');
  }
  if (state.value === '') {
    return finding('implicit.state', 'fail', 'The fragment’s state is empty', 'The fragment has state= with no value.', "Echo back the state value Alexa sent to your authorization URI, unchanged.", 'tip-implicit-fragment');
  }
  if (expected === undefined) {
    return finding(
      'implicit.state',
      'pass',
      `The fragment carries a state of ${state.value.length} characters`,
      `The fragment carries a state of ${state.value.length} characters. Give the state Alexa sent to compare them.`,
      '',
      'tip-implicit-fragment',
    );
  }
  // Accept the value as written, percent-decoded, or form-decoded: any of them may be what the user pasted.
  const decodedNoPlus = safeDecodeKeepPlus(state.raw);
  if (expected === state.value || expected === state.raw || expected === decodedNoPlus) {
    return finding('implicit.state', 'pass', `The state matches the expected value (${expected.length} characters)`, `The state in the fragment matches the expected value (${expected.length} characters).`, '', 'tip-implicit-fragment');
  }
  return finding(
    'implicit.state',
    'fail',
    'The state differs from the one Alexa sent',
    `${describeStateDifference(state.value, expected)} Alexa rejects the redirect when state differs in any way.`,
    'Store the state exactly as Alexa sent it (no length-limited column or cookie, no trimming or re-encoding) and send it back unchanged in the fragment, URL-encoded once.',
    'tip-implicit-fragment',
  );
}

function safeDecodeKeepPlus(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function describeStateDifference(actual: string, expected: string): string {
  if (expected.startsWith(actual)) {
    return `The state is cut short: ${actual.length} of the expected ${expected.length} characters came back.`;
  }
  if (actual.startsWith(expected)) return `The state has ${actual.length - expected.length} extra characters at the end (${actual.length} instead of ${expected.length}).`;
  if (safeDecodeKeepPlus(actual) === expected || safeDecodeKeepPlus(expected) === actual) {
    return 'The state is URL-encoded once too often or too rarely.';
  }
  let i = 0;
  while (i < actual.length && i < expected.length && actual.charCodeAt(i) === expected.charCodeAt(i)) i++;
  return `The state differs from the expected value at character ${i + 1} (${actual.length} characters returned, ${expected.length} expected).`;
}

function tokenTypeFinding(tokenType: RawParam | undefined): Finding {
  if (!tokenType) {
    return finding('implicit.token-type', 'skip', 'No token_type to check', 'The fragment has no token_type parameter (see the fragment finding).', '', 'tip-implicit-fragment');
  }
  if (tokenType.value === 'Bearer') {
    return finding('implicit.token-type', 'pass', `token_type is ${tokenType.value}`, 'token_type=Bearer, as in Amazon\'s example.', '', 'tip-implicit-fragment');
  }
  if (tokenType.value.toLowerCase() === 'bearer') {
    return finding(
      'implicit.token-type',
      'warn',
      `token_type is "${tokenType.value}", not "Bearer"`,
      `token_type=${show(tokenType.value)}. OAuth treats the type as case-insensitive, but Amazon's example writes Bearer.`,
      'Send token_type=Bearer to match Amazon\'s example exactly.',
      'tip-implicit-fragment',
    );
  }
  return finding(
    'implicit.token-type',
    'fail',
    `token_type is ${show(tokenType.value, 30)}, not Bearer`,
    `token_type=${show(tokenType.value, 40)}. Alexa sends the token to your skill as a bearer token, so the type must be Bearer.`,
    'Issue a bearer access token and send token_type=Bearer in the fragment.',
    'tip-implicit-fragment',
  );
}

function accessTokenFinding(token: RawParam | undefined): Finding {
  if (!token) {
    return finding('implicit.access-token', 'skip', 'No access_token to check', 'The fragment has no access_token parameter (see the fragment finding).', '', 'tip-implicit-fragment');
  }
  if (token.value.trim() === '') {
    return finding('implicit.access-token', 'fail', 'The fragment’s access_token is empty', 'The fragment has access_token= with no value.', 'Put the access token your server issued for this user in access_token.', 'tip-implicit-fragment');
  }
  return finding('implicit.access-token', 'pass', `The fragment carries an access token (${token.value.length} characters)`, `The fragment carries an access token: ${mask(token.value)}.`, '', 'tip-implicit-fragment');
}

function expiresFinding(expires: RawParam | undefined): Finding | null {
  if (!expires) return null;
  if (!/^[0-9]{1,12}$/.test(expires.value)) {
    return finding(
      'implicit.expires-in',
      'fail',
      `expires_in is ${show(expires.value, 20)}, not a number of seconds`,
      `expires_in=${show(expires.value, 40)} is not a whole number of seconds.`,
      'Send expires_in as a whole number of seconds, such as expires_in=3600, or leave it out.',
      'token-lifetime-too-short',
    );
  }
  const seconds = Number(expires.value);
  if (seconds < ALEXA_MIN_EXPIRES_IN) {
    return finding(
      'implicit.expires-in',
      'fail',
      `Access tokens last ${seconds} s; Alexa needs at least ${ALEXA_MIN_EXPIRES_IN} s`,
      `expires_in=${seconds}: access tokens must live at least ${ALEXA_MIN_EXPIRES_IN} seconds.`,
      'Issue tokens that live far longer: the implicit grant has no refresh token.',
      'token-lifetime-too-short',
    );
  }
  if (seconds < 86_400) {
    return finding(
      'implicit.expires-in',
      'warn',
      `Access tokens last ${seconds} s, and the implicit grant has no refresh`,
      `expires_in=${seconds} (${Math.round(seconds / 60)} minutes). The implicit grant has no refresh token, so the link stops working once this token expires and the user must link again.`,
      'Issue a long-lived token for the implicit grant, or switch the skill to the authorization code grant with refresh tokens.',
      'relink-later',
    );
  }
  return finding('implicit.expires-in', 'pass', `Access tokens last ${seconds} s`, `expires_in=${seconds} seconds.`, '', 'token-lifetime-too-short');
}

function sourceFinding(query: RawParam[], fragment: RawParam[]): Finding | null {
  const inFragment = fragment.find((p) => p.name === 'source');
  const inQuery = query.find((p) => p.name === 'source');
  if (inFragment?.value === 'app') {
    return finding(
      'implicit.source-app',
      'pass',
      'The fragment carries source=app (app-to-app)',
      'The fragment carries source=app, so Alexa counts this as a completed app-to-app linking from the Alexa app.',
      '',
      'completion-rate-source-app',
    );
  }
  if (inQuery?.value === 'app') {
    return finding(
      'implicit.source-app',
      'warn',
      'source=app is in the query, not the fragment',
      'With the implicit grant, source=app belongs in the fragment with the other values; the query string has it.',
      'Move source=app after #: …#access_token=…&token_type=Bearer&expires_in=3600&state=…&source=app.',
      'completion-rate-source-app',
    );
  }
  return null;
}

/** The implicit grant redirect check, as the registry runs it. */
export const implicitRedirectProbe = defineProbe({
  id: 'implicit-redirect',
  schema: implicitRedirectInputSchema,
  fromForm: (form) => formTexts(form, ['redirectUrl', 'expectedState']),
  secretFields: { redirectUrl: carriesCredential },
  run: checkImplicitRedirect,
});
