// (import-safe for tests). The token probe: calls a developer's access token URI the way Alexa does and
// reports, check by check, what Alexa would reject. All network access goes through ./outbound.
// Secrets (client secret, code, refresh token, returned tokens) are never logged and are redacted from the result in
// every encoding (./redact). This module must not call console.* with any input.

import 'server-only';
import {
  checkTarget,
  portAllowed,
  resolvePolicy,
  safeFetch,
  USER_AGENT,
  type LookupFn,
  type OutboundFailure,
  type OutboundResponse,
  type ProbePolicy,
  type SafeFetchOptions,
  type Timing,
} from '@/lib/net';
import { createRedactor, formEncode, type Secret } from '@/lib/probes/redact';
import { tokenProbeInputSchema, type TokenProbeInput } from './input';
import { CLIENT_AUTH_SCHEME_LABELS, type ClientAuthScheme } from '@/lib/alexa';
import { describeTls, explainOAuthError, FindingSet, header, isJsonMediaType, isLetsEncrypt, quote, readBody, statusLine, type BodyShape } from './findings';
import { ALEXA_MIN_EXPIRES_IN, ALEXA_TOKEN_DEADLINE_MS } from '@/lib/alexa';
import type { ExchangeRecord, ExchangeRequest, TokenProbeResult } from './input';
import { defineProbe } from '@/lib/probes/definition';
import { formText } from '@/lib/form-data';


/** Token replies larger than this are refused (security.md requirement 7). */
export const TOKEN_REPLY_MAX_BYTES = 64 * 1024;
/** The probe's own deadline per request (Alexa's is 4.5 s; waiting longer lets us say how slow it is). */
export const TOKEN_PROBE_TOTAL_MS = 10_000;
/** Longest body shown in the exchange record. */
const SHOWN_BODY_CHARS = 8 * 1024;

export interface TokenProbeOptions {
  /** Defaults to PROBE_ALLOW_PRIVATE from the environment; tests inject the harness policy. */
  policy?: ProbePolicy;
  /** TEST ONLY: DNS lookup. */
  lookup?: LookupFn;
  /** TEST ONLY: extra trusted CAs (added to Node's roots; see safeFetch's `ca`). */
  ca?: SafeFetchOptions['ca'];
  /** Per-request deadlines; `total` defaults to 10 s. */
  timeouts?: SafeFetchOptions['timeouts'];
}

type Grant = TokenProbeInput['grant'];

