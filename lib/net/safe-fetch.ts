// THE way every probe fetches a user-supplied URL. What it guarantees:
// - the URL is parsed once with WHATWG URL and checked (scheme, credentials, CR/LF, port, host length);
// - IP literals are checked before connecting; names are resolved here and EVERY answer must be public; the socket
//   then connects to the checked address itself (no second lookup, so DNS rebinding has no window);
// - redirects are never followed automatically: each hop is re-checked with the full policy, at most `followRedirects`
//   hops, only for GET/HEAD, never https→http, and credentials never go to another origin;
// - DNS, connect (TCP + TLS), header and total deadlines; a cap on DECODED body bytes; 16 KB of headers;
// - TLS verification always on (Node's trust store; NODE_EXTRA_CA_CERTS extends it); the chain and errors as data;
// - inside an admitted probe, the addresses a target's name resolves to are counted against that target's limits
//   before connecting (ProbeLimited when they are used up);
// - timings per phase; refused targets throw TargetNotAllowed before any socket opens; network failures are data.
// The steps live next door: ./connect.ts (DNS, TCP, TLS) and ./exchange.ts (the HTTP request and its bounded answer).

import 'server-only';
import type { OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { currentProbeScope, ProbeLimited } from '@/lib/limits/probe-scope';
import { resolvePolicy, type ProbePolicy } from './address-policy';
import type { CookieJar } from './cookie-jar';
import { connectAny, resolveTarget, trustedContext, type ExtraCa, type TlsMaxVersion } from './connect';
import { isTargetNotAllowed, TargetNotAllowed } from './errors';
import { exchange, type HopResult } from './exchange';
import { HopFailure, isHopFailure, round, type HopTiming } from './hop';
import { defaultLookup, type LookupFn } from './resolve';
import type { OutboundResponse, OutboundResult, RedirectHop, Timing } from './types';
import { checkUrl, type Target } from './url-policy';

export const DEFAULT_TIMEOUTS = { dns: 5_000, connect: 5_000, headers: 5_000, total: 10_000 } as const;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 3;

export const USER_AGENT = 'LinkDoctor/0.1 (+Alexa account-linking diagnostics)';

export interface SafeFetchOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  /** Request headers. `Host` is always set from the URL; `User-Agent` defaults to Link Doctor's. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Allow http: URLs (https→http redirects are never followed). Default false. */
  allowHttp?: boolean;
  /** Redirect hops to follow (GET/HEAD only), each re-checked. Default 3. 0 returns the redirect as data. */
  followRedirects?: number;
  /** Cap on decoded body bytes. Default 1 MB. */
  maxBodyBytes?: number;
  /** Deadlines in ms. `total` covers the whole call, redirects included. */
  timeouts?: Partial<Record<keyof typeof DEFAULT_TIMEOUTS, number>>;
  /** Defaults: PROBE_ALLOW_PRIVATE from process.env at call time; no test hooks. */
  policy?: ProbePolicy;
  /** Defaults to dns.lookup with all: true. */
  lookup?: LookupFn;
  /**
   * TEST ONLY: extra trusted CA certificates (PEM). They are ADDED to Node's bundled Mozilla roots
   * (tls.rootCertificates); verification stays on. Node reads NODE_EXTRA_CA_CERTS only at process start, so in-process
   * tests cannot use it; when this option is set, certificates from NODE_EXTRA_CA_CERTS are not included.
   */
  ca?: ExtraCa;
  /**
   * A run's cookie jar: each hop sends the cookies it holds for that hop's host and path, and keeps what each answer
   * sets (bounded; host-only; see ./cookie-jar.ts). Without one, no cookie crosses a redirect.
   */
  cookies?: CookieJar;
  /** Offer no TLS version above this one, to see whether the server still completes a handshake. Default: no cap. */
  tlsMaxVersion?: TlsMaxVersion;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type NotFollowed = NonNullable<OutboundResponse['redirect']>['notFollowed'];

export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const n = name.toLowerCase();
  const values = headers.filter(([k]) => k === n).map(([, v]) => v);
  return values.length ? values.join(', ') : undefined;
}

