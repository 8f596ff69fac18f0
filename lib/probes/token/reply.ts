// Reading one reply of a token endpoint: its headers, status line and body, and what its OAuth error code means.
// Untrusted text from the reply is quoted with `quote` before it goes into a finding. Client-safe: no I/O.

import { answerError, readTokenAnswer, type BodyShape } from '@/lib/probes/token-answer';
import { shortenRandomRuns } from '@/lib/probes/redact';
import type { OutboundResponse } from '@/lib/net';
import type { TokenProbeInput } from './input';

export type { BodyShape };

/**
 * Token replies larger than this are refused: a real one is a few hundred bytes of JSON, and reading more from a
 * hostile server only costs memory.
 */
export const TOKEN_REPLY_MAX_BYTES = 64 * 1024;

export type GrantType = TokenProbeInput['grant']['type'];

export function header(resp: Pick<OutboundResponse, 'headers'>, name: string): string | undefined {
  const n = name.toLowerCase();
  const values = resp.headers.filter(([k]) => k === n).map(([, v]) => v);
  return values.length ? values.join(', ') : undefined;
}

export function statusLine(resp: Pick<OutboundResponse, 'httpVersion' | 'status' | 'statusText'>): string {
  return `HTTP/${resp.httpVersion} ${resp.status}${resp.statusText ? ` ${resp.statusText}` : ''}`;
}

/** Quote untrusted text for a detail string: one line, bounded, no control characters, random-looking runs shortened. */
export function quote(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = shortenRandomRuns(text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim());
  return `“${clean.length > max ? `${clean.slice(0, max)}…` : clean}”`;
}

/** The reply's body read as a token answer (shared with the provider-quirks check). */
export function readBody(resp: Pick<OutboundResponse, 'body' | 'headers'>, maxBytes: number): BodyShape {
  return readTokenAnswer(resp.body, header(resp, 'content-type'), maxBytes);
}

/** The reply's error code, in whichever form it came: {"error": "…"}, error=… (form-encoded), or a provider's error object. */
export function oauthErrorOf(resp: Pick<OutboundResponse, 'body' | 'headers'>): string | undefined {
  return answerError(readBody(resp, TOKEN_REPLY_MAX_BYTES))?.code;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media);
}

const OAUTH_ERRORS: Record<string, (grant: GrantType) => { detail: string; fix: string }> = {
  invalid_grant: (grant) =>
    grant === 'authorization_code'
      ? {
          detail:
            'the authorization code was refused: it has expired, was already used, was issued to another client, or the redirect_uri does not match the one used when the code was issued. Alexa exchanges each code once, seconds after your login page redirects back to Alexa, with redirect_uri set to the Alexa redirect URL it sent to your authorization URI.',
          fix: 'For this probe, get a fresh code and send the same redirect URL it was issued for. If Alexa fails the same way, make your server accept redirect_uri values exactly as Alexa sends them (https://<region host>/api/skill/link/<vendor ID>) and keep codes valid for at least a minute.',
        }
      : {
          detail:
            'the refresh token was refused: it has expired, was revoked, or was replaced by a newer one. When Alexa’s refresh fails like this it deletes the tokens and the user has to link the account again.',
          fix: 'Keep refresh tokens valid for a long time (Amazon’s own do not expire), and if you rotate them, accept the previous one for a grace period.',
        },
  invalid_client: () => ({
    detail:
      'client authentication failed: the client ID or secret is wrong, or the server expects them in the other place (HTTP Basic header or request body). Alexa sends the Client ID and Client Secret from the skill’s account-linking settings, using the Client Authentication Scheme chosen there.',
    fix: 'Check the client ID and secret, and that the Client Authentication Scheme in the Alexa console matches what your server expects.',
  }),
  unauthorized_client: (grant) => ({
    detail: `this client is not allowed to use the ${grant} grant.`,
    fix: `Allow the ${grant === 'authorization_code' ? 'authorization code and refresh token grants' : 'refresh token grant'} for this client on your authorization server.`,
  }),
  unsupported_grant_type: (grant) => ({
    detail: `the server does not support grant_type=${grant} at this URL. Check that the Access Token URI really is the token endpoint.`,
    fix: 'Use your authorization server’s token endpoint as the Access Token URI, and enable the grant type there.',
  }),
  invalid_request: () => ({
    detail:
      'the server considers the request malformed or missing a parameter. Alexa sends only grant_type, code and redirect_uri (or refresh_token), plus client_id and client_secret in the body for “Credentials in request body”. A server that also requires, say, scope or a client_id in the body with HTTP Basic will fail for Alexa too.',
    fix: 'Make the token endpoint accept exactly the parameters Alexa sends.',
  }),
  invalid_scope: () => ({
    detail: 'the server refused the scope. Alexa does not send a scope to the token URI, so the server must not require one there.',
    fix: 'Do not require a scope parameter on the token request.',
  }),
  server_error: () => ({
    detail: 'the server reported an internal error.',
    fix: 'Check the authorization server’s logs for this request.',
  }),
  temporarily_unavailable: () => ({
    detail: 'the server says it is temporarily unavailable.',
    fix: 'Check the authorization server’s health and try again.',
  }),
};

export function explainOAuthError(code: string, grant: GrantType): { detail: string; fix: string } {
  const known = OAUTH_ERRORS[code];
  if (known) return known(grant);
  return {
    detail: 'this is not one of the standard OAuth error codes (RFC 6749 §5.2), so Alexa cannot act on it.',
    fix: 'Return a standard error code, and fix the cause shown in error_description.',
  };
}
