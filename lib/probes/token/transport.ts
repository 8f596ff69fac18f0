// How the token endpoint is reached, as Alexa reaches it: over https on port 443, with a publicly trusted certificate,
// answering within Alexa's deadline and without redirecting. Sets token.https, token.port, token.tls,
// token.reachable, token.response-time and token.redirect.

import { type OutboundFailure, type OutboundResponse, portAllowed, type ProbePolicy, type TlsInfo } from '@/lib/net';
import { ALEXA_TOKEN_DEADLINE_MS } from '@/lib/alexa';
import { describeFailure } from './exchange';
import type { TokenFindings } from './findings';
import { header, quote, statusLine, TOKEN_REPLY_MAX_BYTES } from './reply';

/**
 * The token URI's scheme and port, before anything is sent. Returns false when nothing may be sent: plain http would
 * carry the client secret and the code unencrypted, and outside local development only the standard ports are
 * called. The findings not checked then are marked so.
 */
export function checkTokenUri(findings: TokenFindings, url: URL, policy: ProbePolicy): boolean {
  if (url.protocol !== 'https:') {
    findings.set(
      'token.https',
      'fail',
      `The token URI starts with ${url.protocol}// — Alexa only calls https token URIs, and the client secret and code must never travel unencrypted. Link Doctor sent nothing.`,
      'Serve the token endpoint over https (port 443) with a certificate from a publicly trusted authority, and enter the https URL in the Alexa console.',
      { title: `The token URI uses ${url.protocol.slice(0, -1)}; Alexa calls https only` },
    );
    findings.skipRest('Not checked: the token URI is not https, so nothing was sent.');
    return false;
  }
  findings.set('token.https', 'pass', 'The token URI uses https.', '', { title: 'The token URI uses https' });

  const port = url.port === '' ? 443 : Number(url.port);
  if (!portAllowed(port, policy)) {
    // The port itself is then the finding.
    findings.set(
      'token.port',
      'fail',
      `The token URI uses port ${port}. Alexa expects https on port 443, and Link Doctor does not call other ports, so it sent nothing.`,
      'Serve the token endpoint on port 443 and enter that URL in the Alexa console.',
      { title: `The token URI uses port ${port}, not 443` },
    );
    findings.skipRest('Not checked: the token URI is not on port 443, so nothing was sent.');
    return false;
  }
  if (port === 443) findings.set('token.port', 'pass', 'The token URI uses the standard https port, 443.', '', { title: 'The token URI uses port 443' });
  else
    findings.set(
      'token.port',
      'warn',
      `The token URI uses port ${port}. Amazon requires port 443 for the authorization URI, and its rules for the token URI are not fully published.`,
      'Serve the token endpoint on port 443.',
      { title: `The token URI uses port ${port}, not 443` },
    );
  return true;
}

/** When no complete reply came back: what failed (DNS, connection, TLS, time, size). The rest is not checked. */
export function checkNoReply(findings: TokenFindings, f: OutboundFailure): void {
  if (f.kind === 'tls' && f.tls) checkTls(findings, f.tls, f);
  else if (f.kind === 'timeout' && f.phase === 'tls') {
    findings.set('token.tls', 'fail', f.message, 'Make sure the server completes the TLS handshake (is TLS actually configured on this port?).', {
      title: 'The TLS handshake did not finish in time',
    });
  } else if (f.tls) checkTls(findings, f.tls);
  else findings.set('token.tls', 'skip', 'Not checked: no TLS connection was made.');
  if (f.kind === 'too-large') {
    findings.set('token.reachable', 'pass', `The server answered${f.status ? ` with HTTP ${f.status}` : ''}.`, '', { title: `The server answers${f.status ? ` (HTTP ${f.status})` : ''}` });
    findings.set(
      'token.json',
      'fail',
      `The reply is larger than ${TOKEN_REPLY_MAX_BYTES / 1024} KB (${f.message}). A token reply is a few hundred bytes of JSON.`,
      'Return only the token JSON from the token endpoint.',
      { title: `The reply is larger than ${TOKEN_REPLY_MAX_BYTES / 1024} KB; a token reply is a few hundred bytes` },
    );
  } else {
    findings.set(
      'token.reachable',
      'fail',
      f.kind === 'tls' ? `The TLS handshake failed, so nothing was sent: ${describeFailure(f)}` : describeFailure(f),
      f.kind === 'dns'
        ? 'Check the host name in the Access Token URI, and that it resolves in public DNS.'
        : f.kind === 'connect'
          ? 'Make sure the token endpoint is reachable from the internet on this port (firewall, security groups, load balancer).'
          : f.kind === 'tls'
            ? 'Fix the certificate problem described under the TLS finding.'
            : f.kind === 'timeout'
              ? 'Make the token endpoint answer quickly; Alexa gives up after 4.5 seconds.'
              : 'Make the token endpoint return a well-formed HTTP response.',
      { title: UNREACHABLE_TITLES[f.kind] ?? 'The server gave no usable answer' },
    );
  }
  if (f.kind === 'timeout') {
    findings.set(
      'token.response-time',
      'fail',
      `No complete answer within ${roundSeconds(f.timing.total)}; Alexa waits only 4.5 seconds.`,
      'Make the token endpoint answer within 4.5 seconds, including TLS setup.',
      { title: `No answer within ${roundSeconds(f.timing.total)}; Alexa waits 4.5 s` },
    );
  } else if (f.status !== undefined) {
    checkTime(findings, f.timing.total);
  }
  findings.skipRest('Not checked: no complete reply came back.');
}

/**
 * The certificate, the time and redirects of a reply that came back. A redirect is reported, never followed: following
 * a 307 would resend the client secret to another address, and Alexa expects the tokens from the URL itself.
 */
