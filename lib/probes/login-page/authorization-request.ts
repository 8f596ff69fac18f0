// The authorization request Alexa sends to the login page: the authorization URI with state, client_id, response_type,
// scope and redirect_uri appended (and the PKCE challenge when PKCE is on), and whether its length risks an HTTP 400.
// Alexa's state alone is reported at 600+ characters.

import { z } from '@/lib/zod';
import type { Finding, FindingStatus } from '@/lib/probes/findings';
import { authorizationUriSchema, MAX_URL_INPUT, scopesSchema } from '@/lib/probes/input-fields';
import { parseUrl, splitParams } from '@/lib/probes/urls';
import { listWords, show } from '@/lib/probes/wording';
import { type LoginFindingId } from './input';

export const AUTHORIZATION_REQUEST_NODES = ['request-too-large', 'http-400-redirect', 'redirect-uri-invalid'] as const;

/** A finding about the request, under the login page probe's ids for it. */
export type AuthorizationRequestFinding = Finding & { id: Extract<LoginFindingId, 'login.url-length' | 'login.duplicate-params'> };

function finding(
  id: AuthorizationRequestFinding['id'],
  status: FindingStatus,
  title: string,
  detail: string,
  fix: string,
  node: (typeof AUTHORIZATION_REQUEST_NODES)[number],
): AuthorizationRequestFinding {
  return { id, status, title, detail, fix, node };
}

/** Above this, some browsers, proxies and servers start to refuse URLs (a common, conservative limit). */
export const URL_LENGTH_WARN = 2000;
/** Common request-line / header limit of nginx and Tomcat (8 KB): above it an HTTP 400 is all but certain. */
export const URL_LENGTH_FAIL = 8192;
/** Length of the realistic state used when none is given. */
export const REALISTIC_STATE_LENGTH = 640;

/** Parameters Alexa appends to the authorization URI. */
export const ALEXA_AUTHORIZATION_PARAMS = ['state', 'client_id', 'response_type', 'scope', 'redirect_uri'] as const;
const PKCE_PARAMS = ['code_challenge', 'code_challenge_method'] as const;

const scopesField = scopesSchema.transform((v) => v ?? []);

export const authorizationRequestInputSchema = z.object({
  authorizationUri: authorizationUriSchema,
  clientId: z.string().trim().max(1024, { error: 'The client ID is too long.' }).default('alexa-client-id'),
  responseType: z.enum(['code', 'token'], { error: 'The response type is code (authorization code grant) or token (implicit grant).' }).default('code'),
  scopes: scopesField,
  redirectUri: z
    .string()
    .trim()
    .max(2048, { error: 'The redirect URL is too long.' })
    .pipe(z.url({ protocol: /^https$/, error: 'The redirect URL must be a full https:// URL, such as https://pitangui.amazon.com/api/skill/link/M….' }))
    .default('https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA'),
  state: z.string().max(MAX_URL_INPUT, { error: 'The state is too long.' }).optional(),
  pkce: z.boolean().default(false),
});
export type AuthorizationRequestInput = z.input<typeof authorizationRequestInputSchema>;

export interface AuthorizationRequestResult {
  findings: AuthorizationRequestFinding[];
  /** The full URL Alexa would open, or null when the authorization URI is not a URL. */
  url: string | null;
  length: number;
  /** Characters per part, to show what to shorten. */
  parts: { authorizationUri: number; ownQuery: number; state: number; scope: number; redirectUri: number; clientId: number; other: number };
}

/**
 * A deterministic, base64url-like state of the given length, shaped like the ones Alexa sends (they start with
 * "A2SAAEAE"). Deterministic so that lengths and tests are stable.
 */
export function realisticState(length = REALISTIC_STATE_LENGTH): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let seed = 0x2f6b1d;
  let out = 'A2SAAEAE';
  while (out.length < length) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet.charAt(seed % 64);
  }
  return out.slice(0, length);
}

