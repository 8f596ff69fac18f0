// Finding ids, titles and tree nodes of the token probe, and the checks that read one token response.
// Import-safe (no I/O).

import { parseJson } from '@/lib/json';
import { shortenRandomRuns } from '@/lib/probes/redact';
import type { OutboundResponse, TlsInfo } from '@/lib/net';
import type { Finding, FindingStatus } from '@/lib/probes/findings';

/** Every finding the token probe reports, in display order. */
export const TOKEN_FINDING_IDS = [
  'token.https',
  'token.port',
  'token.tls',
  'token.reachable',
  'token.response-time',
  'token.redirect',
  'token.status',
  'token.client-auth',
  'token.oauth-error',
  'token.content-type',
  'token.json',
  'token.access-token',
  'token.token-type',
  'token.expires-in',
  'token.refresh-token',
  'token.cache-control',
  'token.rotation',
] as const;
export type TokenFindingId = (typeof TOKEN_FINDING_IDS)[number];

/** The tree node that explains each finding. One place to retarget them. */
export const TOKEN_FINDING_NODES: Record<TokenFindingId, string> = {
  'token.https': 'tip-https-ca',
  'token.port': 'tip-https-ca',
  'token.tls': 'tip-https-ca',
  'token.reachable': 'token-exchange',
  'token.response-time': 'token-response-time',
  'token.redirect': 'token-server-error',
  'token.status': 'tip-200-ok',
  'token.client-auth': 'tip-client-auth',
  'token.oauth-error': 'token-server-error',
  'token.content-type': 'tip-json-not-params',
  'token.json': 'tip-json-not-params',
  'token.access-token': 'token-server-error',
  'token.token-type': 'token-exchange',
  'token.expires-in': 'token-lifetime-too-short',
  'token.refresh-token': 'relink-later',
  'token.cache-control': 'token-exchange',
  'token.rotation': 'refresh-token-revoked-early',
};

export const TOKEN_FINDING_TITLES: Record<TokenFindingId, string> = {
  'token.https': 'The token URI uses HTTPS',
  'token.port': 'The token URI uses port 443',
  'token.tls': 'The certificate is trusted, valid and for this host',
  'token.reachable': 'The server can be reached and answers',
  'token.response-time': 'It answers within 4.5 seconds',
  'token.redirect': 'It answers without redirecting',
  'token.status': 'It answers HTTP 200',
  'token.client-auth': 'It accepts the client credentials as Alexa sends them',
  'token.oauth-error': 'It returns no OAuth error',
  'token.content-type': 'The reply is declared as JSON',
  'token.json': 'The reply is a JSON object',
  'token.access-token': 'It returns an access token',
  'token.token-type': 'token_type is "bearer"',
  'token.expires-in': 'The access token lasts at least six minutes',
  'token.refresh-token': 'It returns a refresh token',
  'token.cache-control': 'The reply says Cache-Control: no-store',
  'token.rotation': 'A refresh token still works when Alexa retries',
};


/** Ordered, mutable set of findings; unset ones end as `skip`. */
export class FindingSet {
  private readonly map = new Map<TokenFindingId, Finding>();

  set(id: TokenFindingId, status: FindingStatus, detail: string, fix = ''): void {
    this.map.set(id, { id, status, title: TOKEN_FINDING_TITLES[id], detail, fix, node: TOKEN_FINDING_NODES[id] });
  }

  has(id: TokenFindingId): boolean {
    return this.map.has(id);
  }

  get(id: TokenFindingId): Finding | undefined {
    return this.map.get(id);
  }

  /** Add a note (e.g. " (from the retry …)") to the detail of findings that were evaluated, i.e. not skipped. */
  annotate(ids: ReadonlyArray<TokenFindingId>, note: string): void {
    for (const id of ids) {
      const f = this.map.get(id);
      if (f && f.status !== 'skip' && !f.detail.includes(note)) this.map.set(id, { ...f, detail: `${f.detail.replace(/\.$/, '')}${note}.` });
    }
  }

  /** Mark every finding not yet set as skipped, with a reason. */
  skipRest(reason: string): void {
    for (const id of TOKEN_FINDING_IDS) if (!this.map.has(id)) this.set(id, 'skip', reason);
  }

  list(): Finding[] {
    return TOKEN_FINDING_IDS.map((id) => this.map.get(id)).filter((f): f is Finding => f !== undefined);
  }
}

// ---- Reading a response ------------------------------------------------------------------------------------------

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

export type BodyShape =
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'json-other'; type: string }
  | { kind: 'form'; params: URLSearchParams }
  | { kind: 'html' }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string; reason: string };

const FORM_RE = /^[A-Za-z0-9_.~%+-]+=[^&]*(&[A-Za-z0-9_.~%+-]+=[^&]*)*$/;

export function readBody(resp: Pick<OutboundResponse, 'body' | 'headers'>, maxBytes: number): BodyShape {
  const text = resp.body.toString('utf8');
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const parsed = parseJson(resp.body, { maxBytes, maxDepth: 32 });
  if (parsed.ok) {
    const v = parsed.value;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { kind: 'object', value: v as Record<string, unknown> };
    return { kind: 'json-other', type: v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}` };
  }
  const ct = (header(resp, 'content-type') ?? '').toLowerCase();
  if (ct.includes('application/x-www-form-urlencoded') || FORM_RE.test(trimmed)) {
    return { kind: 'form', params: new URLSearchParams(trimmed) };
  }
  if (ct.includes('text/html') || /^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(trimmed)) return { kind: 'html' };
  return { kind: 'invalid', message: parsed.error.message, reason: parsed.error.reason };
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media);
}

const OAUTH_ERRORS: Record<string, (grant: 'authorization_code' | 'refresh_token') => { detail: string; fix: string }> = {
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

export function explainOAuthError(code: string, grant: 'authorization_code' | 'refresh_token'): { detail: string; fix: string } {
  const known = OAUTH_ERRORS[code];
  if (known) return known(grant);
  return {
    detail: 'this is not one of the standard OAuth error codes (RFC 6749 §5.2), so Alexa cannot act on it.',
    fix: 'Return a standard error code, and fix the cause shown in error_description.',
  };
}

export function describeTls(tls: TlsInfo): string {
  const leaf = tls.chain[0];
  if (!leaf) return 'No certificate was seen.';
  const cn = /CN=([^,]+)/.exec(leaf.subject)?.[1] ?? leaf.subject;
  const issuerOrg = /O=([^,]+)/.exec(leaf.issuer)?.[1];
  const issuerCn = /CN=([^,]+)/.exec(leaf.issuer)?.[1];
  const issuer = [issuerOrg, issuerCn].filter(Boolean).join(', ') || leaf.issuer;
  return `The certificate for ${cn} is issued by ${issuer} and valid until ${leaf.validTo}`;
}

export function isLetsEncrypt(tls: TlsInfo): boolean {
  return tls.chain.some((c) => /Let's Encrypt|ISRG Root/i.test(c.issuer) || /Let's Encrypt/i.test(c.subject));
}
