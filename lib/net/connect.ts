// Reaching the server for one hop of safeFetch: its name resolved and every answer checked, then TCP (and TLS) to a
// checked address itself, so that no second lookup can point the connection elsewhere. TLS verification is always on,
// against Node's trust store; what the handshake showed (the chain, the error) comes back as data.

import 'server-only';
import { connect as netConnect, type Socket } from 'node:net';
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
import type { ProbePolicy } from './address-policy';
import { errorCode, errorMessage } from './errors';
import { HopFailure, isHopFailure, round, type HopTiming } from './hop';
import { checkedAddresses, lookupWithin, type LookupFn } from './resolve';
import { certMatchesHost, isTlsErrorCode, summariseChain, tlsErrorMessage } from './tls-info';
import type { TlsInfo } from './types';
import type { Target } from './url-policy';

/** TEST ONLY: extra trusted CA certificates (PEM), added to Node's bundled roots. */
export type ExtraCa = string | Buffer | ReadonlyArray<string | Buffer>;

// ---- DNS ---------------------------------------------------------------------------------------------------------

/**
 * The checked addresses of the target: its IP literal, or every answer for its name (all must be public).
 * @throws TargetNotAllowed for a refused answer; HopFailure when DNS fails or runs out of time.
 */
export async function resolveTarget(target: Target, lookup: LookupFn, policy: ProbePolicy, budgetMs: number, timing: HopTiming): Promise<string[]> {
  if (target.ipLiteral) {
    timing.dns = 0;
    return [target.ipLiteral]; // already checked by checkUrl
  }
  const { hostname } = target;
  const t0 = performance.now();
  const found = await lookupWithin(lookup, hostname, budgetMs);
  timing.dns = round(performance.now() - t0);
  if (found.ok) return checkedAddresses(hostname, found.answers, policy);
  switch (found.failure) {
    case 'timeout':
      throw new HopFailure('timeout', 'dns', `Looking up ${hostname} in DNS took longer than ${budgetMs / 1000} s.`);
    case 'no-answer':
      throw new HopFailure('dns', 'dns', `${hostname} does not exist in DNS (no address found).`, { code: 'ENODATA' });
    case 'error': {
      const { code } = found;
      const message =
        code === 'ENOTFOUND' || code === 'ENODATA'
          ? `${hostname} does not exist in DNS (no address found).`
          : code === 'EAI_AGAIN' || code === 'ESERVFAIL'
            ? `DNS could not answer for ${hostname} right now (temporary failure).`
            : `Looking up ${hostname} in DNS failed${code ? ` (${code})` : ''}.`;
      throw new HopFailure('dns', 'dns', message, code ? { code } : {});
    }
  }
}

// ---- Connect (TCP + TLS) -----------------------------------------------------------------------------------------

export interface Connected {
  socket: Socket;
  address: string;
  tls?: TlsInfo;
}

/** The highest TLS version a connection may offer, when it must be capped. */
export type TlsMaxVersion = 'TLSv1.2';

const secureContexts = new Map<string, SecureContext>();

let defaultContext: SecureContext | undefined;

/**
 * The secure context of a connection, built once and reused: Node's default trust (its bundled roots and
 * NODE_EXTRA_CA_CERTS), or in tests those roots PLUS the given CAs. tls.connect would otherwise build one per
 * connection, which costs CPU on every probe (~30 ms with extra CAs). Reuse is safe: a client context resumes no
 * session unless one is handed to it. `maxVersion` caps the TLS version offered (the version is a property of the
 * context, so tls.connect ignores it beside one).
 */
export function trustedContext(ca: ExtraCa | undefined, maxVersion?: TlsMaxVersion): SecureContext {
  if (ca === undefined && maxVersion === undefined) return (defaultContext ??= createSecureContext());
  const extra = ca === undefined ? [] : (typeof ca === 'string' || Buffer.isBuffer(ca) ? [ca] : [...ca]).map((c) => c.toString());
  const key = `${maxVersion ?? ''}\n${extra.join('\n')}`;
  let ctx = secureContexts.get(key);
  if (!ctx) {
    ctx = createSecureContext({ ...(extra.length ? { ca: [...rootCertificates, ...extra] } : {}), ...(maxVersion ? { maxVersion } : {}) });
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
      const code = errorCode(e);
      if (tcpAt !== undefined) {
        timing.connect = round(tcpAt - t0);
        timing.tls = round(performance.now() - tcpAt);
      } else {
        timing.connect = round(performance.now() - t0);
      }
      if (https && (tcpAt !== undefined || isTlsErrorCode(code))) {
        const msg = tlsErrorMessage(code, errorMessage(e));
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
      return `Connecting to ${where} failed: ${errorMessage(e)}`;
  }
}

/** Connect to the first address that can be reached at all, within `budgetMs` for them all. */
export async function connectAny(target: Target, addresses: string[], budgetMs: number, ca: SecureContext | undefined, timing: HopTiming): Promise<Connected> {
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
