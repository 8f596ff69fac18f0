// Link as Alexa: the whole account linking rehearsed end to end, region by region, each in a fresh boxed browser —
// open the authorization URI as Alexa does, sign in with the test account, pass a consent page, catch the redirect to
// Alexa before it leaves, exchange the code, refresh, retry a refresh, check the hosts against the Domain List — and a
// verdict: linked, or the first step that breaks. Each step is sent through `onEvent` as it ends, every secret (client
// secret, password, user name, codes, tokens, the PKCE verifier) redacted first in every encoding; screenshots are
// taken with the typed fields masked. Nothing here may call console.* with any input.

import 'server-only';
import { isTargetNotAllowed, resolvePolicy, type LookupFn, type ProbePolicy, type SafeFetchOptions } from '@/lib/net';
import { BrowserSessionTimedOut, isBrowserUnavailable, isSlotUnavailable, withBrowserSession, type BrowserSessionOptions } from '@/lib/net/browser';
import type { Finding } from '@/lib/probes/findings';
import type { HostSource } from '@/lib/probes/login-page/hosts';
import { createRedactor, type Secret } from '@/lib/probes/redact';
import { MIN_SECRET } from '@/lib/probes/token/input';
import { authorizationRequest, shownUrl } from './authorize';
import { domainsFinding, signInHosts } from './domains';
import { inStep, linkFinding } from './findings';
import { regionOfRedirectUri, type LinkEvent, type LinkInput, type LinkResult, type LinkStep, type LinkStepName } from './input';
import { LIVE_VIEW_MS } from './live-session';
import { catchAlexaRedirect, readRedirect, REFUSED_ALEXA_HOSTS } from './redirect';
import { RegionRun } from './region';
import { authorizeAndSignIn } from './sign-in';
import { exchangeCode, grantAfterReuse, refreshTokens, type TokenCallOptions } from './tokens';

/**
 * The Alexa app opens the authorization URI in an in-app browser on the phone: an Android WebView (`wv`) is what the
 * rehearsal presents, with Link Doctor's name appended so that server logs can tell it apart.
 */
export const ALEXA_APP_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.0.0 Mobile Safari/537.36 LinkDoctor/0.1 (+Alexa account-linking rehearsal)';
/** One region's pages, from the authorization request to the redirect: generous for a slow sign-in, bounded. */
export const SIGN_IN_SESSION_MS = 90_000;

export interface LinkRunOptions {
  /** Defaults to PROBE_ALLOW_PRIVATE from the environment; tests inject the harness policy. */
  policy?: ProbePolicy;
  /** TEST ONLY: DNS lookup (token requests and the browser's egress proxy). */
  lookup?: LookupFn;
  /** TEST ONLY: extra trusted CAs for the token requests. */
  ca?: SafeFetchOptions['ca'];
  /** Further browser settings (sandbox, caps, timeouts; tests: testOnlyIgnoreCertErrorsSpki). */
  browser?: Omit<BrowserSessionOptions, 'policy' | 'lookup' | 'refuseHosts' | 'userAgent'>;
  /** Each step as it ends, then the live view's hand-offs, and last the result; all redacted. */
  onEvent?: (e: LinkEvent) => void;
  /** Stops the rehearsal: the browser is closed and no further region is started. */
  signal?: AbortSignal;
  /** The client that asked (for the live view: only it may watch and type). */
  client?: string;
}

const NOT_REACHED = 'Not reached: an earlier step stopped the rehearsal.';

/** Rehearses the linking for every redirect URL given, one region after the other, and returns the verdict. */
export async function rehearseLinking(input: LinkInput, options: LinkRunOptions = {}): Promise<LinkResult> {
  const policy = resolvePolicy(options.policy);
  const secrets: Secret[] = [
    { value: input.clientSecret, label: 'client secret' },
    { value: input.testAccount.password, label: 'password' },
  ];
  // The user name is not a secret to the server, but it is the tester's: hidden wherever it is long enough to hide.
  if (input.testAccount.username.length >= MIN_SECRET) secrets.push({ value: input.testAccount.username, label: 'user name' });
  const redact = <T extends LinkEvent>(event: T): T => {
    const redactor = createRedactor(secrets, [{ id: input.clientId, secret: input.clientSecret }]);
    // A screenshot is pixels, not text: it is masked when taken, and left as it is here.
    if (event.type === 'step' && event.screenshot) return { ...redactor.redactDeep({ ...event, screenshot: undefined }), screenshot: event.screenshot };
    return redactor.redactDeep(event);
  };
  const emit = <T extends LinkEvent>(event: T): T => {
    const shown = redact(event);
    options.onEvent?.(shown);
    return shown;
  };

  const steps: LinkStep[] = [];
  const regions: LinkResult['regions'] = [];
  for (const redirectUri of input.redirectUri) {
    if (options.signal?.aborted) break;
    const region = regionOfRedirectUri(redirectUri);
    if (!region) continue; // the schema accepts only Alexa redirect URLs
    const run = new RegionRun(region, redirectUri, emit);
    const exchanged = await rehearseRegion(input, run, { policy, secrets, ...(options.lookup ? { lookup: options.lookup } : {}), ...(options.ca ? { ca: options.ca } : {}) }, options, emit);
    regions.push(run.outcome(exchanged));
    steps.push(...run.steps);
  }
  const result: LinkResult = {
    type: 'result',
    linked: regions.length === input.redirectUri.length && regions.every((r) => r.linked),
    findings: steps.flatMap((s) => s.findings),
    steps,
    regions,
    privateMode: policy.allowPrivate,
  };
  // The steps were redacted as they were sent; nothing else in the result comes from outside.
  options.onEvent?.(result);
  return result;
}

