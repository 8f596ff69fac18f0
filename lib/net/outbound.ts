// THE module through which every probe fetches a user-supplied URL.
// (No `import 'server-only'`: it breaks the Playwright unit tests that import this file. Only server code — route
// handlers, server actions and other lib/probe modules — may import it.)
//
// What it guarantees (security.md §1, requirements 2–9):
// - the URL is parsed once with WHATWG URL and checked (scheme, credentials, CR/LF, port, host length);
// - IP literals are checked before connecting; names are resolved here and EVERY answer must be public; the socket
//   then connects to the checked address itself (no second lookup, so DNS rebinding has no window);
// - redirects are never followed automatically: each hop is re-checked with the full policy, at most `followRedirects`
//   hops, only for GET/HEAD, never https→http;
// - DNS, connect (TCP + TLS), header and total deadlines; a cap on DECODED body bytes; 16 KB of headers;
// - TLS verification always on (Node's trust store; NODE_EXTRA_CA_CERTS extends it); the chain and errors as data;
// - inside an admitted probe, the addresses a target's name resolves to are counted against that target's limits
//   before connecting (ProbeLimited when they are used up);
// - timings per phase; refused targets throw TargetNotAllowed before any socket opens; network failures are data.

import 'server-only';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  connect as tlsConnect,
  createSecureContext,
  rootCertificates,
  type DetailedPeerCertificate,
  type PeerCertificate,
  type SecureContext,
  type TLSSocket,
} from 'node:tls';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { currentProbeScope, ProbeLimited } from '@/lib/limits/probe-scope';
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';
import { refusedAddress, resolvePolicy, type ProbePolicy } from './address-policy';
import { isTargetNotAllowed, TargetNotAllowed } from './errors';
import { certMatchesHost, isTlsErrorCode, summariseChain, tlsErrorMessage } from './tls-info';
import type { FailureKind, FailurePhase, OutboundFailure, OutboundResponse, OutboundResult, RedirectHop, Timing, TlsInfo } from './types';
import { checkUrl, refusedAnswerMessage, type Target } from './url-policy';

export { isPrivateModeOn, type ProbePolicy } from './address-policy';
export { TargetNotAllowed, isTargetNotAllowed } from './errors';
export type { OutboundFailure, OutboundResponse, OutboundResult, Timing, TlsInfo } from './types';

export const DEFAULT_TIMEOUTS = { dns: 5_000, connect: 5_000, headers: 5_000, total: 10_000 } as const;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_MAX_REDIRECTS = 3;
/** Most DNS answers we look at (all are checked; the rest are not tried). */
const MAX_ADDRESSES = 16;
const MAX_CONTENT_ENCODINGS = 3;

export const USER_AGENT = 'LinkDoctor/0.1 (+Alexa account-linking diagnostics)';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Resolves a host name to ALL its addresses (tests inject their own). */
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

export const defaultLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

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
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

interface HopTiming {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
}

/** Internal: a hop failed at the network level. */
class HopFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly phase: FailurePhase,
    message: string,
    readonly extra: Partial<Pick<OutboundFailure, 'code' | 'address' | 'tls' | 'status' | 'headers' | 'bodyBytes'>> = {},
  ) {
    super(message);
    markErrorKind(this, 'HopFailure');
  }
}

const isHopFailure = (e: unknown): e is HopFailure => hasErrorKind(e, 'HopFailure');

function errCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') return (e as { code: string }).code;
  return undefined;
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- DNS ---------------------------------------------------------------------------------------------------------

async function resolveChecked(
  target: Target,
  lookup: LookupFn,
  policy: ProbePolicy,
  budgetMs: number,
  timing: HopTiming,
): Promise<string[]> {
  if (target.ipLiteral) {
    timing.dns = 0;
    return [target.ipLiteral]; // already checked by checkUrl
  }
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let answers: ResolvedAddress[];
  try {
    answers = await Promise.race([
      lookup(target.hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HopFailure('timeout', 'dns', `Looking up ${target.hostname} in DNS took longer than ${budgetMs / 1000} s.`)), budgetMs);
      }),
    ]);
  } catch (e) {
    if (isHopFailure(e)) throw e;
    const code = errCode(e);
    const message =
      code === 'ENOTFOUND' || code === 'ENODATA'
        ? `${target.hostname} does not exist in DNS (no address found).`
        : code === 'EAI_AGAIN' || code === 'ESERVFAIL'
          ? `DNS could not answer for ${target.hostname} right now (temporary failure).`
          : `Looking up ${target.hostname} in DNS failed${code ? ` (${code})` : ''}.`;
    throw new HopFailure('dns', 'dns', message, code ? { code } : {});
  } finally {
    clearTimeout(timer);
    timing.dns = round(performance.now() - t0);
  }
  if (!Array.isArray(answers) || answers.length === 0) {
    throw new HopFailure('dns', 'dns', `${target.hostname} does not exist in DNS (no address found).`, { code: 'ENODATA' });
  }
  // Every answer must be public: one private answer refuses the whole host (H24).
  const checked: string[] = [];
  for (const a of answers) {
    const refused = refusedAddress(String(a.address), policy);
    if (refused) {
      throw new TargetNotAllowed('address', refusedAnswerMessage(target.hostname, refused.address, refused.class ?? 'invalid', refused.embedded), {
        host: target.hostname,
        address: refused.address,
      });
    }
    if (!checked.includes(a.address) && isIP(a.address) !== 0) checked.push(a.address);
  }
  return checked.slice(0, MAX_ADDRESSES);
}

