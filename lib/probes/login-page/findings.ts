// The login page probe's findings: what each one is called and which guide step explains it, and the checks that the
// static and the browser run share (the answer's status, the redirect chain, the Domain List, what the page source
// attempts).

import { type FindingCatalog, type FindingSet } from '@/lib/probes/findings';
import { listWords, plural } from '@/lib/probes/wording';
import { compareHosts } from './domains';
import { type HostSource } from './hosts';
import { type SourceHint } from './html';
import { readRefusal } from './refusal';
import { LOGIN_FINDING_IDS, type LoginCoveredHost, type LoginFindingId, type LoginHost, type LoginPageProbeResult, type LoginRedirectHop } from './input';

/** Every tree node the login page probe can point to (checked against the tree by the type system and a test). */
export const LOGIN_PAGE_NODES = [
  'tip-https-ca',
  'login-page-domains',
  'domain-list-missing',
  'tip-no-popups',
  'request-too-large',
  'redirect-uri-invalid',
  'http-400-redirect',
  'uris-swapped',
  'federated-sign-in',
  'still-not-working',
] as const;
type LoginNode = (typeof LOGIN_PAGE_NODES)[number];

/** Where each finding points unless it says otherwise (a skipped one always points here). */
const NODES: Record<LoginFindingId, LoginNode> = {
  'login.https': 'tip-https-ca',
  'login.port': 'tip-https-ca',
  'login.url-length': 'request-too-large',
  'login.duplicate-params': 'http-400-redirect',
  'login.reachable': 'tip-https-ca',
  'login.redirects': 'login-page-domains',
  'login.status': 'http-400-redirect',
  'login.regions': 'redirect-uri-invalid',
  'login.domains': 'domain-list-missing',
  'login.popup': 'tip-no-popups',
  'login.dialog': 'tip-no-popups',
  'login.blank': 'login-page-domains',
  'login.federation': 'federated-sign-in',
  'login.limits': 'login-page-domains',
};

const TITLES: Record<LoginFindingId, string> = {
  'login.https': 'The authorization URI uses HTTPS',
  'login.port': 'The authorization URI uses port 443',
  'login.url-length': 'The authorization request is not too long',
  'login.duplicate-params': "The authorization URI does not repeat Alexa's parameters",
  'login.reachable': 'The login page can be reached',
  'login.redirects': 'The redirects before the login page',
  'login.status': 'The login page answers with success',
  'login.regions': "The server accepts every region's Alexa redirect URL",
  'login.domains': 'The Domain List covers every host the page loads from',
  'login.popup': 'The login page opens no pop-ups',
  'login.dialog': 'The login page shows no dialogs',
  'login.blank': 'The login page shows something',
  'login.federation': 'The login page signs in through Google or Facebook',
  'login.limits': "The page loaded within Link Doctor's limits",
};

/** The login page probe's findings in display order; repeated parameters are reported only when there are some. */
export const LOGIN_FINDINGS: FindingCatalog<LoginFindingId> = {
  ids: LOGIN_FINDING_IDS,
  titles: TITLES,
  nodes: NODES,
  // Repeated parameters and sign-in through Google or Facebook are reported only when found; the regions only when
  // the redirect URL entered is Alexa's.
  conditional: ['login.duplicate-params', 'login.regions', 'login.federation'],
};

export type LoginFindings = FindingSet<LoginFindingId>;

/** Redirect hops static mode follows; browser mode warns when the chain is longer. */
export const LOGIN_MAX_REDIRECTS = 3;

/** Fixes and details both modes give in the same words. */
export const FIXES = {
  certificate: 'Serve the login page with a valid certificate for this host name, from a publicly trusted certificate authority, with the full chain.',
  publicDns: 'Check the host name in the authorization URI, and that it resolves in public DNS.',
  fewerRedirects: 'Send the user to the login page in at most one or two redirects.',
  stayOn443: 'Keep every step of the sign-in on https port 443.',
  publicRedirects: 'Redirect only to public https URLs on port 443.',
} as const;
export const NO_REDIRECTS = 'The authorization URI serves the login page directly, without redirects.';
export const NOT_LOADED = 'Not checked: the login page could not be loaded.';

/** One run of the probe as both modes fill it in. */
export interface LoginRun {
  /** The request Alexa would open: the authorization URI with Alexa's parameters appended. */
  requestUrl: string;
  authorizationUri: string;
  /** The Domain List as entered. */
  domains: string[];
  /** Parameters Link Doctor made up because none were entered (client_id, redirect_uri). */
  placeholders: string[];
  findings: LoginFindings;
  result: LoginPageProbeResult;
  /** The page's HTML as loaded (static: the source; browser: the rendered DOM), for checks that read links. */
  pageHtml?: string;
}

