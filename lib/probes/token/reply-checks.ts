// What Alexa needs of a token reply: HTTP 200 with no OAuth error, declared and written as a JSON object, not cached,
// with a bearer access token that lasts long enough and a refresh token. Sets token.status, token.oauth-error,
// token.content-type, token.json, token.cache-control, token.access-token, token.token-type, token.expires-in and
// token.refresh-token.

import { ALEXA_MIN_EXPIRES_IN, CLIENT_AUTH_SCHEME_LABELS, type ClientAuthScheme } from '@/lib/alexa';
import type { ClientAuthOutcome } from './client-auth';
import type { OutboundResponse } from '@/lib/net';
import type { TokenFindings } from './findings';
import { answerError } from '@/lib/probes/token-answer';
import { amazonErrorType, auth0AudienceNote, checkRefreshLifetime, checkScope, describeAnswerError, STANDARD_ERRORS } from './answer-fields';
import { explainOAuthError, header, isJsonMediaType, quote, readBody, statusLine, TOKEN_REPLY_MAX_BYTES, type BodyShape, type GrantType } from './reply';

/** The findings read from the token fields of a 200 reply; annotated when they come from a retry. */
export const TOKEN_FIELD_FINDINGS = ['token.access-token', 'token.token-type', 'token.scope', 'token.expires-in', 'token.refresh-token', 'token.refresh-lifetime', 'token.cache-control'] as const;

/** What the run knows besides the reply: the console's Default Access Token Expiration Time, the token URI. */
export interface ReplyContext {
  defaultExpiration?: number;
  tokenUrl?: URL;
}

const isRedirect = (r: OutboundResponse) => !!r.redirect || (r.status >= 300 && r.status < 400);

/**
 * The status and OAuth error of the reply to the configured scheme: what Alexa itself would get. With `auth`, an error
 * that the other client-authentication scheme got past is explained as the scheme's, not the grant's.
 */
export function checkStatus(findings: TokenFindings, r: OutboundResponse, grant: GrantType, auth?: Pick<ClientAuthOutcome, 'refusedScheme' | 'schemeThatWorks'>): void {
  const line = statusLine(r);
  const error = answerError(readBody(r, TOKEN_REPLY_MAX_BYTES));

  if (r.status === 200 && !error) findings.set('token.status', 'pass', `The server answered ${line}.`, '', { title: `The server answers HTTP ${r.status}` });
  else if (r.status === 200)
    findings.set(
      'token.status',
      'fail',
      `The server answered ${line}, but with an error in the body instead of tokens. Some providers (GitHub among them) send errors with HTTP 200; Alexa finds no access token in it either way.`,
      'See the OAuth error finding.', { title: 'The server answers HTTP 200 with an error instead of tokens' },
    );
  else
    findings.set(
      'token.status',
      'fail',
      `The server answered ${line}; Alexa needs HTTP 200 with the tokens.${isRedirect(r) ? ' (A redirect: see the redirect finding.)' : ''}`,
      r.status === 401 || error?.code === 'invalid_client' || auth?.refusedScheme
        ? 'See the client-authentication finding.'
        : error
          ? 'See the OAuth error finding.'
          : 'Make the token endpoint answer HTTP 200 with the token JSON for a valid request.', { title: `The server answers HTTP ${r.status}; Alexa needs HTTP 200 with the tokens` },
    );

  if (error) {
    const ex = auth?.refusedScheme && auth.schemeThatWorks ? schemeError(auth.refusedScheme, auth.schemeThatWorks) : explainOAuthError(error.code, grant);
    findings.set('token.oauth-error', 'fail', `${describeAnswerError(error, r)}: ${ex.detail}${amazonErrorType(r)}`, error.form === 'oauth' ? ex.fix : `${ex.fix} ${STANDARD_ERRORS}`, { title: `The server answers with the error ${quote(error.code, 40)}` });
  } else if (r.status === 200) {
    findings.set('token.oauth-error', 'pass', 'No OAuth error in the reply.', '', { title: 'The reply carries no OAuth error' });
  } else if (isRedirect(r)) {
    findings.set('token.oauth-error', 'skip', 'Not checked: the server redirected.');
  } else {
    findings.set(
      'token.oauth-error',
      'warn',
      `The server answered ${line} without a standard OAuth error body ({"error": "…"}, RFC 6749 §5.2), so neither Alexa nor your logs can tell what went wrong.${amazonErrorType(r)}`,
      STANDARD_ERRORS, { title: `The server answers HTTP ${r.status} without a standard OAuth error` },
    );
  }
}

