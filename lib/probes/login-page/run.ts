// (import-safe for tests). The login page probe: loads the request Alexa would open — the authorization
// URI with state (a realistic 640 characters), client_id, response_type, scope and redirect_uri appended — and checks
// what the Alexa app needs of the login page: https on 443, reachable, a sane redirect chain, a 2xx page, every host it
// loads from on the Domain List (exact-host rule), no pop-ups, no dialogs, something visible.
// - static mode (default): one GET through ./outbound (up to 3 redirects, each re-checked; 1 MB), the HTML's hosts
//   (lib/checks/domains extractHosts) plus its stylesheets followed one level (≤ 10, in parallel, 1 MB / 5 s each).
// - browser mode: headless Chromium behind a validating egress proxy (./browser/load-page), every request it makes.
// Refused targets throw TargetNotAllowed before anything is sent (API 422); everything else is a finding.

import 'server-only';
import { buildAuthorizationRequest } from './authorization-request';
import {
  compareHosts,
  extractCssHosts,
  extractHosts,
  MAX_HTML_CHARS,
  mergeHosts,
  sourceHintFindings,
  type HostSource,
  type HtmlReader,
  type SourceHint,
} from './domains';
import { findingBuilder } from '@/lib/probes/findings';
import { hostOf } from '@/lib/probes/urls';
import { listWords, plural } from '@/lib/probes/wording';
import { Parser } from 'htmlparser2';
import { portAllowed, refusedAddress, resolvePolicy, type ProbePolicy } from '@/lib/net/address-policy';
import { PROXY_MAX_CONNECTIONS_PER_ADDRESS } from '@/lib/net/browser/egress-proxy';
import { isBrowserUnavailable, loadPageInBrowser, type BrowserLoad, type BrowserLoadOptions } from '@/lib/net/browser/load-page';
import { MB } from '@/lib/net/browser/memory-cap';
import { isSlotUnavailable } from '@/lib/net/browser/semaphore';
import { isTargetNotAllowed, TargetNotAllowed } from '@/lib/net/errors';
import {
  checkTarget,
  defaultLookup,
  headerValue,
  safeFetch,
  type LookupFn,
  type OutboundFailure,
  type OutboundResponse,
  type SafeFetchOptions,
} from '@/lib/net/outbound';
import {
  LOGIN_FINDING_IDS,
  loginPageProbeInputSchema,
  type LoginCoveredHost,
  type LoginFindingId,
  type LoginHost,
  type LoginPageMode,
  type LoginPageProbeResult,
  type LoginRedirectHop,
  type LoginStylesheetRecord,
} from './input';
import { shortenRandomRuns } from '@/lib/probes/redact';
import type { Finding, FindingStatus } from '@/lib/probes/findings';
import { MAX_URL_LENGTH, refuseControlCharacters, refusedAnswerMessage } from '@/lib/net/url-policy';
import { defineProbe } from '@/lib/probes/definition';
import { formText, formTexts } from '@/lib/form-data';
import { withTestOnlyChromiumSpki } from '@/lib/net/browser/test-only-spki';

export type { LoginPageProbeResult } from './input';

/** Every tree node the login page probe can point to (checked against the tree by the type system and a test). */
export const LOGIN_PAGE_NODES = [
  'tip-https-ca',
  'login-page-domains',
  'domain-list-missing',
  'tip-no-popups',
  'request-too-large',
  'redirect-uri-invalid',
  'http-400-redirect',
  'still-not-working',
] as const;
type LoginNode = (typeof LOGIN_PAGE_NODES)[number];
const finding = findingBuilder<LoginNode>();

/** Where a skipped finding points. */
const DEFAULT_NODES: Record<LoginFindingId, LoginNode> = {
  'login.https': 'tip-https-ca',
  'login.port': 'tip-https-ca',
  'login.url-length': 'request-too-large',
  'login.duplicate-params': 'http-400-redirect',
  'login.reachable': 'tip-https-ca',
  'login.redirects': 'login-page-domains',
  'login.status': 'http-400-redirect',
  'login.domains': 'domain-list-missing',
  'login.popup': 'tip-no-popups',
  'login.dialog': 'tip-no-popups',
  'login.blank': 'login-page-domains',
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
  'login.domains': 'The Domain List covers every host the page loads from',
  'login.popup': 'The login page opens no pop-ups',
  'login.dialog': 'The login page shows no dialogs',
  'login.blank': 'The login page shows something',
  'login.limits': "The page loaded within Link Doctor's limits",
};

/** Static mode: the page and each stylesheet are read up to 1 MB (security.md requirement 7). */
export const LOGIN_PAGE_MAX_BYTES = 1024 * 1024;
/** Static mode: at most this many of the page's stylesheets are followed (one level). */
export const MAX_STYLESHEETS_FOLLOWED = 10;
const STYLESHEET_TOTAL_MS = 5_000;
/** Redirect hops followed in static mode (security.md requirement 5). */
export const LOGIN_MAX_REDIRECTS = 3;

/** The phone the static GET claims to be (browser mode uses Playwright's Pixel 7 descriptor), and who is asking. */
export const STATIC_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 LinkDoctor/0.1 (+Alexa account-linking diagnostics)';