/** Scheme, host, port and path only: the query carries the state and client ID, which say nothing here. */
export function shortUrl(raw: string, max = 160): string {
  try {
    const u = new URL(raw);
    const s = `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
    return s.length > max ? `${s.slice(0, max)}…` : s;
  } catch {
    return raw.length > max ? `${raw.slice(0, max)}…` : raw;
  }
}

export function redirectChainText(chain: LoginRedirectHop[], final: string | null): string {
  const steps = chain.map((h) => `${shortUrl(h.url)} (HTTP ${h.status})`);
  if (final) steps.push(shortUrl(final));
  return steps.join(' → ');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** Length of the state parameter in the request (for the 400 explanation). */
function stateLength(requestUrl: string): number {
  try {
    return new URL(requestUrl).searchParams.get('state')?.length ?? 0;
  } catch {
    return 0;
  }
}

/** `login.status` from the page's HTTP status; a 4xx is explained from what `body` (its start) says (./refusal). */
export function statusFinding({ findings, placeholders, requestUrl, authorizationUri }: LoginRun, status: number, body: string): void {
  if (status >= 200 && status < 300) {
    findings.set('login.status', 'pass', `The login page answered HTTP ${status}.`, '', { title: `The login page answered HTTP ${status}` });
    return;
  }
  if (status >= 300 && status < 400) {
    findings.set('login.status', 'skip', `Not checked: the last answer was still a redirect (HTTP ${status}); see the redirects.`);
    return;
  }
  const guessed = placeholders.length
    ? ` Link Doctor used placeholder values for ${listWords(placeholders)} because none were entered; a server that checks them may refuse the request for that reason alone — enter your real ones and run the check again.`
    : '';
  const refusal = status >= 400 && status < 500 ? readRefusal(status, body, pathOf(authorizationUri)) : null;
  const quoted = refusal?.said ? ` It says: “${refusal.said}”.` : '';
  if (refusal?.kind === 'token-endpoint') {
    findings.set(
      'login.status',
      'fail',
      `The authorization URI looks like a token endpoint, not a login page: ${refusal.why}.${quoted} The authorization URI and the access token URI look swapped: Alexa opens the authorization URI in the Alexa app for the user to sign in, and POSTs to the token URI from its servers.`,
      'In the console, enter the page where users sign in as the Authorization URI, and the endpoint that issues tokens as the Access Token URI.',
      { node: 'uris-swapped' satisfies LoginNode, title: 'The authorization URI answers like a token endpoint' },
    );
    return;
  }
  if (refusal?.kind === 'redirect-uri') {
    findings.set(
      'login.status',
      'fail',
      `The login page answered HTTP ${status}, and its reply is about the redirect URI.${quoted}${guessed}`,
      "Allow every Alexa Redirect URL from the console in your OAuth client's settings, and accept redirect_uri exactly as Alexa sends it.",
      { node: 'redirect-uri-invalid' satisfies LoginNode, title: `The login page refuses the redirect URL (HTTP ${status})` },
    );
    return;
  }
  if (refusal?.kind === 'too-large' || (status === 400 && refusal?.kind === 'unknown' && refusal.said === '')) {
    findings.set(
      'login.status',
      'fail',
      `The login page answered HTTP ${status} to the request Alexa would send, which carried a realistic ${stateLength(requestUrl)}-character state.${quoted} ` +
        `${refusal?.said ? 'The server says the request is larger than it accepts' : 'With no explanation in the reply, the usual cause is a request larger than the server accepts'} (the URL plus cookies).${guessed}`,
      "Raise the web server's or proxy's header size limit (8 KB is a common default), keep your own query parameters and cookies short, and never shorten Alexa's state.",
      { node: 'request-too-large' satisfies LoginNode, title: refusal?.said ? `The login page answered HTTP ${status}: the request is too large` : `The login page answered HTTP ${status} without saying why` },
    );
    return;
  }
  if (refusal?.kind === 'cookie-missing') {
    findings.set(
      'login.status',
      'warn',
      `The login page answered HTTP ${status}, saying a cookie it expected was missing.${quoted} Link Doctor keeps the cookies each answer sets and sends them back to the same host, as a browser would; a cookie set for a parent domain, or by a page before the authorization URI, is not sent.`,
      'Make sure the sign-in flow works in a fresh browser that opens the authorization URI directly (Alexa starts with no cookies of yours), and that cookies your server sets on one step reach the next.',
      { node: 'http-400-redirect' satisfies LoginNode, title: `The login page answered HTTP ${status}: a cookie it expected was missing` },
    );
    return;
  }
  if (refusal && (refusal.kind === 'oauth-error' || status === 400)) {
    findings.set(
      'login.status',
      'fail',
      `The login page answered HTTP ${status} to the request Alexa would send${refusal.error ? `, with the OAuth error ${refusal.error}` : ''}.${quoted}${guessed}`,
      'Read what the server says about the request: the client ID, scopes and response type must be ones your OAuth client accepts, exactly as Alexa sends them.',
      { node: 'http-400-redirect' satisfies LoginNode, title: `The login page answered HTTP ${status}${refusal.error ? ` (${refusal.error.slice(0, 60)})` : ''}` },
    );
    return;
  }
  findings.set(
    'login.status',
    'fail',
    `The login page answered HTTP ${status} instead of showing the sign-in page.${quoted}${status === 401 || status === 403 ? guessed : ''}`,
    status === 404
      ? 'Check the authorization URI in the console: the path must be the login page your server actually serves.'
      : status >= 500
        ? 'Look at your server logs for this request: the login page must load for any request Alexa sends.'
        : 'The login page must load (HTTP 200) for the request Alexa sends, before the user signs in.',
    { node: 'still-not-working' satisfies LoginNode, title: `The login page answered HTTP ${status}` },
  );
}

/**
 * `login.domains`, and the hosts in the result: every host the page needs against the Domain List. `refused` holds the
 * hosts Link Doctor's browser was not allowed to reach, and why: the page still needs them.
 */
export function setDomains({ findings, result, authorizationUri, domains }: LoginRun, required: HostSource[], refused: Map<string, string>): void {
  const cmp = compareHosts(required, authorizationUri, domains);
  const mark = <T extends HostSource>(h: T): T & LoginHost => {
    const why = refused.get(h.host);
    return why ? { ...h, refused: why } : h;
  };
  result.domains = {
    required: cmp.required.map(mark),
    listed: cmp.listed,
    missing: cmp.missing.map(mark),
    covered: cmp.covered.map((c) => mark(c) as LoginCoveredHost),
  };
  let f = cmp.finding;
  const refusedHosts = cmp.required.filter((h) => refused.has(h.host));
  if (refusedHosts.length > 0) {
    const list = refusedHosts.slice(0, 10).map((h) => `${h.host} (${refused.get(h.host)})`).join('; ');
    f = {
      ...f,
      detail: `${f.detail} Link Doctor's browser was not allowed to reach ${plural(refusedHosts.length, 'host')} the page asked for, for safety: ${list}. The page still needs ${refusedHosts.length === 1 ? 'it' : 'them'}; Link Doctor only connects to public addresses on the standard ports.`,
    };
  }
  findings.put({ ...f, id: 'login.domains' });
}