/** One region: the browser part, then the redirect, the tokens and the Domain List. True when the exchange gave what Alexa needs. */
async function rehearseRegion(input: LinkInput, run: RegionRun, tokens: TokenCallOptions, options: LinkRunOptions, emit: <T extends LinkEvent>(e: T) => T): Promise<boolean> {
  const request = authorizationRequest(input, run.redirectUri);
  if (request.codeVerifier) tokens.secrets.push({ value: request.codeVerifier, label: 'code verifier' });
  let caught: string | null = null;
  let hosts: HostSource[] = [];
  try {
    await withBrowserSession(
      {
        ...options.browser,
        policy: tokens.policy,
        ...(options.lookup ? { lookup: options.lookup } : {}),
        userAgent: ALEXA_APP_USER_AGENT,
        refuseHosts: REFUSED_ALEXA_HOSTS,
        timeoutMs: options.browser?.timeoutMs ?? SIGN_IN_SESSION_MS + (input.liveView ? LIVE_VIEW_MS : 0),
      },
      async (session) => {
        session.page.setDefaultTimeout(10_000);
        const stop = () => void session.page.close().catch(() => {});
        options.signal?.addEventListener('abort', stop, { once: true });
        try {
          const catcher = catchAlexaRedirect(session.page.context());
          const live = input.liveView ? { emit: (e: Parameters<typeof emit>[0]) => void emit(e), ...(options.signal ? { signal: options.signal } : {}), ...(options.client ? { client: options.client } : {}) } : undefined;
          const outcome = await authorizeAndSignIn({ session, catcher, input, run, ...(live ? { live } : {}) }, request.url);
          if (outcome === 'redirected') caught = catcher.caught;
        } finally {
          options.signal?.removeEventListener('abort', stop);
          hosts = signInHosts(session);
        }
      },
    );
  } catch (e) {
    run.lockBrowserSteps();
    browserStopped(run, e, tokens.secrets);
  }

  let exchanged = false;
  if (caught !== null) exchanged = await afterRedirect(input, run, caught, request, tokens);
  if (!run.has('domains')) {
    if (hosts.length > 0 || caught !== null) run.end('domains', 'Checked the hosts the sign-in loaded from', [domainsFinding(run.region, input, hosts)]);
  }
  run.skipRest(NOT_REACHED);
  return exchanged;
}

/** Steps 4–6 once the redirect was caught. */
async function afterRedirect(input: LinkInput, run: RegionRun, caught: string, request: { state: string; codeVerifier?: string }, tokens: TokenCallOptions): Promise<boolean> {
  const redirect = readRedirect(run.region, caught, { redirectUri: run.redirectUri, state: request.state });
  for (const value of redirect.secrets) tokens.secrets.push({ value, label: 'authorization code' });
  const error = new URL(caught).searchParams.get('error');
  run.end('redirect', redirect.code ? 'Caught the redirect to Alexa with a code' : error ? `The server redirected to Alexa with error=${error.slice(0, 40)}` : 'The redirect to Alexa cannot be used', redirect.findings, { url: shownUrl(caught) });
  if (!redirect.code) return false;

  try {
    const exchange = await exchangeCode(input, redirect.code, run.redirectUri, request.codeVerifier, tokens);
    run.end('exchange', exchange.ok ? 'Exchanged the code for tokens' : 'The code exchange failed', exchange.findings.map((f) => inStep(f, 'exchange', run.region)), stepRecord(exchange.records));
    if (!exchange.ok) return false;
    if (!exchange.refreshToken) {
      run.skip('refresh', 'No refresh token came back, so there was nothing to refresh');
      run.skip('rotation', 'No refresh token came back');
      return true;
    }
    const { refresh, rotation } = await refreshTokens(input, exchange.refreshToken, tokens);
    const sent = refresh.records.filter((r) => r.purpose !== 'rotation-second-refresh' && r.purpose !== 'grant-after-reuse');
    run.end('refresh', refresh.ok ? 'Refreshed the tokens with the new refresh token' : 'The refresh failed', refresh.findings.map((f) => inStep(f, 'refresh', run.region)), stepRecord(sent));
    if (!input.checkRotation) run.skip('rotation', 'Not asked for: the same refresh token was not sent twice');
    else if (rotation.length && rotation.every((f) => f.status !== 'skip')) rotationStep(run, rotation, refresh);
    else run.end('rotation', 'A retried refresh was not checked', rotation.map((f) => inStep(f, 'rotation', run.region)), { status: 'skip' });
    return true;
  } catch (e) {
    if (!isTargetNotAllowed(e)) throw e;
    const step: LinkStepName = run.has('exchange') ? 'refresh' : 'exchange';
    run.end(step, 'The access token URI was refused', [inStep({ id: 'token.reachable', status: 'fail', title: 'Link Doctor does not call this token URI', detail: e.message, fix: 'Use a public https address for the access token URI.', node: 'token-exchange' }, step, run.region)]);
    return false;
  }
}