export interface LoginPageProbeOptions {
  /** Defaults to PROBE_ALLOW_PRIVATE from the environment; tests inject the harness policy. */
  policy?: ProbePolicy;
  /** TEST ONLY: DNS lookup (used by safeFetch and by the browser's egress proxy). */
  lookup?: LookupFn;
  /** TEST ONLY: extra trusted CAs for the static GETs (added to Node's roots; see outbound.ts). */
  ca?: SafeFetchOptions['ca'];
  /** Static mode: deadlines of the page GET (`total` defaults to 10 s). */
  timeouts?: SafeFetchOptions['timeouts'];
  /** Browser mode: the Chromium binary. Default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Browser mode: further settings (timeoutMs, sandbox, caps; tests: testOnlyIgnoreCertErrorsSpki). */
  browser?: Omit<BrowserLoadOptions, 'policy' | 'lookup' | 'chromiumPath'>;
}

class Findings {
  private readonly map = new Map<string, Finding>();

  set(id: LoginFindingId, status: FindingStatus, detail: string, fix = '', node: LoginNode = DEFAULT_NODES[id], title = TITLES[id]): void {
    this.map.set(id, finding(id, status, title, detail, fix, node));
  }

  put(f: Finding): void {
    this.map.set(f.id, f);
  }

  get(id: LoginFindingId): Finding | undefined {
    return this.map.get(id);
  }

  has(id: LoginFindingId): boolean {
    return this.map.has(id);
  }

  skipRest(reason: string): void {
    for (const id of LOGIN_FINDING_IDS) if (id !== 'login.duplicate-params' && !this.map.has(id)) this.set(id, 'skip', reason);
  }

  list(): Finding[] {
    return LOGIN_FINDING_IDS.map((id) => this.map.get(id)).filter((f): f is Finding => f !== undefined);
  }
}


