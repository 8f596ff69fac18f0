// What answered instead of a token endpoint: bot protection in front of it (a challenge page for a request that is
// not a browser's), or the login page, when the two URIs are swapped in the console. Sets token.bot-protection and
// token.uris-swapped.

import type { OutboundResponse } from '@/lib/net';
import type { TokenFindings } from './findings';
import { header, quote, readBody, statusLine, TOKEN_REPLY_MAX_BYTES } from './reply';

/** Words of the challenge and block pages that bot filters and firewalls answer with. */
const CHALLENGE_PAGE = /just a moment|attention required|checking your browser|enable javascript and cookies|captcha|challenge-platform|cf-chl|access denied|request blocked|ddos protection/i;

/** Headers that firewalls and bot filters in front of a server add. */
const FIREWALL_HEADERS = ['cf-ray', 'x-sucuri-id', 'x-amzn-waf-action', 'x-iinfo', 'x-akamai-request-id'];

export function checkBotProtection(findings: TokenFindings, r: OutboundResponse): void {
  const mitigated = header(r, 'cf-mitigated');
  const ray = header(r, 'cf-ray');
  const evidence = [mitigated ? `cf-mitigated: ${quote(mitigated, 40)}` : '', ray ? `cf-ray: ${quote(ray, 40)}` : ''].filter(Boolean).join(', ');
  const html = readBody(r, TOKEN_REPLY_MAX_BYTES).kind === 'html';
  const blockedStatus = r.status === 403 || r.status === 503 || r.status === 429;
  const fix =
    'Exempt the token URI from bot protection: Alexa calls it from Amazon’s servers and cannot solve a challenge. Cloudflare’s Bot Fight Mode cannot be skipped by a rule, so turn it off or serve the token endpoint from a host it does not cover.';
  if (mitigated && /challenge/i.test(mitigated)) {
    findings.set('token.bot-protection', 'warn', `Cloudflare answered the token request with a challenge (${statusLine(r)}, ${evidence}), not your token server. A server-to-server POST like Alexa’s cannot pass it; users reported linking failing this way.`, fix, { title: `Cloudflare answers the token request with a challenge (HTTP ${r.status})` });
  } else if (blockedStatus && html && (CHALLENGE_PAGE.test(r.body.toString('utf8')) || FIREWALL_HEADERS.some((h) => header(r, h)))) {
    const seen = FIREWALL_HEADERS.filter((h) => header(r, h)).map((h) => `${h}: ${quote(header(r, h) ?? '', 40)}`);
    findings.set(
      'token.bot-protection',
      'warn',
      `The token request got ${statusLine(r)} with an HTML page${seen.length ? ` and ${seen.join(', ')}` : ''} that looks like a firewall’s or bot filter’s block page, not an answer of a token server. Alexa’s POST, which comes from a server, would most likely get the same page.`,
      fix, { title: `The token request gets a block page (HTTP ${r.status}) from a firewall or bot filter` },
    );
  } else {
    findings.set('token.bot-protection', 'pass', `No challenge or block page: the answer (${statusLine(r)}) does not come from a bot filter${ray ? ` (Cloudflare is in front, cf-ray ${quote(ray, 40)}, but let the request through)` : ''}.`, '', { title: `No bot challenge: the answer (HTTP ${r.status}) comes from the server` });
  }
}

/** The first sentence of a text that names response_type and says it is missing, required or not supported. */
function responseTypeError(body: string): string | undefined {
  return body.split(/[.<>"{}\n]/).find((sentence) => /response_type/i.test(sentence) && /missing|required|unsupported|invalid/i.test(sentence))?.trim();
}

/** Whether an HTML page has a password field: one of its input tags says type=password. */
function hasPasswordField(html: string): boolean {
  return html.split('<').some((tag) => /^input\s/i.test(tag) && /\btype\s*=\s*["']?password\b/i.test(tag.split('>')[0] ?? ''));
}

/** Paths of login pages and authorization endpoints. */
const LOGIN_PATH = /\/(log-?in|sign-?in|authori[sz]e|auth|oauth2?\/auth|u\/login|ap\/oa|account\/login)(\/|$|\?|\.)/i;

export function checkSwappedUris(findings: TokenFindings, r: OutboundResponse): void {
  const body = r.body.toString('utf8');
  const fix =
    'Put the token endpoint (in OpenID Connect discovery: token_endpoint) in the Access Token URI, and the login page (authorization_endpoint) in Your Web Authorization URI.';
  const location = r.redirect?.resolved ?? header(r, 'location');
  const html = readBody(r, TOKEN_REPLY_MAX_BYTES).kind === 'html';
  const sentence = responseTypeError(body);
  if (sentence) {
    findings.set('token.uris-swapped', 'fail', `The token URI answered ${statusLine(r)} with ${quote(sentence, 120)}. Only an authorization (login) endpoint asks for response_type: the Access Token URI points at the login page.`, fix, { title: 'The token URI asks for response_type: it is the login page, not the token endpoint' });
  } else if (location && r.status >= 300 && r.status < 400 && LOGIN_PATH.test(safePath(location))) {
    findings.set('token.uris-swapped', 'fail', `The token URI redirected the POST to a login page (${quote(location, 160)}). A token endpoint answers the request itself; the Access Token URI is probably the authorization URI or a page behind a sign-in.`, fix, { title: 'The token URI redirects to a login page: it is not the token endpoint' });
  } else if (html && hasPasswordField(body)) {
    findings.set('token.uris-swapped', 'fail', `The token URI answered ${statusLine(r)} with an HTML page that has a password field: a login page, not a token endpoint.`, fix, { title: 'The token URI answers with a login page (a password field), not tokens' });
  } else {
    findings.set('token.uris-swapped', 'pass', 'The answer is not a login page, a redirect to one, or an error about response_type.', '', { title: 'The token URI answers as a token endpoint, not as a login page' });
  }
}

function safePath(location: string): string {
  try {
    return new URL(location, 'https://x.invalid/').pathname;
  } catch {
    return location;
  }
}
