// Whether the token URI completes a handshake with a client that offers at most TLS 1.2. Which TLS versions Alexa's
// client offers for the token URI is not documented, and a proxy that allowed only TLS 1.3 was reported to break
// linking, so a TLS 1.3-only server gets a warning. Sends nothing but a HEAD request without credentials, and only
// when the token request itself negotiated TLS 1.3. Sets token.tls-version.

import 'server-only';
import { type OutboundResponse, safeFetch, type SafeFetchOptions } from '@/lib/net';
import { describeFailure } from './exchange';
import type { TokenFindings } from './findings';

const negotiated = (tls: OutboundResponse['tls']) => `${tls?.protocol ?? 'an unknown version'}${tls?.cipher ? `, cipher ${tls.cipher}` : ''}`;

export async function checkTlsVersion(findings: TokenFindings, url: URL, first: OutboundResponse, fetchOptions: SafeFetchOptions): Promise<void> {
  if (!first.tls) {
    findings.set('token.tls-version', 'skip', 'Not checked: no TLS connection was made.');
    return;
  }
  if (first.tls.protocol !== 'TLSv1.3') {
    findings.set('token.tls-version', 'pass', `The token request negotiated ${negotiated(first.tls)}.`, '', { title: `The token request negotiated ${first.tls.protocol ?? 'an unknown TLS version'}` });
    return;
  }
  const capped = await safeFetch(url, { ...fetchOptions, method: 'HEAD', headers: {}, body: undefined, followRedirects: 0, maxBodyBytes: 1024, tlsMaxVersion: 'TLSv1.2' });
  if (capped.ok) {
    findings.set('token.tls-version', 'pass', `A client limited to TLS 1.2 completed the handshake: ${negotiated(capped.response.tls)}. (The token request itself negotiated ${negotiated(first.tls)}.)`, '', { title: `It completes a handshake limited to TLS 1.2 (${capped.response.tls?.protocol ?? 'TLS 1.2'})` });
  } else if (capped.failure.kind === 'tls') {
    findings.set(
      'token.tls-version',
      'warn',
      `The token request negotiated ${negotiated(first.tls)}, but a client limited to TLS 1.2 could not complete a handshake: ${describeFailure(capped.failure)}. The server accepts only TLS 1.3. Which versions Alexa offers for the token URI is not documented; a proxy that allowed only TLS 1.3 was reported to break linking until TLS 1.2 was allowed again.`,
      'Allow TLS 1.2 as well as TLS 1.3 on the token URI (for example ssl_protocols TLSv1.2 TLSv1.3 in nginx, or a minimum TLS version of 1.2 at your CDN or load balancer).', { title: 'The server accepts only TLS 1.3; a client limited to TLS 1.2 is refused' },
    );
  } else {
    findings.set('token.tls-version', 'skip', `Not clear: the connection limited to TLS 1.2 failed on the way: ${describeFailure(capped.failure)}.`);
  }
}