/** Scheme, host, port and path only: the query carries the state and client ID, which say nothing here. */
function shortUrl(raw: string, max = 160): string {
  try {
    const u = new URL(raw);
    const s = `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
    return s.length > max ? `${s.slice(0, max)}…` : s;
  } catch {
    return raw.length > max ? `${raw.slice(0, max)}…` : raw;
  }
}

function failureText(f: Pick<OutboundFailure, 'message' | 'code'>): string {
  return f.code && !f.message.includes(f.code) ? `${f.message} (${f.code})` : f.message;
}

/** Does the HTML show anything? Text outside scripts/styles/head, or a visible form field or image. Linear, bounded. */
export function staticVisibleContent(html: string): VisibleContent {
  const reader = visibleContentReader();
  const parser = new Parser(reader, { decodeEntities: true, lowerCaseTags: true });
  parser.write(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  parser.end();
  return reader.seen;
}

interface VisibleContent {
  textLength: number;
  fields: number;
  media: number;
}

/** The parser events staticVisibleContent reads, to run alongside extractHosts in one pass. */
export function visibleContentReader(): HtmlReader & { seen: VisibleContent } {
  const seen: VisibleContent = { textLength: 0, fields: 0, media: 0 };
  let hiddenDepth = 0;
  const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
  return {
    seen,
    onopentag(name, attribs) {
      if (HIDDEN.has(name)) hiddenDepth++;
      if (hiddenDepth > 0) return;
      if ((name === 'input' && (attribs.type ?? '').toLowerCase() !== 'hidden') || name === 'button' || name === 'select' || name === 'textarea') seen.fields++;
      if (name === 'img' || name === 'svg' || name === 'iframe' || name === 'canvas' || name === 'video') seen.media++;
    },
    ontext(text) {
      if (hiddenDepth === 0 && seen.textLength < 10_000) seen.textLength += text.replace(/\s+/g, '').length;
    },
    onclosetag(name) {
      if (HIDDEN.has(name) && hiddenDepth > 0) hiddenDepth--;
    },
  };
}

/** Resolve a host once to learn whether it is refused (so a refused login page gives 422 before Chromium starts). */
async function precheckDns(hostname: string, lookup: LookupFn, policy: ProbePolicy & { allowPrivate: boolean }): Promise<string | null> {
  let answers: Array<{ address: string }>;
  let timer: NodeJS.Timeout | undefined;
  try {
    answers = await Promise.race([
      lookup(hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), 5_000);
      }),
    ]);
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
    return code === 'ENOTFOUND' || code === 'ENODATA' ? `${hostname} does not exist in DNS (no address found).` : `Looking up ${hostname} in DNS failed${code ? ` (${code})` : ''}.`;
  } finally {
    clearTimeout(timer);
  }
  if (!Array.isArray(answers) || answers.length === 0) return `${hostname} does not exist in DNS (no address found).`;
  for (const a of answers) {
    const refused = refusedAddress(String(a.address), policy);
    if (refused) {
      throw new TargetNotAllowed('address', refusedAnswerMessage(hostname, refused.address, refused.class ?? 'invalid', refused.embedded), {
        host: hostname,
        address: refused.address,
      });
    }
  }
  return null;
}

/**
 * Run the login page probe. `rawInput` is validated with loginPageProbeInputSchema (throws ZodError when invalid).
 * @throws TargetNotAllowed when the authorization URI (or its DNS answers) is not a public https target.
 */
export async function runLoginPageProbe(rawInput: unknown, options: LoginPageProbeOptions = {}): Promise<LoginPageProbeResult> {
  const input = loginPageProbeInputSchema.parse(rawInput);
  // What reaches the outbound policy is the request built from the URI: check the URI as the user wrote it too.
  refuseControlCharacters(input.authorizationUri);
  const started = performance.now();
  const policy = resolvePolicy(options.policy);
  const mode: LoginPageMode = input.mode;
  const findings = new Findings();
  const url = new URL(input.authorizationUri);

  const built = buildAuthorizationRequest({
    authorizationUri: input.authorizationUri,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    responseType: input.responseType,
    scopes: input.scopes,
    ...(input.redirectUri ? { redirectUri: input.redirectUri } : {}),
    pkce: input.pkce ?? false,
  });
  for (const f of built.findings) findings.put(f);
  const placeholders = [!input.clientId ? 'client_id' : '', !input.redirectUri ? 'redirect_uri' : ''].filter(Boolean);

  const result: LoginPageProbeResult = {
    probe: 'login-page',
    mode,
    ok: false,
    findings: [],
    domains: { required: [], listed: [], missing: [], covered: [] },
    request: { url: built.url, length: built.length },
    redirects: [],
    page: null,
    stylesheets: [],
    browser: null,
    timing: { total: 0 },
    privateMode: policy.allowPrivate,
  };
  const finish = (): LoginPageProbeResult => {
    result.findings = findings.list();
    result.ok = !result.findings.some((f) => f.status === 'fail');
    result.timing = { total: Math.round((performance.now() - started) * 10) / 10 };
    if (result.domains.listed.length === 0) result.domains.listed = compareHosts([], input.authorizationUri, input.domains).listed;
    return result;
  };

  // --- login.https
  if (url.protocol !== 'https:') {
    findings.set(
      'login.https',
      'fail',
      `The authorization URI starts with ${url.protocol}// — Alexa only opens https authorization URIs. Link Doctor loaded nothing.`,
      'Serve the login page over https on port 443, with a certificate from a publicly trusted authority, and enter the https URL in the Alexa console.',
    );
    findings.skipRest('Not checked: the authorization URI is not https, so nothing was loaded.');
    return finish();
  }
  findings.set('login.https', 'pass', 'The authorization URI uses https.');

  // --- login.port: Amazon requires 443 for the authorization URI (alexa-facts.md §2, [C]).
  const port = url.port === '' ? 443 : Number(url.port);
  if (port === 443) findings.set('login.port', 'pass', 'The authorization URI uses the standard https port, 443.');
  else
    findings.set(
      'login.port',
      'fail',
      `The authorization URI uses port ${port}. Amazon requires the authorization URI to be served over https on port 443.`,
      'Serve the login page on port 443 (put a reverse proxy or load balancer in front of it if needed) and enter that URL in the Alexa console.',
    );
  if (!portAllowed(port, policy)) {
    findings.skipRest(`Not checked: the authorization URI is not on port 443, and Link Doctor does not connect to other ports, so nothing was loaded.`);
    return finish();
  }
  if (built.url === null || built.length > MAX_URL_LENGTH) {
    findings.skipRest(`Not checked: the request Alexa would open is ${built.length} characters long, more than servers accept, so Link Doctor did not send it.`);
    return finish();
  }
  const requestUrl = built.url;
  // Refused targets (private address, port, credentials in the URL …) throw TargetNotAllowed here, before anything is
  // sent; names are checked again against their DNS answers before connecting.
  const target = checkTarget(requestUrl, { policy });

  if (mode === 'static') await runStatic(requestUrl, input.authorizationUri, input.domains, placeholders, options, policy, findings, result);
  else {
    let dnsProblem: string | null = null;
    if (!target.ipLiteral) dnsProblem = await precheckDns(target.hostname, options.lookup ?? defaultLookup, policy);
    if (dnsProblem) {
      findings.set('login.reachable', 'fail', dnsProblem, 'Check the host name in the authorization URI, and that it resolves in public DNS.');
      findings.skipRest('Not checked: the login page could not be loaded.');
    } else await runBrowser(requestUrl, input.authorizationUri, input.domains, placeholders, options, findings, result);
  }
  return finish();
}

// ---- shared verdicts -------------------------------------------------------------------------------------------------

function statusFinding(findings: Findings, status: number, body: string, placeholders: string[], stateLength: number): void {
  if (status >= 200 && status < 300) {
    findings.set('login.status', 'pass', `The login page answered HTTP ${status}.`);
    return;
  }
  if (status >= 300 && status < 400) {
    findings.set('login.status', 'skip', `Not checked: the last answer was still a redirect (HTTP ${status}); see the redirects.`);
    return;
  }
  const guessed = placeholders.length
    ? ` Link Doctor used placeholder values for ${listWords(placeholders)} because none were entered; a server that checks them may refuse the request for that reason alone — enter your real ones and run the check again.`
    : '';
  if (status === 400 || status === 414 || status === 431) {
    const mentionsRedirect = /redirect[_\s-]?ur[il]/i.test(body);
    const mentionsSize = status !== 400 || /too large|too long|header.{0,20}(size|large)|cookie/i.test(body);
    if (mentionsRedirect && !mentionsSize) {
      findings.set(
        'login.status',
        'fail',
        `The login page answered HTTP ${status}, and its reply mentions the redirect URI.${guessed}`,
        "Allow every Alexa Redirect URL from the console in your OAuth client's settings, and accept redirect_uri exactly as Alexa sends it.",
        'redirect-uri-invalid',
      );
      return;
    }
    findings.set(
      'login.status',
      'fail',
      `The login page answered HTTP ${status} to the request Alexa would send, which carried a realistic ${stateLength}-character state. ` +
        `A 400 here usually means the request is larger than the server accepts (the URL plus cookies), or that a parameter such as redirect_uri was rejected.${guessed}`,
      "Raise the web server's or proxy's header size limit (8 KB is a common default), keep your own query parameters and cookies short, and never shorten Alexa's state.",
      'request-too-large',
    );
    return;
  }
  findings.set(
    'login.status',
    'fail',
    `The login page answered HTTP ${status} instead of showing the sign-in page.${status === 401 || status === 403 ? guessed : ''}`,
    status === 404
      ? 'Check the authorization URI in the console: the path must be the login page your server actually serves.'
      : status >= 500
        ? 'Look at your server logs for this request: the login page must load for any request Alexa sends.'
        : 'The login page must load (HTTP 200) for the request Alexa sends, before the user signs in.',
    'still-not-working',
  );
}