/** RFC 3986 encoding, as observed in Alexa's requests (scope=openid%20profile, not +). */
// toWellFormed: a lone surrogate would make encodeURIComponent throw.
const encode = (value: string) => encodeURIComponent(value.toWellFormed()).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function buildAuthorizationRequest(input: AuthorizationRequestInput): AuthorizationRequestResult {
  const authorizationUri = (input.authorizationUri ?? '').trim();
  const clientId = input.clientId?.trim() || 'alexa-client-id';
  const responseType = input.responseType === 'token' ? 'token' : 'code';
  const scopes = (typeof input.scopes === 'string' ? input.scopes.split(/[\s,]+/) : (input.scopes ?? [])).map((s) => s.trim()).filter(Boolean);
  const redirectUri = input.redirectUri?.trim() || 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA';
  const state = input.state ?? realisticState();
  const emptyParts = { authorizationUri: authorizationUri.length, ownQuery: 0, state: 0, scope: 0, redirectUri: 0, clientId: 0, other: 0 };

  const base = parseUrl(authorizationUri);
  if (!base || (base.protocol !== 'https:' && base.protocol !== 'http:')) {
    return {
      findings: [finding('login.url-length', 'fail', 'The authorization URI is not a full URL', `${show(authorizationUri, 100)} is not a full http(s) URL, so the request Alexa sends cannot be built.`, 'Enter the authorization URI exactly as in the console, starting with https://.', 'http-400-redirect')],
      url: null,
      length: 0,
      parts: emptyParts,
    };
  }

  const hashAt = authorizationUri.indexOf('#');
  const withoutFragment = hashAt === -1 ? authorizationUri : authorizationUri.slice(0, hashAt);
  const questionAt = withoutFragment.indexOf('?');
  const ownQuery = questionAt === -1 ? '' : withoutFragment.slice(questionAt + 1);
  const params: Array<[string, string]> = [
    ['state', state],
    ['client_id', clientId],
    ['response_type', responseType],
    ['scope', scopes.join(' ')],
    ['redirect_uri', redirectUri],
  ];
  if (input.pkce) params.push(['code_challenge', realisticState(43).replace(/^A2SAAEAE/, 'E9Melhoa')], ['code_challenge_method', 'S256']);
  const encoded = params.map(([k, v]) => `${k}=${encode(v)}`);
  const separator = questionAt === -1 ? '?' : withoutFragment.endsWith('?') || withoutFragment.endsWith('&') ? '' : '&';
  const url = `${withoutFragment}${separator}${encoded.join('&')}`;
  const lengthOf = (name: string) => encoded.find((e) => e.startsWith(`${name}=`))?.length ?? 0;
  const named = { state: lengthOf('state'), scope: lengthOf('scope'), redirectUri: lengthOf('redirect_uri'), clientId: lengthOf('client_id') };
  const parts = {
    authorizationUri: withoutFragment.length,
    ownQuery: ownQuery.length,
    ...named,
    // response_type, PKCE parameters and separators.
    other: url.length - withoutFragment.length - named.state - named.scope - named.redirectUri - named.clientId,
  };
  const findings = [lengthFinding(url.length, parts, input.state === undefined)];
  const duplicate = duplicateFinding(ownQuery, input.pkce === true);
  if (duplicate) findings.push(duplicate);
  return { findings, url, length: url.length, parts };
}

function lengthFinding(length: number, parts: AuthorizationRequestResult['parts'], assumedState: boolean): AuthorizationRequestFinding {
  const breakdown = `authorization URI ${parts.authorizationUri} (its own query ${parts.ownQuery}), state ${parts.state}${assumedState ? ' (a realistic Alexa state)' : ''}, scope ${parts.scope}, redirect_uri ${parts.redirectUri}, client_id ${parts.clientId}`;
  const shorten = listWords(
    [
      parts.ownQuery > 200 ? `the authorization URI's own query (${parts.ownQuery} characters)` : '',
      parts.scope > 200 ? `the scopes (${parts.scope} characters)` : '',
      parts.authorizationUri - parts.ownQuery > 300 ? 'the authorization URI path' : '',
    ].filter(Boolean),
  );
  const what = shorten ? `Shorten ${shorten}.` : "Shorten the authorization URI's own query and the scopes.";
  if (length > URL_LENGTH_FAIL) {
    return finding(
      'login.url-length',
      'fail',
      `The authorization request is ${length} characters`,
      `The request Alexa would open is ${length} characters long (${breakdown}). Above 8 KB, web servers and proxies such as nginx and Tomcat answer HTTP 400 before your login page runs, and cookies only add to it.`,
      `${what} Never shorten or drop Alexa's state; trim cookies on the login domain or raise the server's header size limit.`,
      'request-too-large',
    );
  }
  if (length > URL_LENGTH_WARN) {
    return finding(
      'login.url-length',
      'warn',
      `The authorization request is ${length} characters`,
      `The request Alexa would open is ${length} characters long (${breakdown}). Over about ${URL_LENGTH_WARN} characters some proxies and servers refuse URLs, and together with large cookies the request can exceed the common 8 KB limit (HTTP 400).`,
      `${what} Keep Alexa's state intact, and keep cookies on the login domain small.`,
      'request-too-large',
    );
  }
  return finding('login.url-length', 'pass', `The authorization request is ${length} characters`, `The request Alexa would open is ${length} characters long (${breakdown}), well within common limits.`, '', 'request-too-large');
}

function duplicateFinding(ownQuery: string, pkce: boolean): AuthorizationRequestFinding | null {
  const own = new Set(splitParams(ownQuery).map((p) => p.name));
  const appended: readonly string[] = pkce ? [...ALEXA_AUTHORIZATION_PARAMS, ...PKCE_PARAMS] : ALEXA_AUTHORIZATION_PARAMS;
  const clashes = appended.filter((name) => own.has(name));
  if (clashes.length === 0) return null;
  return finding(
    'login.duplicate-params',
    'warn',
    `The authorization URI already has ${listWords(clashes)}, which Alexa adds itself`,
    `The authorization URI already contains ${listWords(clashes)}, which Alexa appends itself. Servers disagree on which copy wins; how Alexa merges them is not documented.`,
    `Remove ${listWords(clashes)} from the authorization URI in the console; set scopes in the Scopes field instead.`,
    clashes.includes('redirect_uri') ? 'redirect-uri-invalid' : 'http-400-redirect',
  );
}
