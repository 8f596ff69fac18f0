// Turning one call through the relay into a capture: what was sent and answered, secrets redacted (lib/probes/redact)
// before anything is kept, and a token answer judged by the token probe's own checks (lib/probes/token), so a real
// Alexa exchange gets the same verdicts as the probe's. Runs after the answer has gone back to Alexa.

import 'server-only';
import { randomBytes } from 'node:crypto';
import type { OutboundFailure, OutboundResponse, ProbePolicy } from '@/lib/net';
import { FindingSet, type Finding } from '@/lib/probes/findings';
import { createRedactor, type BasicPair, type Secret } from '@/lib/probes/redact';
import { collectSecrets } from '@/lib/probes/token/exchange';
import { TOKEN_FINDINGS } from '@/lib/probes/token/findings';
import { readBody, TOKEN_REPLY_MAX_BYTES, type GrantType } from '@/lib/probes/token/reply';
import { checkContent, checkStatus } from '@/lib/probes/token/reply-checks';
import { checkBotProtection, checkSwappedUris } from '@/lib/probes/token/interception';
import { checkConnection, checkNoReply, checkTokenUri } from '@/lib/probes/token/transport';
import { RELAY_MAX_VALUE_CHARS, type ClientAuthUsed, type RelayCapture } from './input';

/** Form fields whose values are secrets, with the label shown in their place. */
const SECRET_PARAMS: Record<string, string> = {
  client_secret: 'client secret',
  code: 'authorization code',
  code_verifier: 'code verifier',
  refresh_token: 'refresh token',
  access_token: 'access token',
  id_token: 'token',
  password: 'password',
  assertion: 'assertion',
  client_assertion: 'client assertion',
};

/** Headers of ours (server.mjs, Next.js and proxies in front), not Alexa's: neither recorded nor forwarded. */
const OWN_HEADERS = /^(x-forwarded-|x-real-ip$|forwarded$|x-link-doctor-|content-security-policy$|next-|x-middleware-|x-invoke-|rsc$)/;
/** Headers about the connection, not the request: never forwarded (safeFetch sets its own). */
const HOP_HEADERS = new Set(['host', 'connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'expect', 'proxy-authorization', 'proxy-connection', 'accept-encoding', 'cookie', 'via']);

/** Alexa's request headers as they may be forwarded: its own, none about the connection. */
export function forwardedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!OWN_HEADERS.test(name) && !HOP_HEADERS.has(name)) out[name] = value;
  });
  return out;
}

/** The reply's headers as they go back: not those about the connection, and not the body's encoding (safeFetch decoded it). */
export function returnedHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const drop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'set-cookie', 'trailer', 'upgrade']);
  return headers.filter(([name]) => !drop.has(name.toLowerCase())).map(([n, v]) => [n, v]);
}

const bounded = (text: string) => (text.length > RELAY_MAX_VALUE_CHARS ? `${text.slice(0, RELAY_MAX_VALUE_CHARS)}… (${text.length} characters)` : text);

/** Which client authentication the request used: an HTTP Basic header, client_secret in the body, both or neither. */
export function clientAuthOf(authorization: string | null, params: URLSearchParams): ClientAuthUsed {
  const basic = /^basic\s/i.test(authorization ?? '');
  const body = params.has('client_secret');
  return basic && body ? 'both' : basic ? 'HTTP_BASIC' : body ? 'REQUEST_BODY_CREDENTIALS' : 'none';
}

/** The secrets of a request and its answer: secret form fields, the Authorization header, the tokens returned. */
function secretsOf(params: URLSearchParams, authorization: string | null, answerBody: Buffer | null, contentType: string | undefined) {
  const secrets: Secret[] = [];
  const pairs: BasicPair[] = [];
  for (const [name, value] of params) if (SECRET_PARAMS[name]) secrets.push({ value, label: SECRET_PARAMS[name] });
  const [scheme = '', credentials = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  if (credentials) {
    secrets.push({ value: credentials, label: 'credentials' });
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        // RFC 6749 §2.3.1 form-encodes both before base64; a client that did not is read as it sent them.
        const [id, secret] = [formDecoded(decoded.slice(0, colon)), formDecoded(decoded.slice(colon + 1))];
        pairs.push({ id, secret }, { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) });
        secrets.push({ value: secret, label: 'client secret' }, { value: decoded.slice(colon + 1), label: 'client secret' });
      }
    }
  }
  if (answerBody) collectSecrets(readBody({ body: answerBody, headers: contentType ? [['content-type', contentType]] : [] }, TOKEN_REPLY_MAX_BYTES), secrets);
  return { secrets, pairs };
}

function formDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Recorded headers: Alexa's own, the Authorization header's credentials replaced whatever they are. */
function recordedHeaders(headers: Headers): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  headers.forEach((value, name) => {
    if (OWN_HEADERS.test(name) || name === 'cookie') return;
    out.push([name, name === 'authorization' ? `${value.trim().split(/\s+/)[0]} [redacted credentials]` : bounded(value)]);
  });
  return out;
}

function recordedParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in out) continue;
    out[bounded(name)] = SECRET_PARAMS[name] ? `[redacted ${SECRET_PARAMS[name]}]` : bounded(value);
  }
  return out;
}

/** The token probe's verdicts on an answer that came through the relay, or on why none came. */
export function judgeTokenAnswer(url: URL, grantType: string, outcome: { response: OutboundResponse } | { failure: OutboundFailure }, policy: ProbePolicy): Finding[] {
  const findings = new FindingSet(TOKEN_FINDINGS);
  const grant: GrantType = grantType === 'refresh_token' ? 'refresh_token' : 'authorization_code';
  if (checkTokenUri(findings, url, policy)) {
    if ('failure' in outcome) checkNoReply(findings, outcome.failure);
    else {
      const r = outcome.response;
      checkConnection(findings, r);
      checkBotProtection(findings, r);
      checkSwappedUris(findings, r);
      checkStatus(findings, r, grant);
      checkContent(findings, r, '', grant, { tokenUrl: url });
    }
  }
  // What only the probe can find out (another scheme, its own refresh, rotation, a TLS 1.2 handshake) is not listed.
  const notChecked = 'Not checked.';
  findings.skipRest(notChecked);
  return findings.list().filter((f) => !(f.status === 'skip' && f.detail === notChecked));
}

export interface TokenCall {
  at: number;
  headers: Headers;
  body: Buffer;
  answer: { status: number; headers: Array<[string, string]>; body: Buffer };
  durationMs: number;
  forwarded: boolean;
  findings: Finding[];
  failure?: string;
}

/** A token call as kept: every secret of the request and the answer redacted, in every encoding. */
export function tokenCapture(call: TokenCall): RelayCapture {
  const params = new URLSearchParams(call.body.toString('utf8'));
  const authorization = call.headers.get('authorization');
  const contentType = call.answer.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const { secrets, pairs } = secretsOf(params, authorization, call.answer.body, contentType);
  const capture: RelayCapture = {
    captureId: randomBytes(9).toString('base64url'),
    kind: 'token',
    at: new Date(call.at).toISOString(),
    request: { method: 'POST', headers: recordedHeaders(call.headers), params: recordedParams(params) },
    response: { status: call.answer.status, headers: call.answer.headers.map(([n, v]) => [n, bounded(v)]), body: call.answer.body.toString('utf8').slice(0, TOKEN_REPLY_MAX_BYTES) },
    durationMs: call.durationMs,
    findings: call.findings,
    token: { grantType: bounded(params.get('grant_type') ?? ''), clientAuth: clientAuthOf(authorization, params), forwarded: call.forwarded, ...(call.failure ? { failure: call.failure } : {}) },
  };
  return createRedactor(secrets, pairs).redactDeep(capture);
}

/** An authorize call as kept: its query (no secrets travel there, but a stray one would still be redacted). */
export function authorizeCapture(at: number, headers: Headers, query: URLSearchParams, location: string): RelayCapture {
  const { secrets, pairs } = secretsOf(query, headers.get('authorization'), null, undefined);
  const method = query.get('code_challenge_method');
  const challenge = query.get('code_challenge');
  const capture: RelayCapture = {
    captureId: randomBytes(9).toString('base64url'),
    kind: 'authorize',
    at: new Date(at).toISOString(),
    request: { method: 'GET', headers: recordedHeaders(headers), params: recordedParams(query) },
    response: { status: 302, headers: [['location', bounded(location)]], body: '' },
    durationMs: 0,
    findings: [],
    authorize: { stateLength: query.get('state')?.length ?? 0, pkce: challenge ? { method: method ?? 'plain', challengeLength: challenge.length } : null },
  };
  return createRedactor(secrets, pairs).redactDeep(capture);
}