function redirectChainText(chain: LoginRedirectHop[], final: string | null): string {
  const steps = chain.map((h) => `${shortUrl(h.url)} (HTTP ${h.status})`);
  if (final) steps.push(shortUrl(final));
  return steps.join(' → ');
}

function popupAndDialogFromSource(findings: Findings, hints: SourceHint[], prefix = ''): void {
  for (const f of sourceHintFindings(hints)) {
    findings.put(prefix && f.status === 'pass' ? { ...f, detail: `${prefix}${f.detail}` } : f);
  }
}

function setDomains(findings: Findings, result: LoginPageProbeResult, required: HostSource[], authorizationUri: string, listed: string[], refused: Map<string, string>): void {
  const cmp = compareHosts(required, authorizationUri, listed);
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
  findings.put(f);
}

// ---- static mode -----------------------------------------------------------------------------------------------------

async function runStatic(
  requestUrl: string,
  authorizationUri: string,
  domains: string[],
  placeholders: string[],
  options: LoginPageProbeOptions,
  policy: ProbePolicy & { allowPrivate: boolean },
  findings: Findings,
  result: LoginPageProbeResult,
): Promise<void> {
  const fetchOptions = (extra: SafeFetchOptions): SafeFetchOptions => ({
    ...extra,
    policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    headers: { 'User-Agent': STATIC_USER_AGENT, 'Accept-Language': 'en-US,en;q=0.9', ...extra.headers },
  });
  const pageResult = await safeFetch(
    requestUrl,
    fetchOptions({
      followRedirects: LOGIN_MAX_REDIRECTS,
      maxBodyBytes: LOGIN_PAGE_MAX_BYTES,
      headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    }),
  );

  if (!pageResult.ok) {
    const f = pageResult.failure;
    if (f.kind === 'too-large') {
      findings.set('login.reachable', 'pass', `The server answered${f.status ? ` with HTTP ${f.status}` : ''}.`);
      if (f.status !== undefined) statusFinding(findings, f.status, '', placeholders, built640(requestUrl));
      findings.set(
        'login.limits',
        'warn',
        `The login page is larger than ${LOGIN_PAGE_MAX_BYTES / 1024 / 1024} MB, so Link Doctor did not read it (${failureText(f)}). A page that large also loads slowly inside the Alexa app.`,
        'Keep the login page small: move large inline data and scripts out of the HTML. Run the check in browser mode to see what the page loads.',
      );
      findings.skipRest('Not checked: the page is larger than Link Doctor reads.');
      return;
    }
    findings.set(
      'login.reachable',
      'fail',
      f.kind === 'tls' ? `The TLS handshake failed: ${failureText(f)}` : failureText(f),
      f.kind === 'dns'
        ? 'Check the host name in the authorization URI, and that it resolves in public DNS.'
        : f.kind === 'tls'
          ? 'Serve the login page with a valid certificate for this host name, from a publicly trusted certificate authority, with the full chain.'
          : f.kind === 'connect'
            ? 'Make sure the login page is reachable from the internet on port 443 (firewall, security groups, load balancer).'
            : f.kind === 'timeout'
              ? 'The login page must load quickly on a phone: find out why the server is slow to answer.'
              : 'Make sure the server answers the GET with a well-formed HTTP response.',
    );
    findings.skipRest('Not checked: the login page could not be loaded.');
    return;
  }

  const r = pageResult.response;
  findings.set('login.reachable', 'pass', `The server answered with HTTP ${r.status}${r.tls ? ` over ${r.tls.protocol ?? 'TLS'}` : ''}.`);

  // --- login.redirects
  const chain: LoginRedirectHop[] = r.redirects.map((h) => ({ url: h.url, status: h.status, location: h.location }));
  result.redirects = chain;
  const redirectHosts: HostSource[] = [];
  for (const h of chain) {
    const host = hostOf(h.url);
    if (host) redirectHosts.push({ host, foundIn: ['redirect'] });
  }
  const finalHost = hostOf(r.url);
  if (finalHost) redirectHosts.push({ host: finalHost, foundIn: [chain.length ? 'login page (after redirects)' : 'login page'] });
  redirectVerdict(findings, chain, r, policy);

  result.page = { url: r.url, status: r.status, contentType: headerValue(r.headers, 'content-type') ?? null, bytes: r.body.length };
  const body = r.body.toString('utf8');
  statusFinding(findings, r.status, body.slice(0, 4096), placeholders, built640(requestUrl));
  if (r.redirect) {
    // The chain stopped at a redirect: the hosts so far are all we know.
    setDomains(findings, result, redirectHosts, authorizationUri, domains, new Map());
    const target = r.redirect.resolved ? hostOf(r.redirect.resolved) : null;
    if (target && findings.get('login.domains')?.status === 'pass') {
      findings.set('login.domains', 'warn', `The page itself was not reached (the redirect to ${target} was not followed), so only the redirect hosts were compared with the Domain List.`, '', 'login-page-domains');
    }
    findings.skipRest('Not checked: the login page itself was not reached (the redirect chain stopped).');
    return;
  }
  if (r.status >= 400) {
    setDomains(findings, result, redirectHosts, authorizationUri, domains, new Map());
    findings.skipRest(`Not checked: the server answered HTTP ${r.status} instead of the login page.`);
    return;
  }

  const contentType = (headerValue(r.headers, 'content-type') ?? '').toLowerCase();
  const looksHtml = contentType.includes('html') || contentType.includes('xml') || (contentType === '' && /^\s*</.test(body));
  if (!looksHtml) {
    setDomains(findings, result, redirectHosts, authorizationUri, domains, new Map());
    findings.set(
      'login.blank',
      'warn',
      `The authorization URI answered with ${contentType || 'no content type'}, not a web page. The Alexa app shows the authorization URI to the user, so it must be the login page.`,
      'Point the authorization URI at the page where users sign in.',
    );
    findings.skipRest('Not checked: the answer is not an HTML page.');
    return;
  }

  const visible = visibleContentReader();
  const extracted = extractHosts(body, r.url, visible);
  const sheets = extracted.stylesheets.slice(0, MAX_STYLESHEETS_FOLLOWED);
  const followed = await Promise.all(sheets.map((href) => fetchStylesheet(href, fetchOptions)));
  result.stylesheets = followed.map((s) => s.record);
  const required = mergeHosts(redirectHosts, extracted.hosts, ...followed.map((s) => s.hosts));
  setDomains(findings, result, required, authorizationUri, domains, new Map());

  popupAndDialogFromSource(findings, extracted.sourceHints);

  const seen = visible.seen;
  if (seen.textLength === 0 && seen.fields === 0 && seen.media === 0) {
    findings.set(
      'login.blank',
      'warn',
      'The HTML has no visible text, form field or image: the page is probably drawn by scripts, which static mode does not run. If the scripts fail inside the Alexa app (for example a host missing from the Domain List), users see a blank screen.',
      'Run the check in browser mode to see what the page shows on a phone.',
    );
  } else {
    findings.set(
      'login.blank',
      'pass',
      `The HTML has visible content: ${seen.textLength > 0 ? 'text' : 'no text'}, ${plural(seen.fields, 'form field')}${seen.media ? `, ${plural(seen.media, 'image')}` : ''}.${seen.fields === 0 ? ' No form field is in the HTML itself; scripts may add the sign-in form.' : ''}`,
    );
  }

  const limitNotes: string[] = [];
  if (extracted.truncated) limitNotes.push('the HTML is longer than Link Doctor reads, so only its start was read');
  if (extracted.capped) limitNotes.push('the page names more hosts than Link Doctor lists');
  if (extracted.stylesheets.length > MAX_STYLESHEETS_FOLLOWED) {
    limitNotes.push(`the page links ${extracted.stylesheets.length} stylesheets; only the first ${MAX_STYLESHEETS_FOLLOWED} were followed`);
  }
  const sheetProblems = result.stylesheets.filter((s) => s.problem);
  if (sheetProblems.length) {
    limitNotes.push(`${plural(sheetProblems.length, 'stylesheet')} could not be read: ${sheetProblems.slice(0, 5).map((s) => `${shortUrl(s.url)} (${s.problem})`).join('; ')}`);
  }
  if (limitNotes.length) {
    findings.set('login.limits', 'warn', `The result may be incomplete: ${limitNotes.join('; ')}.`, 'Run the check in browser mode to see every request the page makes.');
  } else {
    findings.set(
      'login.limits',
      'pass',
      `The page (${Math.ceil(r.body.length / 1024)} KB) ${sheets.length ? `and its ${plural(sheets.length, 'stylesheet')} were` : 'was'} read in full. Static mode does not run scripts: hosts that scripts load from only show up in browser mode.`,
    );
  }
}