// ---- Connect (TCP + TLS) -----------------------------------------------------------------------------------------

interface Connected {
  socket: Socket;
  address: string;
  tls?: TlsInfo;
}

const secureContexts = new Map<string, SecureContext>();

let defaultContext: SecureContext | undefined;

/**
 * The secure context of a connection, built once and reused: Node's default trust (its bundled roots and
 * NODE_EXTRA_CA_CERTS), or in tests those roots PLUS the given CAs. tls.connect would otherwise build one per
 * connection, which costs CPU on every probe (~30 ms with extra CAs). Reuse is safe: a client context resumes no
 * session unless one is handed to it.
 */
function trustedContext(ca: SafeFetchOptions['ca']): SecureContext {
  if (ca === undefined) return (defaultContext ??= createSecureContext());
  const extra = (typeof ca === 'string' || Buffer.isBuffer(ca) ? [ca] : [...ca]).map((c) => c.toString());
  const key = extra.join('\n');
  let ctx = secureContexts.get(key);
  if (!ctx) {
    ctx = createSecureContext({ ca: [...rootCertificates, ...extra] });
    if (secureContexts.size > 16) secureContexts.clear();
    secureContexts.set(key, ctx);
  }
  return ctx;
}

function tlsInfoFrom(sock: TLSSocket, servername: string, cert: DetailedPeerCertificate | PeerCertificate | null, error?: { code?: string; message: string }): TlsInfo {
  const cipher = (() => {
    try {
      return sock.getCipher()?.name ?? null;
    } catch {
      return null;
    }
  })();
  const protocol = (() => {
    try {
      return sock.getProtocol() ?? null;
    } catch {
      return null;
    }
  })();
  const info: TlsInfo = {
    protocol,
    cipher,
    authorized: !error && sock.authorized === true,
    hostMatch: certMatchesHost(servername, cert),
    servername,
    chain: summariseChain(cert),
  };
  if (error) {
    if (error.code) info.errorCode = error.code;
    info.errorMessage = error.message;
  }
  return info;
}

