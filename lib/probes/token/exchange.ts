// The token request as Alexa sends it, and the exchanges of one probe run: each request sent through lib/net, its
// reply as the result shows it, and the secrets the reply carried (so that they can be redacted from the result).

import 'server-only';
import { type OutboundFailure, type OutboundResponse, safeFetch, type SafeFetchOptions, USER_AGENT } from '@/lib/net';
import { formEncode, type Secret } from '@/lib/probes/redact';
import type { ClientAuthScheme } from '@/lib/alexa';
import type { ExchangeRecord, ExchangeRequest, TokenProbeInput } from './input';
import { readBody, TOKEN_REPLY_MAX_BYTES, type BodyShape } from './reply';

/** Longest body shown in the exchange record. */
const SHOWN_BODY_CHARS = 8 * 1024;

/**
 * The grant as sent. The Link as Alexa rehearsal obtains its own code, with PKCE when the skill uses it, and then sends
 * the verifier with it as Alexa does; the token probe's input has none.
 */
export type SentGrant = TokenProbeInput['grant'] & { codeVerifier?: string };

/** What the probe sends: the form body and headers for one client-authentication scheme. */
export function buildTokenRequest(input: Pick<TokenProbeInput, 'clientId' | 'clientSecret'> & { grant: SentGrant }, scheme: ClientAuthScheme): {
  headers: Record<string, string>;
  body: string;
} {
  const params = new URLSearchParams();
  if (input.grant.type === 'authorization_code') {
    // Order as in a request Alexa was seen to send: grant_type, code, redirect_uri[, client_id, client_secret].
    params.append('grant_type', 'authorization_code');
    params.append('code', input.grant.code);
    params.append('redirect_uri', input.grant.redirectUri);
    if (input.grant.codeVerifier) params.append('code_verifier', input.grant.codeVerifier);
  } else {
    params.append('grant_type', 'refresh_token');
    params.append('refresh_token', input.grant.refreshToken);
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    // Amazon does not document which Accept header Alexa sends, so none is sent: a server that answers differently
    // depending on Accept (GitHub sends form-encoded tokens without `Accept: application/json`) is then caught here.
    // The request Alexa was seen to send came from Apache HttpClient 4.5, which asks for gzip/deflate by default.
    'Accept-Encoding': 'gzip,deflate',
    'User-Agent': USER_AGENT,
  };
  if (scheme === 'HTTP_BASIC') {
    // RFC 6749 §2.3.1: form-encode client_id and client_secret, then base64 "id:secret".
    headers.Authorization = `Basic ${Buffer.from(`${formEncode(input.clientId)}:${formEncode(input.clientSecret)}`, 'utf8').toString('base64')}`;
  } else {
    params.append('client_id', input.clientId);
    params.append('client_secret', input.clientSecret);
  }
  return { headers, body: params.toString() };
}

/** The secrets a run is given: they must not appear in its result, in any encoding. */
export function secretsOf(input: TokenProbeInput): Secret[] {
  const secrets: Secret[] = [{ value: input.clientSecret, label: 'client secret' }];
  if (input.grant.type === 'authorization_code') secrets.push({ value: input.grant.code, label: 'authorization code' });
  else secrets.push({ value: input.grant.refreshToken, label: 'refresh token' });
  return secrets;
}

/** One request sent: its record for the result, and the reply, or why none came. */
export type Attempt = { record: ExchangeRecord } & ({ response: OutboundResponse; failure?: undefined } | { failure: OutboundFailure; response?: undefined });

/** The token endpoint as one run calls it; every request goes to the same URL with the same fetch options. */
export class TokenExchange {
  /** Every request sent, in order: the first is the token request as configured, the others follow it up. */
  readonly records: ExchangeRecord[] = [];

  /** `secrets` grows with every token a reply carries. */
  constructor(
    private readonly input: TokenProbeInput,
    private readonly target: { url: URL; hostHeader: string },
    private readonly fetchOptions: SafeFetchOptions,
    private readonly secrets: Secret[],
  ) {}

  /**
   * Sends the configured grant (or `grant`, such as a refresh with a token a reply carried) with one
   * client-authentication scheme.
   * @throws TargetNotAllowed when the target (or its DNS answers) is refused: nothing was sent.
   */
  async send(scheme: ClientAuthScheme, purpose: ExchangeRecord['purpose'], grant: TokenProbeInput['grant'] = this.input.grant): Promise<Attempt> {
    const { url, hostHeader } = this.target;
    const req = buildTokenRequest({ ...this.input, grant }, scheme);
    const result = await safeFetch(url, { ...this.fetchOptions, headers: req.headers, body: req.body });
    const request: ExchangeRequest = {
      method: 'POST',
      url: url.href,
      headers: [['Host', hostHeader], ...Object.entries(req.headers), ['Content-Length', String(Buffer.byteLength(req.body))], ['Connection', 'close']],
      body: req.body,
    };
    const attempt = result.ok ? this.received(purpose, request, result.response) : failed(purpose, request, result.failure);
    this.records.push(attempt.record);
    return attempt;
  }

  private received(purpose: ExchangeRecord['purpose'], request: ExchangeRequest, r: OutboundResponse): Attempt {
    const text = r.body.toString('utf8');
    collectSecrets(readBody(r, TOKEN_REPLY_MAX_BYTES), this.secrets);
    return {
      response: r,
      record: {
        purpose,
        request,
        response: {
          status: r.status,
          statusText: r.statusText,
          httpVersion: r.httpVersion,
          headers: r.headers,
          body: text.length > SHOWN_BODY_CHARS ? text.slice(0, SHOWN_BODY_CHARS) : text,
          bodyBytes: r.body.length,
          bodyTruncated: text.length > SHOWN_BODY_CHARS,
        },
        timing: r.timing,
      },
    };
  }
}

function failed(purpose: ExchangeRecord['purpose'], request: ExchangeRequest, f: OutboundFailure): Attempt {
  return {
    failure: f,
    record: { purpose, request, failure: { kind: f.kind, phase: f.phase, ...(f.code ? { code: f.code } : {}), message: f.message }, timing: f.timing },
  };
}

/** Keys whose string values in a token reply are secrets. */
const SECRET_KEY = /(^|_)(access|refresh|id)_?token$|^token$|secret|password|^code$|^session/i;

/** Adds every token a reply carries (its secret-named fields) to `into`, so that they are redacted everywhere. */
export function collectSecrets(shape: BodyShape, into: Secret[]): void {
  const visit = (v: unknown, key: string, depth: number) => {
    if (depth > 32) return;
    if (typeof v === 'string') {
      if (SECRET_KEY.test(key) && !/^token_type$/i.test(key) && v.length > 0) into.push({ value: v, label: key.toLowerCase().includes('refresh') ? 'refresh token' : 'token' });
      return;
    }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) visit(x, Array.isArray(v) ? key : k, depth + 1);
  };
  if (shape.kind === 'object') visit(shape.value, '', 0);
  if (shape.kind === 'form') for (const [k, v] of shape.params) visit(v, k, 0);
}

/** A failed request in words, with its error code. */
export function describeFailure(f: OutboundFailure): string {
  return f.code ? `${f.message} (${f.code})` : f.message;
}
