// Token answers as providers really send them, beside what Alexa was shown to expect: errors in a provider's own form
// or header, scope as a list, a refresh token's own lifetime, and Auth0's opaque access token when no audience was
// asked for. What Alexa does with most of these is not documented, so they warn rather than fail. Sets token.scope
// and token.refresh-lifetime, and adds to the OAuth error and access token findings.

import type { OutboundResponse } from '@/lib/net';
import type { AnswerError } from '@/lib/probes/token-answer';
import type { TokenFindings } from './findings';
import { header, quote } from './reply';

export const STANDARD_ERRORS = 'Return errors as JSON with an "error" code (invalid_grant, invalid_client …) and an error_description, with a 4xx status.';

/** The error as the server sent it, for the start of a finding's detail. */
export function describeAnswerError(e: AnswerError, r: Pick<OutboundResponse, 'status'>): string {
  const description = e.description ? ` (${e.form === 'object' ? 'message' : 'error_description'}: ${quote(e.description, 200)})` : '';
  const status = r.status === 200 ? ' with HTTP 200' : '';
  if (e.form === 'object')
    return `The server answered${status} with a provider’s own error object, not the {"error": "code"} of RFC 6749: type ${quote(e.code, 60)}${e.providerCode ? `, code ${quote(e.providerCode, 20)}` : ''}${description}. Facebook answers this way`;
  if (e.form === 'form') return `The server answered${status} with a form-encoded error, error=${quote(e.code, 60)}${description}, as GitHub does without Accept: application/json`;
  return `The server answered${status} with the OAuth error ${quote(e.code, 60)}${description}`;
}

/** Login with Amazon names its errors in a header; it answered an invalid grant so when redirect URLs were missing. */
export function amazonErrorType(r: Pick<OutboundResponse, 'headers'>): string {
  const type = header(r, 'x-amzn-errortype');
  if (!type) return '';
  const grant = /InvalidGrant/i.test(type)
    ? ' Login with Amazon was reported to answer this when the skill’s Alexa redirect URLs were missing from the security profile’s Allowed Return URLs: add all of them there.'
    : '';
  return ` The reply’s X-Amzn-Errortype header says ${quote(type, 80)}.${grant}`;
}

/** scope, when present, is one space-separated string (RFC 6749 §5.1); some providers (Twitch) send a JSON list. */
export function checkScope(findings: TokenFindings, scope: unknown): void {
  if (scope === undefined) findings.set('token.scope', 'pass', 'The reply has no scope field (it is optional).', '', { title: 'The reply has no scope (it is optional)' });
  else if (typeof scope === 'string') findings.set('token.scope', 'pass', `scope is the string ${quote(scope, 80)}.`, '', { title: `scope is one string, ${quote(scope, 40)}` });
  else
    findings.set(
      'token.scope',
      'warn',
      `scope is ${Array.isArray(scope) ? `a JSON list (${JSON.stringify(scope).slice(0, 80)})` : `${JSON.stringify(scope)?.slice(0, 40)}`}, not one space-separated string as OAuth defines it. Whether Alexa reads it is not documented.`,
      'Return scope as one string of space-separated scopes, e.g. "scope": "profile email", or leave it out.', { title: `scope is ${Array.isArray(scope) ? 'a JSON list' : typeof scope}, not one string` },
    );
}

const DAY = 86_400;
/** Below this, a user who leaves the skill alone for a while finds the link gone. */
const SHORT_REFRESH_LIFETIME = 30 * DAY;

/** refresh_expires_in (Keycloak's name): how long the refresh token lasts; 0 means it does not expire by time. */
export function checkRefreshLifetime(findings: TokenFindings, obj: Record<string, unknown>): void {
  const v = obj.refresh_expires_in ?? obj.refresh_token_expires_in;
  const name = obj.refresh_expires_in !== undefined ? 'refresh_expires_in' : 'refresh_token_expires_in';
  if (v === undefined) {
    findings.set('token.refresh-lifetime', 'skip', 'The reply does not say when the refresh token expires.');
    return;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n)) findings.set('token.refresh-lifetime', 'warn', `${name} is ${JSON.stringify(v).slice(0, 40)}, not a number of seconds.`, 'Return the refresh token lifetime as a number of seconds, or leave it out.', { title: `${name} is ${JSON.stringify(v).slice(0, 20)}, not a number of seconds` });
  else if (n === 0) findings.set('token.refresh-lifetime', 'pass', `${name} is 0: the refresh token does not expire after a set time.`, '', { title: `${name} is 0: the refresh token does not expire by time` });
  else if (n < SHORT_REFRESH_LIFETIME)
    findings.set(
      'token.refresh-lifetime',
      'warn',
      `${name} is ${n}: the refresh token expires after ${duration(n)}. Alexa refreshes when the access token expires and the user speaks to the skill; a user who does not for ${duration(n)} finds the link gone and has to link again. (Keycloak’s defaults are 300 s access tokens and a 1800 s refresh window, tied to the sign-in session.)`,
      'Issue refresh tokens that last months, or do not expire (in Keycloak, request the offline_access scope for offline tokens, or raise the SSO Session Idle and Max times of the realm).', { title: `The refresh token expires after ${duration(n)} (${name} ${n})` },
    );
  else findings.set('token.refresh-lifetime', 'pass', `${name} is ${n}: the refresh token lasts ${duration(n)}.`, '', { title: `The refresh token lasts ${duration(n)} (${name} ${n})` });
}

function duration(s: number): string {
  if (s < 2 * 3600) return `${Math.round(s / 60)} minutes`;
  if (s < 2 * DAY) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / DAY)} days`;
}

const isAuth0 = (url: URL | undefined) => !!url && (url.hostname === 'auth0.com' || url.hostname.endsWith('.auth0.com'));

/** For information: Auth0 issues a short opaque access token, usable only at its /userinfo, when no audience is set. */
export function auth0AudienceNote(accessToken: string, tokenUrl: URL | undefined): string {
  if (!isAuth0(tokenUrl) || accessToken.split('.').length === 3 || accessToken.length > 64) return '';
  return ` It is an opaque token of ${accessToken.length} characters, not a JWT: Auth0 issues such tokens when the authorization request names no audience, and they only work at Auth0’s own /userinfo. If your skill calls your API with it, add audience=<your API identifier> to the authorization URI.`;
}