/**
 * Check a URL against the policy without connecting (DNS answers are checked later, inside safeFetch).
 * Throws TargetNotAllowed.
 */
export function checkTarget(url: string | URL, options: Pick<SafeFetchOptions, 'allowHttp' | 'policy'> = {}): Target {
  return checkUrl(url, { policy: resolvePolicy(options.policy), allowHttp: options.allowHttp ?? false });
}

/**
 * Fetch a user-supplied URL under the outbound policy.
 * @throws TargetNotAllowed when the URL (or its DNS answers) is refused — before any socket to it opens.
 * @returns the response, or a typed network failure as data. Redirects not followed come back as the 3xx response.
 */
export async function safeFetch(url: string | URL, options: SafeFetchOptions = {}): Promise<OutboundResult> {
  const start = performance.now();
  const policy = resolvePolicy(options.policy);
  const allowHttp = options.allowHttp ?? false;
  const maxHops = Math.max(0, Math.floor(options.followRedirects ?? DEFAULT_MAX_REDIRECTS));
  const t = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const deadline = start + t.total;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const lookup = options.lookup ?? defaultLookup;
  const ca = trustedContext(options.ca, options.tlsMaxVersion);
  const method = options.method ?? 'GET';
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');

  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (/[\r\n\0]/.test(k) || /[\r\n\0]/.test(v)) throw new TargetNotAllowed('control-characters', `The ${k.slice(0, 40)} header contains a line break.`);
  }
  let target = checkUrl(url, { policy, allowHttp });
  const redirects: RedirectHop[] = [];
  let callerHeaders: Record<string, string> = { ...options.headers };
  /** The redirect response that led to the current hop (hop > 0). */
  let previous: { response: OutboundResponse; location: string; resolved: string } | null = null;

  for (let hop = 0; ; hop++) {
    const timing: HopTiming = {};
    const timingOut = (): Timing => ({ ...timing, total: round(performance.now() - start) });
    const remaining = () => deadline - performance.now();
    let result: HopResult;
    try {
      let addresses: string[];
      try {
        addresses = await resolveTarget(target, lookup, policy, Math.max(1, Math.min(t.dns, remaining())), timing);
      } catch (e) {
        // A hop whose DNS answer is refused: report it against the redirect that led there.
        if (isTargetNotAllowed(e) && previous) return unfollowed(previous.response, previous.location, previous.resolved, 'refused', e.message);
        throw e;
      }
      // Names that resolve to one address share its budget: counted here, before anything is sent there.
      const refusal = await currentProbeScope()?.claimAddresses(target.hostname, addresses);
      if (refusal) throw new ProbeLimited(refusal);
      if (remaining() <= 0) throw new HopFailure('timeout', 'total', `The ${t.total / 1000} s limit ran out.`);
      const conn = await connectAny(target, addresses, Math.max(1, Math.min(t.connect, remaining())), ca, timing);
      // Only the first request carries a body: followed hops are always GET.
      const sendBody = hop === 0 ? body : undefined;
      result = await exchange(
        target,
        conn,
        { method: hop === 0 ? method : 'GET', headers: requestHeaders(target, withJarCookies(callerHeaders, target, options.cookies), sendBody), ...(sendBody ? { body: sendBody } : {}) },
        { headersMs: t.headers, deadline, totalMs: t.total, maxBodyBytes },
        timing,
      );
    } catch (e) {
      if (isHopFailure(e)) {
        return { ok: false, failure: { kind: e.kind, phase: e.phase, message: e.message, url: target.url.href, ...e.extra, timing: timingOut() } };
      }
      throw e; // TargetNotAllowed for the first URL, or a bug
    }

    options.cookies?.store(target.url, result.headers);
    const response: OutboundResponse = {
      url: target.url.href,
      address: result.address,
      status: result.status,
      statusText: result.statusText,
      httpVersion: result.httpVersion,
      headers: result.headers,
      body: result.body,
      wireBytes: result.wireBytes,
      decodedEncodings: result.decodedEncodings,
      ...(result.tls ? { tls: result.tls } : {}),
      redirects: [...redirects],
      timing: timingOut(),
    };
    const location = headerValue(result.headers, 'location');
    if (!REDIRECT_STATUSES.has(result.status) || location === undefined) return { ok: true, response };

    const next = redirectTarget(target, location, { hop, maxHops, method, policy, allowHttp });
    if ('notFollowed' in next) return unfollowed(response, location, next.resolved, next.notFollowed, next.refusal);
    redirects.push({ url: target.url.href, status: result.status, location, timing: response.timing });
    if (next.target.url.origin !== target.url.origin) {
      // Never carry credentials to another origin.
      callerHeaders = Object.fromEntries(Object.entries(callerHeaders).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));
    }
    previous = { response, location, resolved: next.resolved };
    target = next.target;
  }
}