/** An error that the other scheme got past: it was about how the credentials were sent, whatever its code says. */
function schemeError(refused: ClientAuthScheme, works: ClientAuthScheme): { detail: string; fix: string } {
  return {
    detail: `the same request sent with ${CLIENT_AUTH_SCHEME_LABELS[works]} got past it, so here it means that the server does not accept client credentials sent with ${CLIENT_AUTH_SCHEME_LABELS[refused]}, not that the grant is missing.`,
    fix: `In the Alexa developer console, under Account Linking, set Client Authentication Scheme to “${CLIENT_AUTH_SCHEME_LABELS[works]}”.`,
  };
}

/**
 * The format of the reply that got past client authentication (the retry's, when it did; `note` then says so), and
 * the tokens in it.
 */
export function checkContent(findings: TokenFindings, r: OutboundResponse, note: string, grant: GrantType, context: ReplyContext = {}): void {
  const shape = readBody(r, TOKEN_REPLY_MAX_BYTES);
  if (isRedirect(r)) {
    for (const id of ['token.content-type', 'token.json'] as const) findings.set(id, 'skip', 'Not checked: the reply is a redirect.');
  } else {
    checkContentType(findings, header(r, 'content-type'), note);
    checkJson(findings, shape, note);
  }
  if (r.status !== 200) {
    for (const id of TOKEN_FIELD_FINDINGS) findings.set(id, 'skip', 'Not checked: the reply is not HTTP 200.');
    return;
  }
  checkCacheControl(findings, header(r, 'cache-control'));
  if (shape.kind !== 'object') {
    for (const id of TOKEN_FIELD_FINDINGS) if (id !== 'token.cache-control') findings.set(id, 'skip', 'Not checked: the reply is not a JSON object.');
    return;
  }
  checkTokens(findings, shape.value, grant, context);
}

function checkContentType(findings: TokenFindings, ct: string | undefined, note: string): void {
  if (isJsonMediaType(ct)) findings.set('token.content-type', 'pass', `Content-Type: ${quote(ct ?? '', 80)}${note}.`, '', { title: `The reply is declared as ${(ct ?? '').split(';')[0]!.trim().slice(0, 60)}` });
  else
    findings.set(
      'token.content-type',
      'fail',
      ct ? `The reply is declared as Content-Type: ${quote(ct, 80)}${note}, not application/json.` : `The reply has no Content-Type header${note}; it should be application/json.`,
      'Send Content-Type: application/json (with charset=UTF-8 if you like) on token replies.', { title: ct ? `The reply is declared as ${ct.split(';')[0]!.trim().slice(0, 60)}, not JSON` : 'The reply declares no Content-Type' },
    );
}

function checkJson(findings: TokenFindings, shape: BodyShape, note: string): void {
  switch (shape.kind) {
    case 'object':
      findings.set('token.json', 'pass', `The reply is a JSON object${note}.`, '', { title: 'The reply is a JSON object' });
      break;
    case 'form':
      findings.set(
        'token.json',
        'fail',
        `The reply is form-encoded text (with the fields ${[...shape.params.keys()].slice(0, 6).map((k) => quote(k, 30)).join(', ')}), not JSON${note}. GitHub’s token endpoint, for example, answers like this unless the request says Accept: application/json, and Alexa is not known to send that header.`,
        'Return the tokens as a JSON object. If your provider needs Accept: application/json for that (GitHub does), put a small proxy in front of it that adds the header, and use the proxy as the Access Token URI.', { title: 'The reply is form-encoded text, not JSON' },
      );
      break;
    case 'html':
      findings.set(
        'token.json',
        'fail',
        `The reply is an HTML page${note}, not JSON — often a login page, an error page or a web application firewall’s block page, which means the URL or the request is not reaching the token endpoint.`,
        'Check that the Access Token URI is the token endpoint itself, and that nothing in front of it (WAF, proxy, login redirect) intercepts Alexa’s POST.', { title: 'The reply is an HTML page, not JSON' },
      );
      break;
    case 'empty':
      findings.set('token.json', 'fail', `The reply body is empty${note}.`, 'Return the tokens as a JSON object.', { title: 'The reply is empty, not JSON' });
      break;
    case 'json-other':
      findings.set('token.json', 'fail', `The reply is valid JSON but ${shape.type}${note}, not an object.`, 'Return the tokens as a JSON object: {"access_token": …}.', { title: `The reply is JSON ${shape.type}, not an object` });
      break;
    case 'invalid':
      findings.set('token.json', 'fail', `${shape.message.replace(/^The body/, 'The reply')}${note}`, 'Return the tokens as a well-formed JSON object.', { title: 'The reply is not well-formed JSON' });
      break;
  }
}