/** What the probe sends: the form body and headers for one client-authentication scheme. */
export function buildTokenRequest(input: Pick<TokenProbeInput, 'clientId' | 'clientSecret' | 'grant'>, scheme: ClientAuthScheme): {
  headers: Record<string, string>;
  body: string;
} {
  const params = new URLSearchParams();
  if (input.grant.type === 'authorization_code') {
    // Order as in a request Alexa was seen to send: grant_type, code, redirect_uri[, client_id, client_secret].
    params.append('grant_type', 'authorization_code');
    params.append('code', input.grant.code);
    params.append('redirect_uri', input.grant.redirectUri);
  } else {
    params.append('grant_type', 'refresh_token');
    params.append('refresh_token', input.grant.refreshToken);
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    // Alexa's Accept header is not documented (alexa-facts.md §1), so none is sent: a server that answers differently
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

const otherScheme = (s: ClientAuthScheme): ClientAuthScheme => (s === 'HTTP_BASIC' ? 'REQUEST_BODY_CREDENTIALS' : 'HTTP_BASIC');

interface Attempt {
  record: ExchangeRecord;
  response?: OutboundResponse;
  failure?: OutboundFailure;
}

/** Keys whose string values in a token reply are secrets. */
const SECRET_KEY = /(^|_)(access|refresh|id)_?token$|^token$|secret|password|^code$|^session/i;

function collectSecrets(shape: BodyShape, into: Secret[]): void {
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

function describeFailure(f: OutboundFailure): string {
  return f.code ? `${f.message} (${f.code})` : f.message;
}

function roundSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * Run the token probe. `rawInput` is validated with tokenProbeInputSchema (throws ZodError when invalid).
 * @throws TargetNotAllowed when the token URI (or its DNS answers) is not a public https target.
 */
export async function runTokenProbe(rawInput: unknown, options: TokenProbeOptions = {}): Promise<TokenProbeResult> {
  const input = tokenProbeInputSchema.parse(rawInput);
  const policy = resolvePolicy(options.policy);
  const privateMode = policy.allowPrivate;
  const findings = new FindingSet();
  const followUps: ExchangeRecord[] = [];
  const secrets: Secret[] = [{ value: input.clientSecret, label: 'client secret' }];
  if (input.grant.type === 'authorization_code') secrets.push({ value: input.grant.code, label: 'authorization code' });
  else secrets.push({ value: input.grant.refreshToken, label: 'refresh token' });

  const finish = (exchange: ExchangeRecord | null, timing: Timing): TokenProbeResult => {
    const redactor = createRedactor(secrets, [{ id: input.clientId, secret: input.clientSecret }]);
    const list = findings.list();
    const ok = !list.some((f) => f.status === 'fail') && findings.get('token.access-token')?.status === 'pass';
    return redactor.redactDeep({ probe: 'token', ok, findings: list, timing, exchange, followUps, privateMode });
  };

  const url = new URL(input.tokenUri);
  // --- token.https: never send anything over plain http (RFC 6749 §3.2; H2).
  if (url.protocol !== 'https:') {
    findings.set(
      'token.https',
      'fail',
      `The token URI starts with ${url.protocol}// — Alexa only calls https token URIs, and the client secret and code must never travel unencrypted. Link Doctor sent nothing.`,
      'Serve the token endpoint over https (port 443) with a certificate from a publicly trusted authority, and enter the https URL in the Alexa console.',
    );
    findings.skipRest('Not checked: the token URI is not https, so nothing was sent.');
    return finish(null, { total: 0 });
  }
  findings.set('token.https', 'pass', 'The token URI uses https.');

  // --- token.port
  const port = url.port === '' ? 443 : Number(url.port);
  if (port === 443) findings.set('token.port', 'pass', 'The token URI uses the standard https port, 443.');
  else
    findings.set(
      'token.port',
      'warn',
      `The token URI uses port ${port}. Amazon requires port 443 for the authorization URI, and its rules for the token URI are not fully published.`,
      'Serve the token endpoint on port 443.',
    );
  // Outside local development Link Doctor calls only the standard ports, so the port itself is the finding.
  if (!portAllowed(port, policy)) {
    findings.set(
      'token.port',
      'fail',
      `The token URI uses port ${port}. Alexa expects https on port 443, and Link Doctor does not call other ports, so it sent nothing.`,
      'Serve the token endpoint on port 443 and enter that URL in the Alexa console.',
    );
    findings.skipRest('Not checked: the token URI is not on port 443, so nothing was sent.');
    return finish(null, { total: 0 });
  }

  // Refused targets (private address, port, credentials in the URL, control characters in it as written …) throw
  // TargetNotAllowed here, before anything is sent; names are checked again against their DNS answers inside safeFetch.
  const target = checkTarget(input.tokenUri, { policy });

  const fetchOptions = (): SafeFetchOptions => ({
    method: 'POST',
    followRedirects: 0, // a 307 would replay the client secret to another host: report redirects, never follow
    maxBodyBytes: TOKEN_REPLY_MAX_BYTES,
    timeouts: { total: TOKEN_PROBE_TOTAL_MS, ...options.timeouts },
    policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  });

  const send = async (scheme: ClientAuthScheme, purpose: ExchangeRecord['purpose'], grant: Grant): Promise<Attempt> => {
    const req = buildTokenRequest({ clientId: input.clientId, clientSecret: input.clientSecret, grant }, scheme);
    // Throws TargetNotAllowed for a refused target: nothing was sent.
    const result = await safeFetch(url, { ...fetchOptions(), headers: req.headers, body: req.body });
    const request: ExchangeRequest = {
      method: 'POST',
      url: url.href,
      headers: [
        ['Host', target.hostHeader],
        ...Object.entries(req.headers),
        ['Content-Length', String(Buffer.byteLength(req.body))],
        ['Connection', 'close'],
      ],
      body: req.body,
    };
    if (!result.ok) {
      const f = result.failure;
      return {
        failure: f,
        record: { purpose, request, failure: { kind: f.kind, phase: f.phase, ...(f.code ? { code: f.code } : {}), message: f.message }, timing: f.timing },
      };
    }
    const r = result.response;
    const text = r.body.toString('utf8');
    collectSecrets(readBody(r, TOKEN_REPLY_MAX_BYTES), secrets);
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
  };

  const grantName = input.grant.type;
  const primary = await send(input.scheme, 'token-request', input.grant);

  // --- Network-level failure: reachable / tls / response-time.
  if (primary.failure) {
    const f = primary.failure;
    if (f.kind === 'tls' && f.tls) evaluateTls(findings, f.tls, f);
    else if (f.kind === 'timeout' && f.phase === 'tls') {
      findings.set('token.tls', 'fail', f.message, 'Make sure the server completes the TLS handshake (is TLS actually configured on this port?).');
    } else if (f.tls) evaluateTls(findings, f.tls);
    else findings.set('token.tls', 'skip', 'Not checked: no TLS connection was made.');
    if (f.kind === 'too-large') {
      findings.set('token.reachable', 'pass', `The server answered${f.status ? ` with HTTP ${f.status}` : ''}.`);
      findings.set(
        'token.json',
        'fail',
        `The reply is larger than ${TOKEN_REPLY_MAX_BYTES / 1024} KB (${f.message}). A token reply is a few hundred bytes of JSON.`,
        'Return only the token JSON from the token endpoint.',
      );
    } else {
      findings.set(
        'token.reachable',
        'fail',
        f.kind === 'tls' ? `The TLS handshake failed, so nothing was sent: ${describeFailure(f)}` : describeFailure(f),
        f.kind === 'dns'
          ? 'Check the host name in the Access Token URI, and that it resolves in public DNS.'
          : f.kind === 'connect'
            ? 'Make sure the token endpoint is reachable from the internet on this port (firewall, security groups, load balancer).'
            : f.kind === 'tls'
              ? 'Fix the certificate problem described under the TLS finding.'
              : f.kind === 'timeout'
                ? 'Make the token endpoint answer quickly; Alexa gives up after 4.5 seconds.'
                : 'Make the token endpoint return a well-formed HTTP response.',
      );
    }
    if (f.kind === 'timeout') {
      findings.set(
        'token.response-time',
        'fail',
        `No complete answer within ${roundSeconds(f.timing.total)}; Alexa waits only 4.5 seconds.`,
        'Make the token endpoint answer within 4.5 seconds, including TLS setup.',
      );
    } else if (f.status !== undefined) {
      evaluateTime(findings, f.timing.total);
    }
    findings.skipRest('Not checked: no complete reply came back.');
    return finish(primary.record, f.timing);
  }

  const first = primary.response as OutboundResponse;
  if (first.tls) evaluateTls(findings, first.tls);
  findings.set('token.reachable', 'pass', `The server answered: ${statusLine(first)}.`);
  evaluateTime(findings, first.timing.total);

  // --- Redirects are never followed for the token request (H31).
  if (first.redirect || (first.status >= 300 && first.status < 400)) {
    const loc = first.redirect?.resolved ?? header(first, 'location') ?? '(no Location header)';
    findings.set(
      'token.redirect',
      'fail',
      `The token URI answered ${statusLine(first)} with Location: ${quote(loc, 200)}. Alexa expects the tokens from this URL itself, and following a ${first.status} would resend the client secret to that address, so Link Doctor did not follow it.`,
      'Enter the final URL (where the tokens actually come from) as the Access Token URI in the Alexa console, or stop the server redirecting (e.g. a trailing-slash or http→https rule).',
    );
  } else {
    findings.set('token.redirect', 'pass', 'The reply is not a redirect.');
  }

  // --- Client authentication: one retry with the other scheme when the credentials were refused.
  let evaluated = first;
  let evaluatedNote = '';
  const firstShape = readBody(first, TOKEN_REPLY_MAX_BYTES);
  const firstError = firstShape.kind === 'object' && typeof firstShape.value.error === 'string' ? firstShape.value.error : undefined;
  const rejected = (r: OutboundResponse, shape: BodyShape) =>
    r.status === 401 || (shape.kind === 'object' && shape.value.error === 'invalid_client');
  let schemeThatWorks: ClientAuthScheme | null = null;
  if (rejected(first, firstShape)) {
    const alt = otherScheme(input.scheme);
    const retry = await send(alt, 'client-auth-retry', input.grant);
    followUps.push(retry.record);
    const used = CLIENT_AUTH_SCHEME_LABELS[input.scheme];
    const altLabel = CLIENT_AUTH_SCHEME_LABELS[alt];
    const firstEvidence = `${statusLine(first)}${firstError ? `, error ${quote(firstError, 60)}` : ''}`;
    if (retry.response) {
      const rs = readBody(retry.response, TOKEN_REPLY_MAX_BYTES);
      const retryError = rs.kind === 'object' && typeof rs.value.error === 'string' ? rs.value.error : undefined;
      if (!rejected(retry.response, rs)) {
        schemeThatWorks = alt;
        const worked = retry.response.status === 200;
        findings.set(
          'token.client-auth',
          'fail',
          `With ${used} the server refused the client credentials (${firstEvidence}). Sent once more with ${altLabel}, it ${
            worked ? `accepted them (${statusLine(retry.response)})` : `got past client authentication (${statusLine(retry.response)}${retryError ? `, error ${quote(retryError, 60)}` : ''})`
          }, so ${altLabel} is the scheme this server expects.`,
          `In the Alexa developer console, under Account Linking, set Client Authentication Scheme to “${altLabel}”.`,
        );
        evaluated = retry.response;
        evaluatedNote = ` (from the retry with ${altLabel})`;
      } else {
        findings.set(
          'token.client-auth',
          'fail',
          `The server refused the client credentials with both schemes: ${used} (${firstEvidence}) and ${altLabel} (${statusLine(retry.response)}${retryError ? `, error ${quote(retryError, 60)}` : ''}). The client ID or secret is probably wrong${/[^A-Za-z0-9._~-]/.test(input.clientSecret + input.clientId) ? ', or the server decodes special characters in them differently' : ''}.`,
          'Check the client ID and secret against your authorization server’s client registration, and enter the same values in the Alexa console.',
        );
      }
    } else if (retry.failure) {
      findings.set(
        'token.client-auth',
        'fail',
        `With ${used} the server refused the client credentials (${firstEvidence}). The retry with ${altLabel} failed: ${describeFailure(retry.failure)}.`,
        'Check the client ID and secret, and the Client Authentication Scheme in the Alexa console.',
      );
    }
  } else if (first.status === 200 || (firstError && firstError !== 'invalid_client')) {
    schemeThatWorks = input.scheme;
    const specials = /[^A-Za-z0-9._~-]/.test(input.clientSecret) || /[^A-Za-z0-9._~-]/.test(input.clientId);
    const accepted = first.status === 200 ? 'accepted' : `did not refuse (it answered ${quote(firstError ?? '', 40)}, not invalid_client)`;
    if (input.scheme === 'HTTP_BASIC' && specials) {
      findings.set(
        'token.client-auth',
        'warn',
        `The server ${accepted} the credentials sent with HTTP Basic, form-encoded before base64 as RFC 6749 §2.3.1 says. The client ID or secret contains characters other than letters, digits and . _ ~ -; whether Alexa form-encodes them is not documented, and servers disagree.`,
        'Use a client secret (and ID) made only of letters, digits and . _ ~ - to rule this out.',
      );
    } else {
      findings.set('token.client-auth', 'pass', `The server ${accepted} the client credentials sent with ${CLIENT_AUTH_SCHEME_LABELS[input.scheme]}.`);
    }
  } else if (first.redirect) {
    findings.set('token.client-auth', 'skip', 'Not checked: the server redirected instead of answering.');
  } else {
    findings.set('token.client-auth', 'skip', `Not clear: the server answered ${statusLine(first)} without an OAuth error code.`);
  }

  // What Alexa itself would get: the status and error of the reply to the configured scheme.
  evaluateStatus(findings, first, grantName);
  // The reply's format, from the reply that got past client authentication (the retry, when it did).
  evaluateContent(findings, evaluated, evaluatedNote, grantName);
  if (evaluatedNote) findings.annotate(['token.access-token', 'token.token-type', 'token.expires-in', 'token.refresh-token', 'token.cache-control'], evaluatedNote);

  // --- Rotation: only for a refresh grant, and only when asked (it uses the refresh token twice).
  if (input.grant.type !== 'refresh_token') {
    findings.set('token.rotation', 'skip', 'Only checked for a refresh-token grant.');
  } else if (!input.checkRotation) {
    findings.set('token.rotation', 'skip', 'Not requested. (The check sends the same refresh token twice, which may use it up.)');
  } else if (evaluated.status !== 200 || !schemeThatWorks) {
    findings.set('token.rotation', 'skip', 'Not checked: the first refresh did not succeed.');
  } else {
    const second = await send(schemeThatWorks, 'rotation-second-refresh', input.grant);
    followUps.push(second.record);
    if (second.response) {
      const s = readBody(second.response, TOKEN_REPLY_MAX_BYTES);
      const err = s.kind === 'object' && typeof s.value.error === 'string' ? s.value.error : undefined;
      if (second.response.status === 200 && !err) {
        findings.set('token.rotation', 'pass', 'The same refresh token was accepted a second time right away, so a retried refresh from Alexa still works.');
      } else {
        findings.set(
          'token.rotation',
          'warn',
          `The same refresh token, sent again right away, was refused (${statusLine(second.response)}${err ? `, error ${quote(err, 60)}` : ''}): the server rotates refresh tokens with no grace period. If Alexa does not receive the reply to a refresh (a timeout or network error) and retries, the retry fails, and the user has to link the account again. Note: this check has used up the refresh token you entered.`,
          'Accept the previous refresh token for a short grace period after issuing a new one (for example 30–60 seconds), or do not rotate refresh tokens.',
        );
      }
    } else if (second.failure) {
      findings.set('token.rotation', 'skip', `Not clear: the second refresh failed: ${describeFailure(second.failure)}.`);
    }
  }

  findings.skipRest('Not checked.');
  return finish(primary.record, first.timing);
}

function evaluateTime(findings: FindingSet, totalMs: number): void {
  if (totalMs > ALEXA_TOKEN_DEADLINE_MS) {
    findings.set(
      'token.response-time',
      'fail',
      `The reply took ${roundSeconds(totalMs)}; Alexa gives up after 4.5 seconds.`,
      'Make the token endpoint answer within 4.5 seconds, including DNS, connection and TLS setup (watch cold starts of serverless functions).',
    );
  } else {
    findings.set('token.response-time', 'pass', `The reply took ${roundSeconds(totalMs)} (Alexa allows 4.5 s).`);
  }
}

function evaluateTls(findings: FindingSet, tls: NonNullable<OutboundResponse['tls']>, failure?: OutboundFailure): void {
  if (failure || !tls.authorized) {
    const code = tls.errorCode ?? failure?.code;
    const what = tls.errorMessage ?? failure?.message ?? 'The certificate could not be verified.';
    const fix =
      code === 'CERT_HAS_EXPIRED'
        ? 'Renew the certificate.'
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? `Install a certificate that names ${tls.servername}.`
          : code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
            ? 'Configure the server to send the full chain (its certificate followed by the intermediate certificates), and use a certificate from a publicly trusted authority.'
            : code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN'
              ? 'Use a certificate from a publicly trusted authority; Alexa does not accept self-signed certificates for account linking.'
              : 'Use a valid certificate from a publicly trusted authority, and TLS 1.2 or later.';
    const seen = tls.chain.length ? ` ${describeTls(tls)}.` : '';
    findings.set('token.tls', 'fail', `${what}${code ? ` (${code})` : ''}${seen}`, fix);
    return;
  }
  const leaf = tls.chain[0];
  const validTo = leaf?.validToIso ? Date.parse(leaf.validToIso) : NaN;
  const daysLeft = Number.isNaN(validTo) ? Infinity : (validTo - Date.now()) / 86_400_000;
  if (isLetsEncrypt(tls)) {
    findings.set(
      'token.tls',
      'warn',
      `${describeTls(tls)}. Amazon’s account-linking requirements say Let’s Encrypt certificates are not accepted, even though browsers trust them; whether this is still enforced is not confirmed.`,
      'If linking fails at the token step, use a certificate from another publicly trusted authority.',
    );
  } else if (daysLeft < 14) {
    findings.set('token.tls', 'warn', `${describeTls(tls)}: it expires in ${Math.max(0, Math.floor(daysLeft))} days.`, 'Renew the certificate soon.');
  } else {
    findings.set('token.tls', 'pass', `${describeTls(tls)}; it is trusted and names ${tls.servername}${tls.protocol ? ` (${tls.protocol})` : ''}.`);
  }
}

function evaluateStatus(findings: FindingSet, r: OutboundResponse, grant: 'authorization_code' | 'refresh_token'): void {
  const note = '';
  const isRedirect = !!r.redirect || (r.status >= 300 && r.status < 400);
  const line = statusLine(r);
  const shape = readBody(r, TOKEN_REPLY_MAX_BYTES);
  const obj = shape.kind === 'object' ? shape.value : null;
  const error = obj && typeof obj.error === 'string' ? obj.error : undefined;

  // --- token.status
  if (r.status === 200) findings.set('token.status', 'pass', `The server answered ${line}${note}.`);
  else
    findings.set(
      'token.status',
      'fail',
      `The server answered ${line}${note}; Alexa needs HTTP 200 with the tokens.${isRedirect ? ' (A redirect: see the redirect finding.)' : ''}`,
      r.status === 401 || error === 'invalid_client'
        ? 'See the client-authentication finding.'
        : error
          ? 'See the OAuth error finding.'
          : 'Make the token endpoint answer HTTP 200 with the token JSON for a valid request.',
    );

  // --- token.oauth-error
  if (error) {
    const description = obj && typeof obj.error_description === 'string' ? ` error_description: ${quote(obj.error_description, 200)}.` : '';
    const ex = explainOAuthError(error, grant);
    findings.set('token.oauth-error', 'fail', `The server answered with the OAuth error ${quote(error, 60)}${note}: ${ex.detail}${description}`, ex.fix);
  } else if (r.status === 200) {
    findings.set('token.oauth-error', 'pass', 'No OAuth error in the reply.');
  } else if (isRedirect) {
    findings.set('token.oauth-error', 'skip', 'Not checked: the server redirected.');
  } else {
    findings.set(
      'token.oauth-error',
      'warn',
      `The server answered ${line}${note} without a standard OAuth error body ({"error": "…"}, RFC 6749 §5.2), so neither Alexa nor your logs can tell what went wrong.`,
      'Return errors as JSON with an "error" code (invalid_grant, invalid_client …) and an error_description.',
    );
  }

}

function evaluateContent(findings: FindingSet, r: OutboundResponse, note: string, grant: 'authorization_code' | 'refresh_token'): void {
  const isRedirect = !!r.redirect || (r.status >= 300 && r.status < 400);
  const shape = readBody(r, TOKEN_REPLY_MAX_BYTES);
  const obj = shape.kind === 'object' ? shape.value : null;
  if (isRedirect) {
    for (const id of ['token.content-type', 'token.json'] as const) findings.set(id, 'skip', 'Not checked: the reply is a redirect.');
  }

  // --- token.content-type
  const ct = header(r, 'content-type');
  if (isRedirect) {
    // checked above
  } else if (isJsonMediaType(ct)) findings.set('token.content-type', 'pass', `Content-Type: ${quote(ct ?? '', 80)}${note}.`);
  else
    findings.set(
      'token.content-type',
      'fail',
      ct ? `The reply is declared as Content-Type: ${quote(ct, 80)}${note}, not application/json.` : `The reply has no Content-Type header${note}; it should be application/json.`,
      'Send Content-Type: application/json (with charset=UTF-8 if you like) on token replies.',
    );

  // --- token.json
  if (!isRedirect) switch (shape.kind) {
    case 'object':
      findings.set('token.json', 'pass', `The reply is a JSON object${note}.`);
      break;
    case 'form':
      findings.set(
        'token.json',
        'fail',
        `The reply is form-encoded text (with the fields ${[...shape.params.keys()].slice(0, 6).map((k) => quote(k, 30)).join(', ')}), not JSON${note}. GitHub’s token endpoint, for example, answers like this unless the request says Accept: application/json, and Alexa is not known to send that header.`,
        'Return the tokens as a JSON object. If your provider needs Accept: application/json for that (GitHub does), put a small proxy in front of it that adds the header, and use the proxy as the Access Token URI.',
      );
      break;
    case 'html':
      findings.set(
        'token.json',
        'fail',
        `The reply is an HTML page${note}, not JSON — often a login page, an error page or a web application firewall’s block page, which means the URL or the request is not reaching the token endpoint.`,
        'Check that the Access Token URI is the token endpoint itself, and that nothing in front of it (WAF, proxy, login redirect) intercepts Alexa’s POST.',
      );
      break;
    case 'empty':
      findings.set('token.json', 'fail', `The reply body is empty${note}.`, 'Return the tokens as a JSON object.');
      break;
    case 'json-other':
      findings.set('token.json', 'fail', `The reply is valid JSON but ${shape.type}${note}, not an object.`, 'Return the tokens as a JSON object: {"access_token": …}.');
      break;
    case 'invalid':
      findings.set('token.json', 'fail', `${shape.message.replace(/^The body/, 'The reply')}${note}`, 'Return the tokens as a well-formed JSON object.');
      break;
  }

  if (r.status !== 200 || !obj) {
    const why = r.status !== 200 ? `Not checked: the reply is not HTTP 200.` : 'Not checked: the reply is not a JSON object.';
    for (const id of ['token.access-token', 'token.token-type', 'token.expires-in', 'token.refresh-token', 'token.cache-control'] as const) {
      if (id === 'token.cache-control' && r.status === 200) continue;
      findings.set(id, 'skip', why);
    }
    if (r.status !== 200) return;
  }

  // --- token.cache-control (a 200 reply carries tokens: RFC 6749 §5.1 requires no-store)
  const cc = header(r, 'cache-control');
  if (cc && /(^|[,\s])no-store($|[,\s;])/i.test(cc)) findings.set('token.cache-control', 'pass', `Cache-Control: ${quote(cc, 80)}.`);
  else
    findings.set(
      'token.cache-control',
      'warn',
      cc ? `The reply has Cache-Control: ${quote(cc, 80)}, without no-store.` : 'The reply has no Cache-Control header.',
      'Send Cache-Control: no-store (and Pragma: no-cache) with token replies, as RFC 6749 §5.1 requires, so no cache keeps the tokens.',
    );
  if (!obj) return;

  // --- token.access-token
  const at = obj.access_token;
  if (typeof at === 'string' && at.length > 0) findings.set('token.access-token', 'pass', `access_token is present (${at.length} characters).`);
  else
    findings.set(
      'token.access-token',
      'fail',
      at === undefined ? 'The reply has no access_token field.' : typeof at === 'string' ? 'access_token is an empty string.' : `access_token is ${at === null ? 'null' : `a ${typeof at}`}, not a string.`,
      'Return the access token in an access_token string field.',
    );

  // --- token.token-type
  const tt = obj.token_type;
  if (typeof tt === 'string' && tt.toLowerCase() === 'bearer') findings.set('token.token-type', 'pass', `token_type is ${quote(tt, 20)}.`);
  else
    findings.set(
      'token.token-type',
      'fail',
      tt === undefined ? 'The reply has no token_type field; Alexa expects "bearer".' : `token_type is ${typeof tt === 'string' ? quote(tt, 40) : JSON.stringify(tt)?.slice(0, 40)}; Alexa uses the token as a bearer token.`,
      'Return "token_type": "bearer" (any capitalisation).',
    );

  // --- token.expires-in
  const ei = obj.expires_in;
  const minRule = `Alexa needs at least ${ALEXA_MIN_EXPIRES_IN} seconds (six minutes)`;
  if (ei === undefined || ei === null) {
    findings.set(
      'token.expires-in',
      'warn',
      `The reply has no expires_in. Alexa then uses the Default Access Token Expiration Time set in the console’s account-linking settings, if any, to decide when to refresh — a token that expires earlier than that stops working for the user until the next refresh.`,
      'Return expires_in (seconds, as a number), or set the default expiration time in the Alexa console to match your tokens.',
    );
  } else if (typeof ei === 'number') {
    if (!Number.isFinite(ei) || ei < ALEXA_MIN_EXPIRES_IN) {
      findings.set('token.expires-in', 'fail', `expires_in is ${ei}; ${minRule}.`, `Issue access tokens that last at least ${ALEXA_MIN_EXPIRES_IN} seconds (an hour is common).`);
    } else {
      findings.set('token.expires-in', 'pass', `expires_in is ${ei} seconds${ei >= 3600 ? ` (${(ei / 3600).toFixed(ei % 3600 === 0 ? 0 : 1)} h)` : ''}.`);
    }
  } else if (typeof ei === 'string' && /^\s*\d+\s*$/.test(ei)) {
    const n = Number(ei);
    if (n < ALEXA_MIN_EXPIRES_IN) {
      findings.set('token.expires-in', 'fail', `expires_in is the string ${quote(ei, 20)}, and ${n} is too short: ${minRule}.`, `Return expires_in as a number of at least ${ALEXA_MIN_EXPIRES_IN}.`);
    } else {
      findings.set(
        'token.expires-in',
        'warn',
        `expires_in is the string ${quote(ei, 20)}, not a number. Whether Alexa reads a string is not documented; if it does not, it falls back to the Default Access Token Expiration Time set in the console.`,
        `Return expires_in as a JSON number: "expires_in": ${n}.`,
      );
    }
  } else {
    findings.set('token.expires-in', 'fail', `expires_in is ${JSON.stringify(ei)?.slice(0, 40)}, not a number of seconds.`, 'Return expires_in as a JSON number of seconds (at least 360).');
  }

  // --- token.refresh-token
  const rt = obj.refresh_token;
  if (typeof rt === 'string' && rt.length > 0) findings.set('token.refresh-token', 'pass', 'refresh_token is present.');
  else if (grant === 'refresh_token')
    findings.set(
      'token.refresh-token',
      'warn',
      'The refresh reply has no refresh_token. OAuth allows this (the old one stays valid), but Alexa asks for a new access and refresh token pair; if your server expires the old refresh token, users will have to link again.',
      'Return a refresh_token in refresh replies too (the same one is fine, if it stays valid).',
    );
  else
    findings.set(
      'token.refresh-token',
      'warn',
      `The reply has no refresh_token, so Alexa cannot renew the access token: when it expires${typeof ei === 'number' ? ` (after ${ei} seconds)` : ''}, users have to link their account again.`,
      'Issue a refresh token with the authorization-code grant (some servers need a scope such as offline_access, or a client setting, for that).',
    );
}

/** The token probe, as the registry runs it. */
export const tokenProbe = defineProbe({
  id: 'token',
  schema: tokenProbeInputSchema,
  fromForm: (form) => {
    const grantType = formText(form, 'grant.type');
    return {
      tokenUri: formText(form, 'tokenUri'),
      clientId: formText(form, 'clientId'),
      clientSecret: formText(form, 'clientSecret'),
      scheme: formText(form, 'scheme'),
      grant:
        grantType === 'refresh_token'
          ? { type: grantType, refreshToken: formText(form, 'grant.refreshToken') }
          : { type: grantType, code: formText(form, 'grant.code'), redirectUri: formText(form, 'grant.redirectUri') },
      checkRotation: form.get('checkRotation') === 'on' || form.get('checkRotation') === 'true',
    };
  },
  targets: (input) => [input.tokenUri],
  run: (input, options: TokenProbeOptions) => runTokenProbe(input, options),
});