/** The caller's headers with the jar's cookies for this hop added (after any Cookie header the caller set). */
function withJarCookies(callerHeaders: Record<string, string>, target: Target, jar: CookieJar | undefined): Record<string, string> {
  const fromJar = jar?.header(target.url);
  if (!fromJar) return callerHeaders;
  const own = Object.keys(callerHeaders).find((k) => k.toLowerCase() === 'cookie');
  if (!own) return { ...callerHeaders, Cookie: fromJar };
  return { ...callerHeaders, [own]: `${callerHeaders[own]}; ${fromJar}` };
}

/** The headers of a hop's request: the caller's, except those that shape the connection, which are set here. */
function requestHeaders(target: Target, callerHeaders: Record<string, string>, body: Buffer | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { Host: target.hostHeader };
  const lower = new Set(Object.keys(callerHeaders).map((k) => k.toLowerCase()));
  if (!lower.has('user-agent')) headers['User-Agent'] = USER_AGENT;
  for (const [k, v] of Object.entries(callerHeaders)) {
    if (/^(host|connection|content-length|transfer-encoding)$/i.test(k)) continue;
    headers[k] = v;
  }
  headers.Connection = 'close';
  if (body) headers['Content-Length'] = String(body.length);
  return headers;
}

/**
 * Where a redirect leads, when it is to be followed: the next target, checked with the full policy. Otherwise why it
 * is not followed (the redirect then comes back as the answer).
 */
function redirectTarget(
  from: Target,
  location: string,
  call: { hop: number; maxHops: number; method: string; policy: ProbePolicy & { allowPrivate: boolean }; allowHttp: boolean },
): { target: Target; resolved: string } | { notFollowed: NotFollowed; resolved: string | null; refusal?: string } {
  let resolved: URL | null;
  try {
    resolved = new URL(location, from.url);
  } catch {
    resolved = null;
  }
  const stop = (notFollowed: NotFollowed, refusal?: string) => ({ notFollowed, resolved: resolved?.href ?? null, ...(refusal ? { refusal } : {}) });
  if (call.maxHops === 0) return stop('disabled');
  if (!resolved) return stop('invalid-location');
  // Only safe methods are re-issued: a 307/308 would otherwise replay a POST body (with its secrets) elsewhere.
  if (call.method !== 'GET' && call.method !== 'HEAD') return stop('method');
  if (call.hop >= call.maxHops) return stop('max-hops');
  if (from.protocol === 'https:' && resolved.protocol === 'http:') {
    return stop('refused', 'The redirect goes from https to plain http; Link Doctor does not follow downgrades.');
  }
  try {
    return { target: checkUrl(resolved, { policy: call.policy, allowHttp: call.allowHttp }), resolved: resolved.href };
  } catch (e) {
    if (isTargetNotAllowed(e)) return stop('refused', e.message);
    throw e;
  }
}

/** The redirect response as the answer, saying why it was not followed. */
function unfollowed(response: OutboundResponse, location: string, resolved: string | null, notFollowed: NotFollowed, refusal?: string): OutboundResult {
  return { ok: true, response: { ...response, redirect: { location, resolved, notFollowed, ...(refusal ? { refusal } : {}) } } };
}
