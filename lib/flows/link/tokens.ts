// Steps 5 and 6: the code exchanged at the access token URI exactly as the token probe does — its request, its checks,
// its token.* findings and ExchangeRecord evidence, reused here — then a refresh with the refresh token just received
// (one that works, not one that merely exists), then, since this grant is the rehearsal's own, the same refresh token
// sent once more to show whether a retried refresh survives, and whether the reuse revoked the whole grant.

import 'server-only';
import { checkTarget, type LookupFn, type ProbePolicy, type SafeFetchOptions } from '@/lib/net';
import { FindingSet, type Finding } from '@/lib/probes/findings';
import type { Secret } from '@/lib/probes/redact';
import { checkClientAuth } from '@/lib/probes/token/client-auth';
import { TokenExchange, type SentGrant } from '@/lib/probes/token/exchange';
import { TOKEN_FINDINGS, type TokenFindingId } from '@/lib/probes/token/findings';
import type { ExchangeRecord, TokenProbeInput } from '@/lib/probes/token/input';
import { oauthErrorOf, readBody, statusLine, TOKEN_REPLY_MAX_BYTES } from '@/lib/probes/token/reply';
import { checkContent, checkStatus, TOKEN_FIELD_FINDINGS } from '@/lib/probes/token/reply-checks';
import { checkBotProtection, checkSwappedUris } from '@/lib/probes/token/interception';
import { checkRotation } from '@/lib/probes/token/rotation';
import { TOKEN_PROBE_TOTAL_MS } from '@/lib/probes/token/run';
import { checkConnection, checkNoReply, checkTokenUri } from '@/lib/probes/token/transport';
import type { LinkInput } from './input';

export interface TokenCallOptions {
  policy: ProbePolicy & { allowPrivate: boolean };
  lookup?: LookupFn;
  ca?: SafeFetchOptions['ca'];
  /** Grows with every token a reply carries (TokenExchange adds them), so that they are redacted everywhere. */
  secrets: Secret[];
}

export interface TokenCall {
  findings: Finding[];
  records: ExchangeRecord[];
  /** The reply gave an access token Alexa would take (no finding failed, token.access-token passed). */
  ok: boolean;
  /** The refresh token in the reply that counted, if any. */
  refreshToken: string | null;
  /** Set after a refresh that was also checked for rotation: the second answer refused the same token. */
  reuseRefused?: boolean;
}

/** Findings the exchange step shows; the refresh repeats neither the transport checks nor (until its step) rotation. */
const NOT_CHECKED = 'Not checked.';
const TRANSPORT: readonly TokenFindingId[] = ['token.https', 'token.port', 'token.tls', 'token.tls-version'];
/**
 * The rehearsal refreshes in a step of its own, so the token probe's own refresh after an exchange is not repeated;
 * and it sends only what Alexa sends, so the token probe's extra TLS 1.2 handshake is left to the token probe.
 */
const OWN_STEPS: readonly TokenFindingId[] = ['token.refresh-works', 'token.rotation'];

/**
 * One token request as the token probe sends it and checks its reply: with `rotation`, also sent a second time with
 * the same refresh token (token.rotation). A refused target throws TargetNotAllowed before anything is sent.
 */