/** Length of the state parameter in the request (for the 400 explanation). */
function built640(requestUrl: string): number {
  try {
    return new URL(requestUrl).searchParams.get('state')?.length ?? 0;
  } catch {
    return 0;
  }
}

function redirectVerdict(findings: Findings, chain: LoginRedirectHop[], r: OutboundResponse, policy: ProbePolicy & { allowPrivate: boolean }): void {
  const pending = r.redirect;
  if (!pending) {
    findings.set(
      'login.redirects',
      'pass',
      chain.length === 0 ? 'The authorization URI serves the login page directly, without redirects.' : `The request was redirected ${plural(chain.length, 'time')}: ${redirectChainText(chain, r.url)}. Every host on the way counts as a host of the login page.`,
    );
    return;
  }
  const soFar = chain.length ? ` The chain so far: ${redirectChainText(chain, r.url)}.` : '';
  const to = pending.resolved ? shortUrl(pending.resolved) : pending.location.slice(0, 160);
  if (pending.notFollowed === 'max-hops') {
    findings.set(
      'login.redirects',
      'warn',
      `The request was redirected more than ${LOGIN_MAX_REDIRECTS} times; Link Doctor stopped before ${to}.${soFar} Every redirect adds a round trip on a phone, and loops never end.`,
      'Send the user to the login page in at most one or two redirects.',
    );
    return;
  }
  if (pending.notFollowed === 'invalid-location') {
    findings.set('login.redirects', 'fail', `The server redirects (HTTP ${r.status}) to a Location that is not a valid URL: ${pending.location.slice(0, 160)}.${soFar}`, 'Send an absolute https URL in the Location header.');
    return;
  }
  // refused: work out whether it is a downgrade, a port, or a non-public address.
  let kind: 'downgrade' | 'port' | 'address' = 'address';
  if (pending.resolved?.startsWith('http:')) kind = 'downgrade';
  else if (pending.resolved) {
    try {
      checkTarget(pending.resolved, { policy });
    } catch (e) {
      if (isTargetNotAllowed(e) && e.reason === 'port') kind = 'port';
    }
  }
  if (kind === 'port') {
    findings.set(
      'login.redirects',
      'warn',
      `The server redirects to ${to}, which Link Doctor does not load: ${pending.refusal ?? 'refused'}${soFar}`,
      'Keep every step of the sign-in on https port 443.',
    );
    return;
  }
  findings.set(
    'login.redirects',
    'fail',
    kind === 'downgrade'
      ? `The server redirects from https to plain http (${to}). Alexa's login flow must stay on https.${soFar}`
      : `The server redirects to ${to}, which Link Doctor refused for safety: ${pending.refusal ?? 'not a public address'}${soFar} A phone on the internet could not reach it either.`,
    kind === 'downgrade' ? 'Redirect only to https URLs.' : 'Redirect only to public https URLs on port 443.',
  );
}