function connectOnce(
  target: Target,
  address: string,
  budgetMs: number,
  secureContext: SecureContext | undefined,
  timing: HopTiming,
): Promise<Connected> {
  return new Promise<Connected>((resolve, reject) => {
    const t0 = performance.now();
    let tcpAt: number | undefined;
    const https = target.protocol === 'https:';
    // The name checked against the certificate: the host name, or the IP literal itself.
    const servername = target.ipLiteral ?? target.hostname;
    let peerCert: DetailedPeerCertificate | null = null;
    let settled = false;

    let socket: Socket;
    if (https) {
      const tlsSock = tlsConnect({
        host: address, // the checked address: no second DNS lookup
        port: target.port,
        ...(target.ipLiteral ? {} : { servername: target.hostname }),
        rejectUnauthorized: true,
        ...(secureContext ? { secureContext } : {}),
        ALPNProtocols: ['http/1.1'],
        // Node's default checkServerIdentity stays in place; tlsInfoFrom() records whether the name matched.
      });
      // Runs before Node's own 'secure' handler, which verifies and may destroy the socket: capture the chain first.
      tlsSock.prependListener('secure', () => {
        try {
          peerCert = tlsSock.getPeerCertificate(true);
        } catch {
          peerCert = null;
        }
      });
      tlsSock.once('secureConnect', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const now = performance.now();
        timing.connect = round((tcpAt ?? now) - t0);
        timing.tls = round(now - (tcpAt ?? now));
        resolve({ socket: tlsSock, address, tls: tlsInfoFrom(tlsSock, servername, peerCert) });
      });
      socket = tlsSock;
    } else {
      socket = netConnect({ host: address, port: target.port });
    }

    const onError = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const code = errCode(e);
      if (tcpAt !== undefined) {
        timing.connect = round(tcpAt - t0);
        timing.tls = round(performance.now() - tcpAt);
      } else {
        timing.connect = round(performance.now() - t0);
      }
      if (https && (tcpAt !== undefined || isTlsErrorCode(code))) {
        const msg = tlsErrorMessage(code, errMessage(e));
        const info = tlsInfoFrom(socket as TLSSocket, servername, peerCert, { ...(code ? { code } : {}), message: msg });
        reject(new HopFailure('tls', 'tls', msg, { ...(code ? { code } : {}), address, tls: info }));
        return;
      }
      reject(new HopFailure('connect', 'connect', connectErrorMessage(target, address, code, e), { ...(code ? { code } : {}), address }));
    };
    // Stays attached (a no-op once settled) so a late socket error can never go unhandled; the HTTP client adds its own.
    socket.on('error', onError);
    socket.once('connect', () => {
      tcpAt = performance.now();
      if (!https && !settled) {
        settled = true;
        clearTimeout(timer);
        timing.connect = round(tcpAt - t0);
        resolve({ socket, address });
      }
    });
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const inTls = tcpAt !== undefined;
      if (inTls) {
        timing.connect = round((tcpAt ?? 0) - t0);
        timing.tls = round(performance.now() - (tcpAt ?? 0));
      } else timing.connect = round(performance.now() - t0);
      reject(
        new HopFailure(
          'timeout',
          inTls ? 'tls' : 'connect',
          inTls
            ? `The server accepted the connection but did not complete the TLS handshake within ${budgetMs / 1000} s.`
            : `Connecting to ${target.hostname} (${address}) port ${target.port} took longer than ${budgetMs / 1000} s.`,
          { address },
        ),
      );
    }, budgetMs);
  });
}

function connectErrorMessage(target: Target, address: string, code: string | undefined, e: unknown): string {
  const where = `${target.hostname}${target.ipLiteral ? '' : ` (${address})`} port ${target.port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection: nothing is listening there.`;
    case 'ECONNRESET':
      return `${where} reset the connection.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from Link Doctor's network.`;
    case 'ETIMEDOUT':
      return `Connecting to ${where} timed out.`;
    default:
      return `Connecting to ${where} failed: ${errMessage(e)}`;
  }
}

async function connectAny(target: Target, addresses: string[], budgetMs: number, ca: SecureContext | undefined, timing: HopTiming): Promise<Connected> {
  const deadline = performance.now() + budgetMs;
  let last: unknown;
  for (const address of addresses) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    try {
      return await connectOnce(target, address, left, ca, timing);
    } catch (e) {
      last = e;
      // Only try the next address when this one could not be reached at all.
      if (!isHopFailure(e) || e.kind !== 'connect') throw e;
    }
  }
  if (last) throw last;
  throw new HopFailure('timeout', 'connect', `Connecting to ${target.hostname} took longer than ${budgetMs / 1000} s.`);
}

// ---- HTTP exchange -----------------------------------------------------------------------------------------------

/** One request's answer: a response before the redirect bookkeeping and timings are added. */
type HopResult = Omit<OutboundResponse, 'url' | 'redirects' | 'redirect' | 'timing'>;