async function callTokenUri(input: LinkInput, grant: SentGrant, options: TokenCallOptions, rotation: boolean): Promise<TokenCall> {
  const findings = new FindingSet(TOKEN_FINDINGS);
  const probeInput: TokenProbeInput = { tokenUri: input.accessTokenUri, clientId: input.clientId, clientSecret: input.clientSecret, scheme: input.scheme, grant, checkRotation: rotation };
  const url = new URL(input.accessTokenUri);
  const done = (records: ExchangeRecord[], refreshToken: string | null = null): TokenCall => {
    findings.skipRest(NOT_CHECKED);
    // What was not checked is not evidence: the token probe lists it, the timeline would only grow longer with it.
    const list = findings.list().filter((f) => !(f.status === 'skip' && f.detail === NOT_CHECKED));
    return { findings: list, records, ok: !list.some((f) => f.status === 'fail') && ['pass', 'warn'].includes(findings.get('token.access-token')?.status ?? 'skip'), refreshToken };
  };
  if (!checkTokenUri(findings, url, options.policy)) return done([]);
  const { hostHeader } = checkTarget(input.accessTokenUri, { policy: options.policy });
  const fetchOptions: SafeFetchOptions = {
    method: 'POST',
    // Redirects are reported, never followed: a 307 would replay the client secret to another host.
    followRedirects: 0,
    maxBodyBytes: TOKEN_REPLY_MAX_BYTES,
    timeouts: { total: TOKEN_PROBE_TOTAL_MS },
    policy: options.policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  };
  const exchange = new TokenExchange(probeInput, { url, hostHeader }, fetchOptions, options.secrets);
  const primary = await exchange.send(input.scheme, 'token-request');
  if (!primary.response) {
    checkNoReply(findings, primary.failure);
    return done(exchange.records);
  }
  checkConnection(findings, primary.response);
  checkBotProtection(findings, primary.response);
  checkSwappedUris(findings, primary.response);
  const auth = await checkClientAuth(findings, exchange, probeInput, primary.response);
  checkStatus(findings, primary.response, grant.type, auth);
  checkContent(findings, auth.evaluated, auth.note, grant.type, { tokenUrl: url });
  if (auth.note) findings.annotate(TOKEN_FIELD_FINDINGS, auth.note);
  const body = readBody(auth.evaluated, TOKEN_REPLY_MAX_BYTES);
  const refreshToken = body.kind === 'object' && typeof body.value.refresh_token === 'string' && body.value.refresh_token !== '' ? body.value.refresh_token : null;
  if (!rotation) return done(exchange.records, refreshToken);
  // The refresh token sent was the rehearsal's own (from its code exchange): the rotation check words it so.
  const own = grant.type === 'refresh_token' && auth.evaluated.status === 200 && auth.schemeThatWorks ? { scheme: auth.schemeThatWorks, used: grant.refreshToken, newest: refreshToken } : null;
  await checkRotation(findings, exchange, probeInput, auth, own);
  const call = done(exchange.records, refreshToken);
  return { ...call, reuseRefused: findings.get('token.rotation')?.status === 'warn' };
}

/** Step 5: the code for tokens. */
export async function exchangeCode(input: LinkInput, code: string, redirectUri: string, codeVerifier: string | undefined, options: TokenCallOptions): Promise<TokenCall> {
  const call = await callTokenUri(input, { type: 'authorization_code', code, redirectUri, ...(codeVerifier ? { codeVerifier } : {}) }, options, false);
  return { ...call, findings: call.findings.filter((f) => !OWN_STEPS.includes(f.id as TokenFindingId)) };
}

/**
 * Step 6: a refresh with the token the exchange gave, and (checkRotation) the same token once more, as a retry from
 * Alexa would send it. Returns the refresh's findings and the rotation's apart.
 */
export async function refreshTokens(input: LinkInput, refreshToken: string, options: TokenCallOptions): Promise<{ refresh: TokenCall; rotation: Finding[] }> {
  const call = await callTokenUri(input, { type: 'refresh_token', refreshToken }, options, input.checkRotation);
  const shown = call.findings.filter((f) => !TRANSPORT.includes(f.id as TokenFindingId) && !OWN_STEPS.includes(f.id as TokenFindingId) && f.status !== 'skip');
  const rotation = call.findings.filter((f) => f.id === 'token.rotation');
  return { refresh: { ...call, findings: shown }, rotation };
}

/**
 * After a refused reuse, the token probe's rotation check tries the newest refresh token (from the first refresh): a
 * server with reuse detection revokes the whole grant when an old refresh token comes back, and then a retried refresh
 * from Alexa logs the user out. This reads that answer; null when there was no newer token to try.
 */
export function grantAfterReuse(records: readonly ExchangeRecord[]): { revoked: boolean; evidence: string; record: ExchangeRecord } | null {
  const record = records.find((r) => r.purpose === 'grant-after-reuse');
  if (!record) return null;
  if (!record.response) return { revoked: false, evidence: `the request failed: ${record.failure?.message ?? 'no answer'}`, record };
  const status = record.response.status;
  const error = oauthErrorOf({ body: Buffer.from(record.response.body), headers: record.response.headers });
  const evidence = `${statusLine({ httpVersion: record.response.httpVersion, status, statusText: record.response.statusText })}${error ? `, error ${error}` : ''}`;
  return { revoked: status !== 200 || error !== undefined, evidence, record };
}