export function checkConnection(findings: TokenFindings, r: OutboundResponse): void {
  if (r.tls) checkTls(findings, r.tls);
  findings.set('token.reachable', 'pass', `The server answered: ${statusLine(r)}.`, '', { title: `The server answers (HTTP ${r.status})` });
  checkTime(findings, r.timing.total);

  if (r.redirect || (r.status >= 300 && r.status < 400)) {
    const loc = r.redirect?.resolved ?? header(r, 'location') ?? '(no Location header)';
    findings.set(
      'token.redirect',
      'fail',
      `The token URI answered ${statusLine(r)} with Location: ${quote(loc, 200)}. Alexa expects the tokens from this URL itself, and following a ${r.status} would resend the client secret to that address, so Link Doctor did not follow it.`,
      'Enter the final URL (where the tokens actually come from) as the Access Token URI in the Alexa console, or stop the server redirecting (e.g. a trailing-slash or http→https rule).',
      { title: `The token URI redirects (HTTP ${r.status}); Alexa needs the tokens from it directly` },
    );
  } else {
    findings.set('token.redirect', 'pass', 'The reply is not a redirect.', '', { title: 'The token URI answers without redirecting' });
  }
}

function checkTls(findings: TokenFindings, tls: TlsInfo, failure?: OutboundFailure): void {
  if (failure || !tls.authorized) {
    const code = tls.errorCode ?? failure?.code;
    const what = tls.errorMessage ?? failure?.message ?? 'The certificate could not be verified.';
    const fix =
      code === 'CERT_HAS_EXPIRED'
        ? 'Renew the certificate.'
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? `Install a certificate that names ${tls.servername}.`
          : code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'UNABLE_TO_GET_ISSUER_CERT' || code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
            ? 'Configure the server to send the full chain (its certificate followed by the intermediate certificates), and use a certificate from a publicly trusted authority.'
            : code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN'
              ? 'Use a certificate from a publicly trusted authority; Alexa does not accept self-signed certificates for account linking.'
              : 'Use a valid certificate from a publicly trusted authority, and TLS 1.2 or later.';
    const seen = tls.chain.length ? ` ${describeTls(tls)}.` : '';
    findings.set('token.tls', 'fail', `${what}${code ? ` (${code})` : ''}${seen}`, fix, { title: `The certificate is not accepted${code ? `: ${code}` : ''}` });
    return;
  }
  const leaf = tls.chain[0];
  const validTo = leaf?.validToIso ? Date.parse(leaf.validToIso) : NaN;
  const daysLeft = Number.isNaN(validTo) ? Infinity : (validTo - Date.now()) / 86_400_000;
  if (isLetsEncrypt(tls)) {
    findings.set(
      'token.tls',
      'warn',
      `${describeTls(tls)}. Amazon’s account-linking requirements say Let’s Encrypt certificates are not accepted, even though browsers trust them; whether this is still enforced is not confirmed.`,
      'If linking fails at the token step, use a certificate from another publicly trusted authority.',
      { title: 'The certificate is from Let’s Encrypt, which Amazon’s requirements exclude' },
    );
  } else if (daysLeft < 14) {
    const days = Math.max(0, Math.floor(daysLeft));
    findings.set('token.tls', 'warn', `${describeTls(tls)}: it expires in ${days} days.`, 'Renew the certificate soon.', { title: `The certificate expires in ${days} days` });
  } else {
    findings.set('token.tls', 'pass', `${describeTls(tls)}; it is trusted and names ${tls.servername}${tls.protocol ? ` (${tls.protocol})` : ''}.`, '', {
      title: `The certificate is trusted and names ${tls.servername}`,
    });
  }
}

function describeTls(tls: TlsInfo): string {
  const leaf = tls.chain[0];
  if (!leaf) return 'No certificate was seen.';
  const cn = /CN=([^,]+)/.exec(leaf.subject)?.[1] ?? leaf.subject;
  const issuerOrg = /O=([^,]+)/.exec(leaf.issuer)?.[1];
  const issuerCn = /CN=([^,]+)/.exec(leaf.issuer)?.[1];
  const issuer = [issuerOrg, issuerCn].filter(Boolean).join(', ') || leaf.issuer;
  return `The certificate for ${cn} is issued by ${issuer} and valid until ${leaf.validTo}`;
}

function isLetsEncrypt(tls: TlsInfo): boolean {
  return tls.chain.some((c) => /Let's Encrypt|ISRG Root/i.test(c.issuer) || /Let's Encrypt/i.test(c.subject));
}

function checkTime(findings: TokenFindings, totalMs: number): void {
  if (totalMs > ALEXA_TOKEN_DEADLINE_MS) {
    findings.set(
      'token.response-time',
      'fail',
      `The reply took ${roundSeconds(totalMs)}; Alexa gives up after 4.5 seconds.`,
      'Make the token endpoint answer within 4.5 seconds, including DNS, connection and TLS setup (watch cold starts of serverless functions).',
      { title: `The reply took ${roundSeconds(totalMs)}; Alexa waits 4.5 s` },
    );
  } else {
    findings.set('token.response-time', 'pass', `The reply took ${roundSeconds(totalMs)} (Alexa allows 4.5 s).`, '', { title: `The reply took ${roundSeconds(totalMs)}` });
  }
}

/** What was found when no reply came back, by the kind of failure. */
const UNREACHABLE_TITLES: Partial<Record<OutboundFailure['kind'], string>> = {
  dns: 'The token URI’s host name does not resolve',
  connect: 'The server refuses or drops the connection',
  tls: 'The TLS handshake failed, so nothing was sent',
  timeout: 'The server did not answer in time',
};

function roundSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