async function fetchStylesheet(
  href: string,
  fetchOptions: (extra: SafeFetchOptions) => SafeFetchOptions,
): Promise<{ record: LoginStylesheetRecord; hosts: HostSource[] }> {
  try {
    const res = await safeFetch(
      href,
      fetchOptions({ followRedirects: 1, maxBodyBytes: LOGIN_PAGE_MAX_BYTES, timeouts: { total: STYLESHEET_TOTAL_MS }, headers: { Accept: 'text/css,*/*;q=0.1' } }),
    );
    if (!res.ok) return { record: { url: href, problem: failureText(res.failure), hosts: 0 }, hosts: [] };
    const r = res.response;
    const hopHosts: HostSource[] = r.redirects.map((h) => hostOf(h.location)).filter((h): h is string => h !== null).map((host) => ({ host, foundIn: ['stylesheet redirect'] }));
    if (r.redirect) return { record: { url: href, status: r.status, problem: `redirect not followed (${r.redirect.notFollowed})`, hosts: hopHosts.length }, hosts: hopHosts };
    if (r.status < 200 || r.status >= 300) return { record: { url: href, status: r.status, problem: `HTTP ${r.status}`, hosts: hopHosts.length }, hosts: hopHosts };
    const css = extractCssHosts(r.body.toString('utf8'), r.url);
    const hosts = mergeHosts(hopHosts, css.hosts);
    return { record: { url: href, status: r.status, hosts: hosts.length }, hosts };
  } catch (e) {
    if (isTargetNotAllowed(e)) return { record: { url: href, problem: `not loaded: ${e.message}`, hosts: 0 }, hosts: [] };
    throw e;
  }
}

// ---- browser mode ----------------------------------------------------------------------------------------------------

const CERT_ERROR = /ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/;