/** Step 6, second half: the same refresh token again, and whether that reuse revoked the grant. */
function rotationStep(run: RegionRun, rotation: Finding[], refresh: Awaited<ReturnType<typeof refreshTokens>>['refresh']): void {
  const findings = rotation.map((f) => inStep(f, 'rotation', run.region));
  const second = refresh.records.find((r) => r.purpose === 'rotation-second-refresh');
  let title = refresh.reuseRefused ? 'A retried refresh was refused' : 'A retried refresh still works';
  if (refresh.reuseRefused) {
    const after = grantAfterReuse(refresh.records);
    if (after?.revoked) {
      title = 'A retried refresh revoked the whole grant';
      findings.push(linkFinding(run.region, 'link.reuse-revoked', 'warn', `After the same refresh token was sent twice, even the newest refresh token (from the first refresh) was refused (${after.evidence}): the server treats a reused refresh token as stolen and revokes the whole grant. If Alexa retries a refresh whose answer it did not receive, the user is logged out and has to link again.`, 'Give a rotated refresh token a grace period (for example 30–60 seconds) in which the previous one is still accepted, or do not revoke the grant when a refresh token is reused within it.', { title: 'Reusing a refresh token revoked the grant' }));
    } else if (after) {
      findings.push(linkFinding(run.region, 'link.reuse-revoked', 'pass', `Only the reused refresh token was refused: the newest one still works (${after.evidence}).`, '', { title: 'The grant survived the reuse' }));
    }
  }
  run.end('rotation', title, findings, stepRecord(second ? [second] : []));
}

/**
 * The exchange a step shows — its first request (retries and follow-ups are in the findings' details) — and how long
 * the step's requests took together.
 */
function stepRecord(records: readonly NonNullable<LinkStep['exchange']>[]): { exchange?: NonNullable<LinkStep['exchange']>; durationMs?: number } {
  const first = records[0];
  if (!first) return {};
  return { exchange: first, durationMs: records.reduce((sum, r) => sum + (r.timing?.total ?? 0), 0) };
}

/** The browser could not start, was busy, ran out of time or failed: said in the step the rehearsal was in. */
function browserStopped(run: RegionRun, e: unknown, secrets: readonly Secret[]): void {
  const step: LinkStepName = (['authorize', 'sign-in', 'consent'] as const).find((s) => !run.has(s)) ?? 'redirect';
  if (isSlotUnavailable(e)) {
    run.end(step, 'Link Doctor’s browsers are all busy', [linkFinding(run.region, 'link.browser', 'skip', 'Not rehearsed: Link Doctor’s browsers were all busy. Try again in a minute.', '', { title: 'No browser was free', step })], { status: 'skip', evenIfLocked: true });
  } else if (isBrowserUnavailable(e)) {
    run.end(step, 'The browser could not start', [linkFinding(run.region, 'link.browser', 'skip', `Not rehearsed: the headless browser could not start (${e.message}).`, '', { title: 'The browser could not start', step })], { status: 'skip', evenIfLocked: true });
  } else if (e instanceof BrowserSessionTimedOut) {
    run.end(step, 'The sign-in took too long', [linkFinding(run.region, 'link.browser', 'fail', `${e.message} The server had not redirected back to Alexa by then.`, 'Make the sign-in pages answer quickly; Alexa users give up on a slow sign-in.', { title: 'The sign-in did not finish in time', step })], { evenIfLocked: true });
  } else {
    // Only the first line of the browser's error, redacted: it names elements, never what was typed.
    const line = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200) ?? '';
    const shown = createRedactor(secrets).redact(line);
    run.end(step, 'The browser stopped', [linkFinding(run.region, 'link.browser', 'fail', `The rehearsal stopped in the browser: ${shown}`, 'Run it again; if it stops at the same page, that page is one the rehearsal cannot drive: turn on the live view.', { title: 'The rehearsal stopped in the browser', step })], { evenIfLocked: true });
  }
}