function headerPairs(res: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([String(raw[i]).toLowerCase(), String(raw[i + 1])]);
  return out;
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

function exchange(
  target: Target,
  conn: Connected,
  req: { method: string; headers: OutgoingHttpHeaders; body?: Buffer },
  limits: { headersMs: number; deadline: number; totalMs: number; maxBodyBytes: number },
  timing: HopTiming,
): Promise<HopResult> {
  return new Promise<HopResult>((resolve, reject) => {
    const { socket } = conn;
    let done = false;
    let status: number | undefined;
    let headers: Array<[string, string]> | undefined;
    let decodedBytes = 0;
    const timers: NodeJS.Timeout[] = [];
    const sentAt = performance.now();

    const finish = (err: HopFailure | null, result?: HopResult) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      if (err) {
        request.destroy();
        socket.destroy();
        reject(err);
      } else if (result) {
        socket.destroy();
        resolve(result);
      }
    };
    const failWith = (kind: FailureKind, phase: FailurePhase, message: string, code?: string) =>
      finish(
        new HopFailure(kind, phase, message, {
          address: conn.address,
          ...(code ? { code } : {}),
          ...(conn.tls ? { tls: conn.tls } : {}),
          ...(status !== undefined ? { status } : {}),
          ...(headers ? { headers } : {}),
          ...(status !== undefined ? { bodyBytes: decodedBytes } : {}),
        }),
      );

    const request = httpRequest({
      method: req.method,
      path: `${target.url.pathname}${target.url.search}`,
      headers: req.headers,
      setHost: false,
      createConnection: () => socket,
      maxHeaderSize: MAX_HEADER_BYTES,
      insecureHTTPParser: false,
    });

    // First byte: listen only once the HTTP parser owns the socket (its 'socket' event), so no data is taken from it.
    request.once('socket', (s: Socket) => {
      s.once('data', () => {
        timing.firstByte ??= round(performance.now() - sentAt);
      });
    });

    const remaining = () => Math.max(0, limits.deadline - performance.now());
    timers.push(
      setTimeout(() => {
        if (status === undefined) failWith('timeout', 'headers', `The server did not send complete response headers within ${limits.headersMs / 1000} s.`);
      }, Math.min(limits.headersMs, remaining())),
    );
    timers.push(
      setTimeout(() => {
        failWith(
          'timeout',
          status === undefined ? 'headers' : 'body',
          status === undefined
            ? `Nothing complete came back within the ${limits.totalMs / 1000} s limit.`
            : `The response body was still arriving when the ${limits.totalMs / 1000} s limit ran out.`,
        );
      }, remaining()),
    );

    request.on('error', (e) => {
      const code = errCode(e);
      if (code === 'HPE_HEADER_OVERFLOW') {
        failWith('protocol', 'headers', `The response headers are larger than ${MAX_HEADER_BYTES / 1024} KB.`, code);
      } else if (code?.startsWith('HPE_')) {
        failWith('protocol', status === undefined ? 'headers' : 'body', `The server sent a malformed HTTP response (${code}).`, code);
      } else if (code === 'ECONNRESET' && status === undefined) {
        failWith('protocol', 'headers', 'The server closed the connection without sending a response.', code);
      } else {
        failWith('protocol', status === undefined ? 'headers' : 'body', `The connection failed: ${errMessage(e)}`, code);
      }
    });

    request.on('response', (res: IncomingMessage) => {
      status = res.statusCode ?? 0;
      headers = headerPairs(res);
      timing.firstByte ??= round(performance.now() - sentAt);

      const cl = res.headers['content-length'];
      const encodings = String(res.headers['content-encoding'] ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '' && s !== 'identity');
      if (encodings.length === 0 && cl !== undefined && Number(cl) > limits.maxBodyBytes) {
        failWith('too-large', 'body', `The response body is ${cl} bytes (Content-Length), over the ${limits.maxBodyBytes}-byte limit.`);
        return;
      }
      if (encodings.length > MAX_CONTENT_ENCODINGS) {
        failWith('protocol', 'body', `The response is compressed ${encodings.length} times over (Content-Encoding: ${encodings.join(', ')}).`);
        return;
      }
      // Undo encodings in reverse order of application.
      const decoders: Transform[] = [];
      for (const enc of [...encodings].reverse()) {
        const d = decoderFor(enc);
        if (!d) {
          failWith('protocol', 'body', `The response uses an unsupported Content-Encoding: ${enc.slice(0, 40)}.`);
          return;
        }
        decoders.push(d);
      }
      let wireBytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        wireBytes += c.length;
      });
      // Chain: res → d1 → d2 → … → sink
      let stream: NodeJS.ReadableStream = res;
      for (const d of decoders) {
        d.on('error', (e: Error) => failWith('protocol', 'body', `The body could not be decompressed (${encodings.join(', ')}): ${errMessage(e)}`, errCode(e)));
        stream = stream.pipe(d);
      }
      stream.on('data', (c: Buffer) => {
        if (done) return;
        decodedBytes += c.length;
        if (decodedBytes > limits.maxBodyBytes) {
          for (const d of decoders) d.destroy();
          failWith(
            'too-large',
            'body',
            encodings.length
              ? `The decompressed body is over the ${limits.maxBodyBytes}-byte limit (Content-Encoding: ${encodings.join(', ')}; ${wireBytes} bytes on the wire so far).`
              : `The response body is over the ${limits.maxBodyBytes}-byte limit.`,
          );
          return;
        }
        chunks.push(c);
      });
      res.on('aborted', () => {
        failWith(
          'protocol',
          'body',
          cl !== undefined
            ? `The server closed the connection before sending the whole body (Content-Length said ${cl} bytes, ${wireBytes} arrived).`
            : 'The server closed the connection in the middle of the body.',
          'ECONNRESET',
        );
      });
      res.on('error', (e) => {
        const code = errCode(e);
        failWith(
          'protocol',
          'body',
          cl !== undefined && code === 'ECONNRESET'
            ? `The server closed the connection before sending the whole body (Content-Length said ${cl} bytes, ${wireBytes} arrived).`
            : `The response body could not be read: ${errMessage(e)}`,
          code,
        );
      });
      stream.on('end', () => {
        finish(null, {
          status: status ?? 0,
          statusText: res.statusMessage ?? '',
          httpVersion: res.httpVersion,
          headers: headers ?? [],
          body: Buffer.concat(chunks),
          wireBytes,
          decodedEncodings: encodings,
          address: conn.address,
          ...(conn.tls ? { tls: conn.tls } : {}),
        });
      });
    });

    request.end(req.body);
  });
}