async function runBrowser(
  requestUrl: string,
  authorizationUri: string,
  domains: string[],
  placeholders: string[],
  options: LoginPageProbeOptions,
  findings: Findings,
  result: LoginPageProbeResult,
): Promise<void> {
  let load: BrowserLoad;
  try {
    load = await loadPageInBrowser(requestUrl, {
      ...options.browser,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
    });
  } catch (e) {
    if (isSlotUnavailable(e)) {
      findings.skipRest("Not checked: Link Doctor's browsers are all busy. Try again in a minute, or use static mode.");
      return;
    }
    if (isBrowserUnavailable(e)) {
      findings.skipRest(`Not checked: the headless browser could not start (${e.message}). Use static mode.`);
      return;
    }
    throw e;
  }

  result.browser = {
    requests: load.requests,
    requestCount: load.requestCount,
    popups: load.popups,
    dialogs: load.dialogs,
    downloads: load.downloads,
    visible: load.visible,
    bytes: load.bytes,
    timedOut: load.timedOut,
    capped: load.capped,
    crashed: load.crashed,
    memoryExceeded: load.memoryExceeded,
    otherHosts: load.proxyOnly,
  };
  if (load.screenshot) result.screenshot = load.screenshot;
  result.redirects = load.redirects;
  if (load.finalUrl) result.page = { url: load.finalUrl, status: load.status, contentType: load.contentType, bytes: load.bytes };

  // Hosts: every request the browser made (refused ones too), the redirect chain, blocked pop-ups, and the rendered DOM.
  const refused = new Map<string, string>();
  const fromRequests: HostSource[] = [];
  for (const r of load.requests) {
    if (!r.host) continue;
    fromRequests.push({ host: r.host, foundIn: [r.type === 'document' ? 'page or frame (browser)' : `${r.type} (browser)`] });
    if (r.refused && !refused.has(r.host)) refused.set(r.host, r.refused);
  }
  // Hosts only the proxy saw (the browser's own services, such as autofill) are not the page's: listed apart.
  const chainHosts: HostSource[] = [];
  for (const h of load.redirects) {
    const a = hostOf(h.url);
    if (a) chainHosts.push({ host: a, foundIn: ['redirect'] });
  }
  const popupHosts: HostSource[] = load.popups.map((p) => hostOf(p.url)).filter((h): h is string => h !== null).map((host) => ({ host, foundIn: ['pop-up (blocked)'] }));
  const dom = load.html && load.finalUrl ? extractHosts(load.html, load.finalUrl) : null;
  const required = mergeHosts(chainHosts, fromRequests, popupHosts, dom?.hosts ?? []);

  // --- reachable / redirects / status
  // The page ended before it finished loading (a crash, or Link Doctor's memory cap): the server did answer.
  const stopped = load.crashed || load.memoryExceeded;
  const memoryMb = Math.round(load.memoryLimitBytes / MB);
  const chainText = load.redirects.length ? redirectChainText(load.redirects, load.finalUrl) : '';
  if (load.navigationRefused && load.redirects.length === 0) {
    findings.set('login.reachable', 'fail', `Link Doctor's browser was not allowed to load the page, for safety: ${load.navigationRefused}`, 'Serve the login page from a public address.');
  } else if (load.navigationRefused) {
    findings.set('login.reachable', 'pass', 'The server answered.');
    const portOnly = /^Port \d+ is not allowed/.test(load.navigationRefused);
    findings.set(
      'login.redirects',
      portOnly ? 'warn' : 'fail',
      `The page redirects to ${portOnly ? 'a URL' : 'an address'} Link Doctor refused for safety: ${load.navigationRefused}${chainText ? ` The chain: ${chainText}.` : ''}${portOnly ? '' : ' A phone on the internet could not reach it either.'}`,
      portOnly ? 'Keep every step of the sign-in on https port 443.' : 'Redirect only to public https URLs on port 443.',
    );
  } else if ((load.navigationError && !(stopped && load.status !== null)) || (load.status === null && !stopped)) {
    const err = load.navigationError ?? `Nothing loaded within ${Math.round(load.elapsedMs / 1000)} s.`;
    findings.set(
      'login.reachable',
      'fail',
      CERT_ERROR.test(err) ? `The browser refused the certificate: ${err}` : `The browser could not load the login page: ${err}`,
      CERT_ERROR.test(err)
        ? 'Serve the login page with a valid certificate for this host name, from a publicly trusted certificate authority, with the full chain.'
        : 'Make sure the login page is reachable from the internet on port 443 and loads within a few seconds.',
    );
  } else {
    findings.set('login.reachable', 'pass', `The login page loaded${load.status !== null ? ` (HTTP ${load.status})` : ''}.`);
  }
  if (!findings.has('login.redirects') && findings.get('login.reachable')?.status === 'pass') {
    findings.set(
      'login.redirects',
      load.redirects.length > LOGIN_MAX_REDIRECTS ? 'warn' : 'pass',
      load.redirects.length === 0
        ? 'The authorization URI serves the login page directly, without redirects.'
        : `The browser was redirected ${plural(load.redirects.length, 'time')}: ${chainText}.${load.redirects.length > LOGIN_MAX_REDIRECTS ? ' Every redirect adds a round trip on a phone.' : ''} Every host on the way counts as a host of the login page.`,
      load.redirects.length > LOGIN_MAX_REDIRECTS ? 'Send the user to the login page in at most one or two redirects.' : '',
    );
  }
  if (load.status !== null) statusFinding(findings, load.status, '', placeholders, built640(requestUrl));

  // --- domains
  // Nothing loaded: nothing to compare (skipped below).
  if (findings.get('login.reachable')?.status !== 'fail') setDomains(findings, result, required, authorizationUri, domains, refused);

  // --- pop-ups and dialogs: seen happening (fail), or only in the rendered source (warn)
  if (findings.get('login.reachable')?.status !== 'fail' || load.popups.length || load.dialogs.length) {
    popupAndDialogFromSource(findings, dom?.sourceHints ?? [], 'Nothing was attempted while the page loaded (Link Doctor clicks nothing). ');
  }
  if (load.popups.length > 0) {
    const list = load.popups.slice(0, 5).map((p) => `${p.via}${p.url ? ` to ${shortUrl(p.url)}` : ''}`).join('; ');
    findings.set(
      'login.popup',
      'fail',
      `The page tried to open ${plural(load.popups.length, 'pop-up window')} while it loaded: ${list}. Link Doctor blocked ${load.popups.length === 1 ? 'it' : 'them'}; inside the Alexa app a pop-up breaks account linking.`,
      'Use full-page redirects for every step of the sign-in, including social login buttons; switch off pop-up modes in your login SDK.',
    );
  }
  if (load.dialogs.length > 0) {
    const list = load.dialogs.slice(0, 5).map((d) => `${d.type}(“${shortenRandomRuns(d.message)}”)`).join('; ');
    findings.set(
      'login.dialog',
      'fail',
      `The page showed ${plural(load.dialogs.length, 'dialog')} while it loaded: ${list}. Amazon's requirements exclude JavaScript alerts and message boxes on the login page.`,
      'Show messages on the page itself instead of in alert, confirm or prompt dialogs.',
    );
  }

  // --- blank
  const v = load.visible;
  if (load.memoryExceeded) {
    findings.set('login.blank', 'skip', `Not checked: Link Doctor stopped the page when it used more than ${memoryMb} MB of memory.`);
  } else if (load.crashed) {
    findings.set('login.blank', 'fail', 'The page crashed the browser tab (out of memory or a renderer crash) before showing anything usable.', 'Find what exhausts memory on the page; a login page must load on a phone.');
  } else if (!v) {
    findings.set(
      'login.blank',
      load.status === null ? 'skip' : 'fail',
      load.status === null ? 'Not checked: the page did not load.' : "The page's scripts kept the browser busy, so it never became ready to show (an endless loop?).",
      load.status === null ? '' : 'Make sure the login page finishes loading on a phone: look for scripts that never end.',
    );
  } else if (v.textLength === 0 && v.fields === 0 && v.media === 0) {
    findings.set(
      'login.blank',
      'fail',
      `Nothing visible rendered on a phone-sized screen: no text, no form field, no image${v.title ? ` (title “${shortenRandomRuns(v.title)}”)` : ''}. This is the blank screen users report, often caused by a script or stylesheet host that failed to load.`,
      'Look at the failed requests below and the Domain List; make sure the page renders without them.',
    );
  } else if (v.fields === 0) {
    findings.set(
      'login.blank',
      'warn',
      `The page shows ${v.textLength} characters of text${v.media ? ` and ${plural(v.media, 'image or frame')}` : ''}, but no form field or button. Is it an error page?`,
      'The authorization URI should open the sign-in form itself.',
    );
  } else {
    findings.set('login.blank', 'pass', `The page shows ${v.textLength} characters of text and ${plural(v.fields, 'form field or button', 'form fields or buttons')}.`);
  }

  // --- limits
  const notes: string[] = [];
  if (load.timedOut) notes.push(`the page was still busy when Link Doctor's ${Math.round((options.browser?.timeoutMs ?? 20_000) / 1000)} s limit ran out`);
  if (load.capped === 'requests') notes.push('the page made more requests than Link Doctor allows per page (200); later ones were blocked');
  if (load.capped === 'bytes') notes.push('the page transferred more than Link Doctor allows per page (5 MB); the rest was cut off');
  if (load.capped === 'connections') {
    notes.push(`the page opened more connections to one address than Link Doctor allows per page (${PROXY_MAX_CONNECTIONS_PER_ADDRESS}); later ones were refused`);
  }
  if (load.downloads > 0) notes.push(`the page started ${plural(load.downloads, 'download')} (blocked)`);
  if (load.crashed && !load.memoryExceeded) notes.push('the browser tab crashed');
  if (load.memoryExceeded) {
    findings.set(
      'login.limits',
      'fail',
      `While it loaded, the page made the browser use more than ${memoryMb} MB of memory, the most Link Doctor gives one page, so Link Doctor stopped it. A phone has far less memory to spare: there the page would likely be ended the same way, leaving the user a blank screen.${notes.length ? ` Also: ${notes.join('; ')}.` : ''}`,
      "Find what keeps taking memory on the login page with your browser's memory profiler (a script that never stops adding elements or data, huge images or canvases), and keep the page light: a login page needs a few megabytes.",
      DEFAULT_NODES['login.limits'],
      `The login page used more than ${memoryMb} MB of memory; Link Doctor stopped it`,
    );
  } else if (notes.length) {
    findings.set('login.limits', 'warn', `The result may be incomplete: ${notes.join('; ')}.`, 'A login page should load quickly and lightly on a phone.');
  } else {
    findings.set(
      'login.limits',
      'pass',
      `The page made ${plural(load.requestCount, 'request')} and transferred ${Math.ceil(load.bytes / 1024)} KB in ${(load.elapsedMs / 1000).toFixed(1)} s, within Link Doctor's limits.`,
    );
  }
  findings.skipRest('Not checked: the login page could not be loaded.');
}

/** The login page probe, as the registry runs it. */
export const loginPageProbe = defineProbe({
  id: 'login-page',
  schema: loginPageProbeInputSchema,
  // The Domain List and the scopes come as text; the schema splits them.
  fromForm: (form) => ({
    ...formTexts(form, ['authorizationUri', 'domains', 'mode', 'clientId', 'scopes', 'redirectUri', 'responseType']),
    pkce: formText(form, 'pkce') === 'on' || formText(form, 'pkce') === 'true',
  }),
  targets: (input) => [input.authorizationUri],
  // Browser mode waits for one of the server's browsers, a pool of its own, instead of holding a probe slot.
  admitOptions: (input) => (input.mode === 'browser' ? { browser: true, serverSlot: false } : {}),
  // PROBE_TEST_CHROMIUM_SPKI reaches Chromium only in private mode (see lib/net/browser/test-only-spki.ts).
  run: (input, options: LoginPageProbeOptions) => runLoginPageProbe(input, withTestOnlyChromiumSpki(options)),
});