/**
 * `login.popup` and `login.dialog` from pop-up and dialog attempts seen in the page source: warnings, since whether
 * the code runs is not known from the source alone. `passPrefix` goes before the detail of a pass.
 */
export function sourceHintFindings(findings: LoginFindings, hints: SourceHint[], passPrefix = ''): void {
  const describe = (list: SourceHint[]) => list.map((h) => `${h.kind} in ${h.foundIn}${h.count > 1 ? ` (${h.count}×)` : ''}`).join('; ');
  const popups = hints.filter((h) => h.kind === 'window.open' || h.kind === 'showModalDialog' || h.kind === 'target-blank');
  const dialogs = hints.filter((h) => h.kind === 'alert' || h.kind === 'confirm' || h.kind === 'prompt');
  if (popups.length === 0) {
    findings.set(
      'login.popup',
      'pass',
      `${passPrefix}The page source shows no window.open, showModalDialog or target=_blank. Scripts loaded from elsewhere are not read here.`,
      '',
      { title: 'No pop-ups in the page source' },
    );
  } else {
    findings.set(
      'login.popup',
      'warn',
      `Found in the page source: ${describe(popups)}. Pop-up windows and new windows are not supported during account linking; whether this code runs is not known from the source alone.`,
      'Use full-page redirects for every step of the sign-in, including social login buttons, and drop target=_blank from links and forms on the login page.',
      { title: 'Page source may open pop-ups' },
    );
  }
  if (dialogs.length === 0) {
    findings.set('login.dialog', 'pass', `${passPrefix}The inline scripts show no alert, confirm or prompt calls.`, '', { title: 'No dialogs in the page source' });
  } else {
    findings.set(
      'login.dialog',
      'warn',
      `Found in the page source: ${describe(dialogs)}. Amazon's requirements exclude JavaScript alerts and message boxes on the login page.`,
      'Show messages, such as a wrong password, on the page itself instead of in alert, confirm or prompt dialogs.',
      { title: 'Page source may show dialogs' },
    );
  }
}