/** A 200 reply carries tokens, so no cache may keep it (RFC 6749 §5.1 requires no-store). */
function checkCacheControl(findings: TokenFindings, cc: string | undefined): void {
  if (cc && /(^|[,\s])no-store($|[,\s;])/i.test(cc)) findings.set('token.cache-control', 'pass', `Cache-Control: ${quote(cc, 80)}.`, '', { title: 'The reply says Cache-Control: no-store' });
  else
    findings.set(
      'token.cache-control',
      'warn',
      cc ? `The reply has Cache-Control: ${quote(cc, 80)}, without no-store.` : 'The reply has no Cache-Control header.',
      'Send Cache-Control: no-store (and Pragma: no-cache) with token replies, as RFC 6749 §5.1 requires, so no cache keeps the tokens.', { title: cc ? `The reply says Cache-Control: ${cc.slice(0, 60)}, without no-store` : 'The reply has no Cache-Control header' },
    );
}

function checkTokens(findings: TokenFindings, obj: Record<string, unknown>, grant: GrantType, context: ReplyContext): void {
  const at = obj.access_token;
  if (typeof at === 'string' && at.length > 0 && at.length < MIN_TOKEN_CHARACTERS) findings.set('token.access-token', 'warn', tooShort('access', at.length), GUESSABLE_FIX, { title: `The access token is only ${at.length} characters: short enough to guess` });
  else if (typeof at === 'string' && at.length > 0) findings.set('token.access-token', 'pass', `access_token is present (${at.length} characters).${auth0AudienceNote(at, context.tokenUrl)}`, '', { title: `It returns an access token (${at.length} characters)` });
  else
    findings.set(
      'token.access-token',
      'fail',
      at === undefined ? 'The reply has no access_token field.' : typeof at === 'string' ? 'access_token is an empty string.' : `access_token is ${at === null ? 'null' : `a ${typeof at}`}, not a string.`,
      'Return the access token in an access_token string field.', { title: at === undefined ? 'The reply has no access_token' : typeof at === 'string' ? 'access_token is empty' : `access_token is ${at === null ? 'null' : `a ${typeof at}`}, not a string` },
    );

  const tt = obj.token_type;
  if (typeof tt === 'string' && tt.toLowerCase() === 'bearer') findings.set('token.token-type', 'pass', `token_type is ${quote(tt, 20)}.`, '', { title: `token_type is ${quote(tt, 20)}` });
  else
    findings.set(
      'token.token-type',
      'warn',
      tt === undefined
        ? 'The reply has no token_type field. Amazon’s example answer says "bearer"; what Alexa does without it is not documented.'
        : `token_type is ${typeof tt === 'string' ? quote(tt, 40) : JSON.stringify(tt)?.slice(0, 40)}, not "bearer"${tt === 'bot' ? ' (Slack’s bot tokens say so)' : ''}. Alexa hands the access token to your skill as a bearer token; whether it accepts another type is not documented.`,
      'Return "token_type": "bearer" (any capitalisation); behind a provider that says otherwise, a small proxy can rewrite it.', { title: tt === undefined ? 'The reply has no token_type' : `token_type is ${typeof tt === 'string' ? quote(tt, 30) : JSON.stringify(tt)?.slice(0, 30)}, not “bearer”` },
    );
  checkScope(findings, obj.scope);

  checkExpiresIn(findings, obj.expires_in, context.defaultExpiration);
  checkRefreshLifetime(findings, obj);

  const rt = obj.refresh_token;
  const ei = obj.expires_in;
  if (typeof rt === 'string' && rt.length > 0 && rt.length < MIN_TOKEN_CHARACTERS) findings.set('token.refresh-token', 'warn', tooShort('refresh', rt.length), GUESSABLE_FIX, { title: `The refresh token is only ${rt.length} characters: short enough to guess` });
  else if (typeof rt === 'string' && rt.length > 0) findings.set('token.refresh-token', 'pass', 'refresh_token is present.', '', { title: 'It returns a refresh token' });
  else if (grant === 'refresh_token')
    findings.set(
      'token.refresh-token',
      'warn',
      'The refresh reply has no refresh_token. OAuth allows this (the old one stays valid), but Alexa asks for a new access and refresh token pair; if your server expires the old refresh token, users will have to link again.',
      'Return a refresh_token in refresh replies too (the same one is fine, if it stays valid).', { title: 'The refresh reply has no refresh_token' },
    );
  else
    findings.set(
      'token.refresh-token',
      'warn',
      `The reply has no refresh_token. Linking still works, but Alexa cannot renew the access token: when it expires${typeof ei === 'number' ? ` (after ${ei} seconds)` : ''}, the skill receives an expired token and users have to link their account again.`,
      'Issue a refresh token with the authorization-code grant (some servers need a scope such as offline_access, or a client setting, for that).', { title: 'The reply has no refresh_token: users will have to link again when the access token expires' },
    );
}

