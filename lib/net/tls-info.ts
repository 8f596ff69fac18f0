// Turns Node's peer-certificate objects into plain data, and TLS errors into plain words.

import 'server-only';
import { checkServerIdentity, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import type { CertSummary } from './types';

function dn(obj: unknown): string {
  if (!obj || typeof obj !== 'object') return '';
  return Object.entries(obj as Record<string, unknown>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

function iso(date: string | undefined): string | null {
  if (!date) return null;
  const t = Date.parse(date);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function summariseCert(cert: PeerCertificate): CertSummary {
  const subject = dn(cert.subject);
  const issuer = dn(cert.issuer);
  return {
    subject,
    issuer,
    validFrom: cert.valid_from ?? '',
    validTo: cert.valid_to ?? '',
    validFromIso: iso(cert.valid_from),
    validToIso: iso(cert.valid_to),
    subjectAltNames: cert.subjectaltname ?? null,
    fingerprint256: cert.fingerprint256 ?? '',
    selfSigned: subject !== '' && subject === issuer,
  };
}

/** Leaf first; follows issuerCertificate links (Node ends a complete chain with the self-issued root). */
export function summariseChain(leaf: DetailedPeerCertificate | PeerCertificate | null | undefined, max = 10): CertSummary[] {
  const out: CertSummary[] = [];
  const seen = new Set<string>();
  let cur = leaf as DetailedPeerCertificate | undefined;
  while (cur && typeof cur === 'object' && Object.keys(cur).length > 0 && out.length < max) {
    const fp = cur.fingerprint256 ?? String(out.length);
    if (seen.has(fp)) break;
    seen.add(fp);
    out.push(summariseCert(cur));
    const next = cur.issuerCertificate;
    if (!next || next === cur) break;
    cur = next;
  }
  return out;
}

/** Whether the certificate names `host` (same rules as Node's own check). Null when there is no certificate. */
export function certMatchesHost(host: string, cert: PeerCertificate | null | undefined): boolean | null {
  if (!cert || Object.keys(cert).length === 0) return null;
  try {
    return checkServerIdentity(host, cert) === undefined;
  } catch {
    return false;
  }
}

const TLS_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The server presents a self-signed certificate, which no one else trusts.',
  SELF_SIGNED_CERT_IN_CHAIN: 'The certificate chain ends in a self-signed root that is not in the trusted store.',
  CERT_HAS_EXPIRED: 'The server’s certificate has expired.',
  CERT_NOT_YET_VALID: 'The server’s certificate is not valid yet (check the server’s clock or the certificate dates).',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The server’s certificate is for another host name.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'The certificate could not be traced to a trusted authority; usually the server does not send the intermediate certificate(s) with its own.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'The certificate’s issuer is not in the trusted store; either the chain is incomplete or the issuing authority is not publicly trusted.',
  UNABLE_TO_GET_ISSUER_CERT: 'The certificate’s issuer could not be found; the chain is incomplete.',
  CERT_REVOKED: 'The certificate has been revoked.',
  CERT_SIGNATURE_FAILURE: 'The certificate’s signature is invalid.',
  ERR_SSL_WRONG_VERSION_NUMBER: 'The server did not answer with TLS; it probably speaks plain HTTP on this port.',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'The server only offers an old TLS version (below 1.2) that is no longer accepted.',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'The server and client share no TLS version; the server probably only offers TLS below 1.2.',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'The server only offers an old TLS version that is no longer accepted.',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'The TLS handshake failed: the server and client share no cipher or protocol.',
  ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR: 'The server aborted the TLS handshake (internal error).',
  ERR_SSL_TLSV1_UNRECOGNIZED_NAME: 'The server does not recognise this host name (no certificate configured for it).',
};

export function tlsErrorMessage(code: string | undefined, fallback: string): string {
  return (code && TLS_MESSAGES[code]) ?? `The TLS handshake failed: ${fallback}`;
}

const TLS_CODES = new Set(Object.keys(TLS_MESSAGES));

/** Whether a socket error is a TLS (certificate or handshake) error rather than a TCP one. */
export function isTlsErrorCode(code: string | undefined): boolean {
  if (!code) return false;
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /CERT|SIGNATURE|ISSUER|SELF_SIGNED/.test(code);
}
