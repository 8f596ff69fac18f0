// The token probe: calls a developer's access token URI the way Alexa does and reports, check by check, what Alexa
// would reject. Every request goes through lib/net. Secrets (client secret, code, refresh token, returned tokens) are
// never logged and are redacted from the result in every encoding: nothing here may call console.* with any input.
// The steps, in order: the URI (transport), the token request (exchange) and how it was answered (transport),
// client authentication, the reply (reply-checks), a refresh with the probe's own refresh token after a code exchange
// (own-refresh), refresh-token rotation.

import 'server-only';
import { checkTarget, type LookupFn, type ProbePolicy, resolvePolicy, type SafeFetchOptions, type Timing } from '@/lib/net';
import { defineProbe } from '@/lib/probes/definition';
import { FindingSet } from '@/lib/probes/findings';
import { createRedactor, type Secret } from '@/lib/probes/redact';
import { formText } from '@/lib/form-data';
import { checkClientAuth } from './client-auth';
import { secretsOf, TokenExchange } from './exchange';
import { TOKEN_FINDINGS, type TokenFindings } from './findings';
import { tokenProbeInputSchema, type ExchangeRecord, type TokenProbeInput, type TokenProbeResult } from './input';
import { TOKEN_REPLY_MAX_BYTES } from './reply';
import { checkContent, checkStatus, TOKEN_FIELD_FINDINGS } from './reply-checks';
import { checkBotProtection, checkSwappedUris } from './interception';
import { checkOwnRefresh } from './own-refresh';
import { checkRotation } from './rotation';
import { checkTlsVersion } from './tls-version';
import { checkConnection, checkNoReply, checkTokenUri } from './transport';

/** The probe's own deadline per request (Alexa's is 4.5 s; waiting longer lets us say how slow it is). */
export const TOKEN_PROBE_TOTAL_MS = 10_000;

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

/**
 * Runs the token probe on validated input.
 * @throws TargetNotAllowed when the token URI (or its DNS answers) is not a public https target.
 */
export async function runTokenProbe(input: TokenProbeInput, options: TokenProbeOptions = {}): Promise<TokenProbeResult> {
  const policy = resolvePolicy(options.policy);
  const findings = new FindingSet(TOKEN_FINDINGS);
  const secrets = secretsOf(input);
  const finish = (records: readonly ExchangeRecord[], timing: Timing) => result(input, findings, secrets, records, timing, policy.allowPrivate);

  const url = new URL(input.tokenUri);
  if (!checkTokenUri(findings, url, policy)) return finish([], { total: 0 });

  // A refused target (private address, port, credentials in the URL, control characters in it as written …) throws
  // TargetNotAllowed here, before anything is sent; names are checked again against their DNS answers when sending.
  const { hostHeader } = checkTarget(input.tokenUri, { policy });
  const fetch = fetchOptions(policy, options);
  const exchange = new TokenExchange(input, { url, hostHeader }, fetch, secrets);
  const primary = await exchange.send(input.scheme, 'token-request');
  if (!primary.response) {
    checkNoReply(findings, primary.failure);
    return finish(exchange.records, primary.failure.timing);
  }

  const first = primary.response;
  checkConnection(findings, first);
  checkBotProtection(findings, first);
  checkSwappedUris(findings, first);
  const auth = await checkClientAuth(findings, exchange, input, first);
  checkStatus(findings, first, input.grant.type, auth);
  checkContent(findings, auth.evaluated, auth.note, input.grant.type, { defaultExpiration: input.defaultTokenExpirationInSeconds, tokenUrl: url });
  if (auth.note) findings.annotate(TOKEN_FIELD_FINDINGS, auth.note);
  const own = await checkOwnRefresh(findings, exchange, input, auth);
  await checkRotation(findings, exchange, input, auth, own);
  // Last, and not beside the token requests: a run holds one connection to the target at a time.
  await checkTlsVersion(findings, url, first, fetch);

  findings.skipRest('Not checked.');
  return finish(exchange.records, first.timing);
}

function fetchOptions(policy: ProbePolicy, options: TokenProbeOptions): SafeFetchOptions {
  return {
    method: 'POST',
    // Redirects are reported, never followed: a 307 would replay the client secret to another host.
    followRedirects: 0,
    maxBodyBytes: TOKEN_REPLY_MAX_BYTES,
    timeouts: { total: TOKEN_PROBE_TOTAL_MS, ...options.timeouts },
    policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
  };
}

/** The result, with every secret redacted: the first exchange is the token request, the others follow it up. */
function result(
  input: TokenProbeInput,
  findings: TokenFindings,
  secrets: readonly Secret[],
  records: readonly ExchangeRecord[],
  timing: Timing,
  privateMode: boolean,
): TokenProbeResult {
  const [exchange = null, ...followUps] = records;
  const redactor = createRedactor(secrets, [{ id: input.clientId, secret: input.clientSecret }]);
  const list = findings.list();
  // A short access token warns (guessable) but still reaches Alexa.
  const tokenStatus = findings.get('token.access-token')?.status;
  const ok = !list.some((f) => f.status === 'fail') && (tokenStatus === 'pass' || tokenStatus === 'warn');
  return redactor.redactDeep({ probe: 'token', ok, findings: list, timing, exchange, followUps, privateMode });
}

/** An optional number field as the schema reads it: absent when empty, NaN (refused with a message) when not a number. */
function secondsField(text: string | undefined): { defaultTokenExpirationInSeconds?: number } {
  const t = text?.trim() ?? '';
  return t === '' ? {} : { defaultTokenExpirationInSeconds: /^\d+$/.test(t) ? Number(t) : Number.NaN };
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
      ...secondsField(formText(form, 'defaultTokenExpirationInSeconds')),
    };
  },
  secretFields: { clientSecret: true, 'grant.code': true, 'grant.refreshToken': true },
  targets: (input) => [input.tokenUri],
  run: runTokenProbe,
});