/**
 * RFC 6749 §10.10: the chance of guessing a token must be at most 2^-128. A token of fewer than 16 characters holds
 * fewer than 128 bits whatever its alphabet, so it cannot meet that.
 */
const MIN_TOKEN_CHARACTERS = 16;
const GUESSABLE_FIX = 'Issue tokens of at least 128 random bits (for example 32 hex or 22 base64url characters), as RFC 6749 §10.10 requires.';
const tooShort = (kind: 'access' | 'refresh', length: number) =>
  `The ${kind} token is ${length} characters long: fewer than 128 bits whatever its characters, so it can be guessed, and OAuth 2.0 (RFC 6749 §10.10) requires the chance of guessing a token to be at most 2^-128. Alexa accepts it; an attacker could too.`;

function checkExpiresIn(findings: TokenFindings, ei: unknown, defaultExpiration: number | undefined): void {
  const minRule = `Alexa needs at least ${ALEXA_MIN_EXPIRES_IN} seconds (six minutes)`;
  if ((ei === undefined || ei === null) && defaultExpiration !== undefined) {
    const fallback = `The reply has no expires_in, so Alexa uses the Default Access Token Expiration Time from the console’s account-linking settings: ${defaultExpiration} seconds`;
    if (defaultExpiration < ALEXA_MIN_EXPIRES_IN)
      findings.set('token.expires-in', 'fail', `${fallback}; ${minRule}.`, `Set the Default Access Token Expiration Time to at least ${ALEXA_MIN_EXPIRES_IN} seconds (no longer than your tokens really last), or return expires_in.`, { title: `The reply has no expires_in, and the console’s default of ${defaultExpiration} s is under the ${ALEXA_MIN_EXPIRES_IN} s Alexa needs` });
    else
      findings.set('token.expires-in', 'pass', `${fallback}. Make sure your access tokens really last that long: Alexa refreshes only when that time is up.`, '', { title: `The reply has no expires_in; Alexa uses the console’s default of ${defaultExpiration} s` });
  } else if (ei === undefined || ei === null) {
    findings.set(
      'token.expires-in',
      'warn',
      `The reply has no expires_in. Alexa then uses the Default Access Token Expiration Time set in the console’s account-linking settings, if any, to decide when to refresh — a token that expires earlier than that stops working for the user until the next refresh. Enter that setting in the probe to check it against ${ALEXA_MIN_EXPIRES_IN} seconds.`,
      'Return expires_in (seconds, as a number), or set the default expiration time in the Alexa console to match your tokens.', { title: 'The reply has no expires_in' },
    );
  } else if (typeof ei === 'number') {
    if (!Number.isFinite(ei) || ei < ALEXA_MIN_EXPIRES_IN) {
      findings.set('token.expires-in', 'fail', `expires_in is ${ei}; ${minRule}.`, `Issue access tokens that last at least ${ALEXA_MIN_EXPIRES_IN} seconds (an hour is common).`, { title: `Access tokens last ${ei} s; Alexa needs at least ${ALEXA_MIN_EXPIRES_IN} s` });
    } else {
      findings.set('token.expires-in', 'pass', `expires_in is ${ei} seconds${ei >= 3600 ? ` (${(ei / 3600).toFixed(ei % 3600 === 0 ? 0 : 1)} h)` : ''}.`, '', { title: `Access tokens last ${ei} s` });
    }
  } else if (typeof ei === 'string' && /^\s*\d+\s*$/.test(ei)) {
    const n = Number(ei);
    if (n < ALEXA_MIN_EXPIRES_IN) {
      findings.set('token.expires-in', 'fail', `expires_in is the string ${quote(ei, 20)}, and ${n} is too short: ${minRule}.`, `Return expires_in as a number of at least ${ALEXA_MIN_EXPIRES_IN}.`, { title: `Access tokens last ${n} s (expires_in is a string); Alexa needs at least ${ALEXA_MIN_EXPIRES_IN} s` });
    } else {
      findings.set(
        'token.expires-in',
        'warn',
        `expires_in is the string ${quote(ei, 20)}, not a number. Whether Alexa reads a string is not documented; if it does not, it falls back to the Default Access Token Expiration Time set in the console.`,
        `Return expires_in as a JSON number: "expires_in": ${n}.`, { title: `expires_in is the string ${quote(ei, 20)}, not a number` },
      );
    }
  } else {
    findings.set('token.expires-in', 'fail', `expires_in is ${JSON.stringify(ei)?.slice(0, 40)}, not a number of seconds.`, 'Return expires_in as a JSON number of seconds (at least 360).', { title: `expires_in is ${JSON.stringify(ei)?.slice(0, 20)}, not a number of seconds` });
  }
}