// ---- Public API --------------------------------------------------------------------------------------------------

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

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
  const ca = trustedContext(options.ca);
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
        addresses = await resolveChecked(target, lookup, policy, Math.max(1, Math.min(t.dns, remaining())), timing);
      } catch (e) {
        // A hop whose DNS answer is refused: report it against the redirect that led there.
        if (isTargetNotAllowed(e) && previous) {
          redirects.pop();
          return {
            ok: true,
            response: {
              ...previous.response,
              redirect: { location: previous.location, resolved: previous.resolved, notFollowed: 'refused', refusal: e.message },
            },
          };
        }
        throw e;
      }
      // Names that resolve to one address share its budget: counted here, before anything is sent there.
      const refusal = currentProbeScope()?.claimAddresses(target.hostname, addresses);
      if (refusal) throw new ProbeLimited(refusal);
      if (remaining() <= 0) throw new HopFailure('timeout', 'total', `The ${t.total / 1000} s limit ran out.`);
      const conn = await connectAny(target, addresses, Math.max(1, Math.min(t.connect, remaining())), ca, timing);
      const headers: OutgoingHttpHeaders = { Host: target.hostHeader };
      const lower = new Set(Object.keys(callerHeaders).map((k) => k.toLowerCase()));
      if (!lower.has('user-agent')) headers['User-Agent'] = USER_AGENT;
      for (const [k, v] of Object.entries(callerHeaders)) {
        if (/^(host|connection|content-length|transfer-encoding)$/i.test(k)) continue;
        headers[k] = v;
      }
      headers.Connection = 'close';
      // Only the first request carries a body: followed hops are always GET.
      const sendBody = hop === 0 ? body : undefined;
      if (sendBody) headers['Content-Length'] = String(sendBody.length);
      result = await exchange(
        target,
        conn,
        { method: hop === 0 ? method : 'GET', headers, ...(sendBody ? { body: sendBody } : {}) },
        { headersMs: t.headers, deadline, totalMs: t.total, maxBodyBytes },
        timing,
      );
    } catch (e) {
      if (isHopFailure(e)) {
        return { ok: false, failure: { kind: e.kind, phase: e.phase, message: e.message, url: target.url.href, ...e.extra, timing: timingOut() } };
      }
      throw e; // TargetNotAllowed for the first URL, or a bug
    }

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

    // A redirect: decide whether to follow it.
    let resolved: URL | null;
    try {
      resolved = new URL(location, target.url);
    } catch {
      resolved = null;
    }
    const notFollowed = (why: NonNullable<OutboundResponse['redirect']>['notFollowed'], refusal?: string): OutboundResult => ({
      ok: true,
      response: { ...response, redirect: { location, resolved: resolved?.href ?? null, notFollowed: why, ...(refusal ? { refusal } : {}) } },
    });
    if (maxHops === 0) return notFollowed('disabled');
    if (!resolved) return notFollowed('invalid-location');
    // Only safe methods are re-issued: a 307/308 would otherwise replay a POST body (with its secrets) elsewhere.
    if (method !== 'GET' && method !== 'HEAD') return notFollowed('method');
    if (hop >= maxHops) return notFollowed('max-hops');
    if (target.protocol === 'https:' && resolved.protocol === 'http:') {
      return notFollowed('refused', 'The redirect goes from https to plain http; Link Doctor does not follow downgrades.');
    }
    let next: Target;
    try {
      next = checkUrl(resolved, { policy, allowHttp });
    } catch (e) {
      if (isTargetNotAllowed(e)) return notFollowed('refused', e.message);
      throw e;
    }
    redirects.push({ url: target.url.href, status: result.status, location });
    if (next.url.origin !== target.url.origin) {
      // Never carry credentials to another origin.
      callerHeaders = Object.fromEntries(Object.entries(callerHeaders).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));
    }
    previous = { response, location, resolved: resolved.href };
    target = next;
  }
}
