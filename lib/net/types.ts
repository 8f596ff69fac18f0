// Plain data types of outbound results. Types only: client components may import them with `import type`, which
// the compiler erases, so no server code reaches the browser.

import 'server-only';

/** Phase durations in milliseconds (rounded to 0.1 ms). Phases that did not happen are absent. */
export interface Timing {
  /** Resolving the host name (0 for an IP literal). */
  dns?: number;
  /** TCP connect. */
  connect?: number;
  /** TLS handshake. */
  tls?: number;
  /** From the request being sent to the first byte of the response. */
  firstByte?: number;
  /** The whole call, redirects and body included. */
  total: number;
}

export interface CertSummary {
  subject: string;
  issuer: string;
  /** As Node reports them, e.g. "Jan  1 00:00:00 2030 GMT", plus ISO versions. */
  validFrom: string;
  validTo: string;
  validFromIso: string | null;
  validToIso: string | null;
  subjectAltNames: string | null;
  fingerprint256: string;
  selfSigned: boolean;
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  /** The certificate chain verified against the trust store and the host name. */
  authorized: boolean;
  /** OpenSSL/Node code when verification failed, e.g. CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID. */
  errorCode?: string;
  errorMessage?: string;
  /** Whether the leaf certificate names the host; null when no certificate was seen. */
  hostMatch: boolean | null;
  /** Name checked against the certificate. */
  servername: string;
  /** Leaf first, as the server sent it (plus the trust anchor when Node resolved it). */
  chain: CertSummary[];
}

export type FailureKind = 'dns' | 'connect' | 'tls' | 'timeout' | 'too-large' | 'protocol';
export type FailurePhase = 'dns' | 'connect' | 'tls' | 'headers' | 'body' | 'total';

/** A network-level failure, as data. */
export interface OutboundFailure {
  kind: FailureKind;
  phase: FailurePhase;
  /** Node/OpenSSL error code when there was one (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, HPE_HEADER_OVERFLOW …). */
  code?: string;
  /** Plain-language explanation. */
  message: string;
  url: string;
  address?: string;
  tls?: TlsInfo;
  /** Set when the failure came after the status line (body too large, drip, truncated body). */
  status?: number;
  headers?: Array<[string, string]>;
  /** Decoded bytes received before the failure. */
  bodyBytes?: number;
  timing: Timing;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
  /** This hop's phases; its `total` counts from the start of the whole call, like the final response's. */
  timing: Timing;
}

export interface OutboundResponse {
  url: string;
  address: string;
  status: number;
  statusText: string;
  httpVersion: string;
  /** Raw header pairs in order received, names lower-cased. */
  headers: Array<[string, string]>;
  /** Decoded body (Content-Encoding undone). */
  body: Buffer;
  /** Bytes on the wire (before decoding). */
  wireBytes: number;
  /** Content-Encoding values that were decoded, outermost last. */
  decodedEncodings: string[];
  tls?: TlsInfo;
  /** Hops that were followed before this response. */
  redirects: RedirectHop[];
  /**
   * Set when this response is itself a redirect that was not followed: `location` resolved against the URL, and
   * why it was not followed.
   */
  redirect?: {
    location: string;
    resolved: string | null;
    notFollowed: 'disabled' | 'max-hops' | 'refused' | 'method' | 'invalid-location';
    refusal?: string;
  };
  timing: Timing;
}

export type OutboundResult = { ok: true; response: OutboundResponse } | { ok: false; failure: OutboundFailure };
