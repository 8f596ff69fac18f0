// The authorization request exactly as Alexa sends it — client_id, response_type=code, scope, a long state, the
// region's redirect_uri, and the PKCE challenge (S256) when the skill uses PKCE — built by the login page probe's
// buildAuthorizationRequest, with a fresh state and a real challenge for each region. And URLs as the rehearsal shows
// them: the values of state, code, PKCE and token parameters left out.

import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { buildAuthorizationRequest, REALISTIC_STATE_LENGTH } from '@/lib/probes/login-page/authorization-request';
import type { LinkInput } from './input';

export interface AuthorizationRequest {
  url: string;
  /** What the server must send back unchanged. */
  state: string;
  /** Sent with the code to the token URI when PKCE is on. */
  codeVerifier?: string;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A state shaped like Alexa's (they start with "A2SAAEAE" and run to 600+ characters of base64url), fresh each time so
 * that a server that hands back an old one is caught.
 */
function freshState(): string {
  return `A2SAAEAE${base64url(randomBytes(REALISTIC_STATE_LENGTH))}`.slice(0, REALISTIC_STATE_LENGTH);
}

/** The request Alexa opens for one region's redirect URL. */
export function authorizationRequest(input: LinkInput, redirectUri: string): AuthorizationRequest {
  const state = freshState();
  const built = buildAuthorizationRequest({ authorizationUri: input.authorizationUri, clientId: input.clientId, responseType: 'code', scopes: input.scopes ?? [], redirectUri, state, pkce: false });
  // The input was validated as a URL: the request can always be built.
  let url = built.url ?? input.authorizationUri;
  if (!input.pkce) return { url, state };
  // RFC 7636: a 43–128 character verifier, and its SHA-256 in base64url as the challenge.
  const codeVerifier = base64url(randomBytes(48));
  const challenge = base64url(createHash('sha256').update(codeVerifier).digest());
  url += `&code_challenge=${challenge}&code_challenge_method=S256`;
  return { url, state, codeVerifier };
}

/** Parameters whose values a shown URL leaves out: the state, codes, PKCE values, secrets, tokens and sessions. */
const HIDDEN_PARAMS = new Set(['state', 'code', 'code_challenge', 'code_verifier', 'password', 'client_secret']);
const hidden = (name: string) => {
  const lower = name.toLowerCase();
  return HIDDEN_PARAMS.has(lower) || lower.includes('token') || lower.startsWith('session');
};

/** A URL as the rehearsal shows it: those parameters' values replaced by "…", at most 500 characters. */
export function shownUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw.slice(0, 200);
  }
  const hide = (params: URLSearchParams) => {
    for (const name of new Set(params.keys())) if (hidden(name)) params.set(name, '…');
  };
  hide(u.searchParams);
  if (u.hash.includes('=')) {
    const fragment = new URLSearchParams(u.hash.slice(1));
    hide(fragment);
    u.hash = fragment.toString();
  }
  const text = u.href.replace(/%E2%80%A6/g, '…');
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
