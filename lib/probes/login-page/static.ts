// Static mode: one GET of the request Alexa would open, through the guarded outbound layer (up to 3 redirects, each
// checked again; 1 MB), then the hosts in its HTML plus its stylesheets followed one level (at most 10, in parallel,
// 1 MB and 5 s each). No script runs, so hosts that scripts load from show up only in browser mode.

import 'server-only';
import {
  checkTarget,
  CookieJar,
  headerValue,
  isTargetNotAllowed,
  safeFetch,
  type LookupFn,
  type OutboundFailure,
  type OutboundResponse,
  type ProbePolicy,
  type SafeFetchOptions,
} from '@/lib/net';
import { hostOf } from '@/lib/probes/urls';
import { plural } from '@/lib/probes/wording';
import { extractCssHosts } from './css';
import {
  FIXES,
  LOGIN_MAX_REDIRECTS,
  NO_REDIRECTS,
  NOT_LOADED,
  redirectChainText,
  setDomains,
  shortUrl,
  sourceHintFindings,
  statusFinding,
  type LoginFindings,
  type LoginRun,
} from './findings';
import { mergeHosts, type HostSource } from './hosts';
import { extractHosts, visibleContentReader } from './html';
import { type LoginRedirectHop, type LoginStylesheetRecord } from './input';

/**
 * The page and each stylesheet are read up to 1 MB: enough for any login page, and a hostile server cannot make Link
 * Doctor hold more.
 */
export const LOGIN_PAGE_MAX_BYTES = 1024 * 1024;
/** At most this many of the page's stylesheets are followed (one level). */
export const MAX_STYLESHEETS_FOLLOWED = 10;
const STYLESHEET_TOTAL_MS = 5_000;

/** The phone the static GET claims to be (browser mode uses Playwright's Pixel 7 descriptor), and who is asking. */
export const STATIC_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 LinkDoctor/0.1 (+Alexa account-linking diagnostics)';

export interface StaticModeOptions {
  /** TEST ONLY: DNS lookup (used by safeFetch and by the browser's egress proxy). */
  lookup?: LookupFn;
  /** TEST ONLY: extra trusted CAs for the static GETs (added to Node's roots, as safeFetch's `ca` option says). */
  ca?: SafeFetchOptions['ca'];
  /** Static mode: deadlines of the page GET (`total` defaults to 10 s). */
  timeouts?: SafeFetchOptions['timeouts'];
}

type FetchOptions = (extra: SafeFetchOptions) => SafeFetchOptions;

/** What every GET of static mode (and of the other regions' requests) sends: a phone's User-Agent, the test hooks. */
export function pageFetchOptions(options: StaticModeOptions, policy: ProbePolicy & { allowPrivate: boolean }): SafeFetchOptions {
  return {
    policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    headers: { 'User-Agent': STATIC_USER_AGENT, 'Accept-Language': 'en-US,en;q=0.9', Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
  };
}

export async function runStatic(run: LoginRun, options: StaticModeOptions, policy: ProbePolicy & { allowPrivate: boolean }): Promise<void> {
  const { findings, result } = run;
  // Cookies each answer sets go back to the same host on the next hop, as a phone's browser would send them: sign-in
  // flows often set one on the authorize redirect and read it on the login page.
  const cookies = new CookieJar();
  const base = pageFetchOptions(options, policy);
  const fetchOptions: FetchOptions = (extra) => ({ ...base, timeouts: undefined, ...extra, cookies, headers: { ...base.headers, ...extra.headers } });
  const pageResult = await safeFetch(run.requestUrl, fetchOptions({ followRedirects: LOGIN_MAX_REDIRECTS, maxBodyBytes: LOGIN_PAGE_MAX_BYTES, ...(base.timeouts ? { timeouts: base.timeouts } : {}) }));
  if (!pageResult.ok) {
    result.pageTiming = pageResult.failure.timing;
    result.pageFailure = failureText(pageResult.failure);
    pageNotRead(run, pageResult.failure);
    return;
  }
  result.pageTiming = pageResult.response.timing;

  const r = pageResult.response;
  findings.set('login.reachable', 'pass', `The server answered with HTTP ${r.status}${r.tls ? ` over ${r.tls.protocol ?? 'TLS'}` : ''}.`, '', { title: `The server answered with HTTP ${r.status}${r.tls ? ` over ${r.tls.protocol ?? 'TLS'}` : ''}` });

  // --- login.redirects
  const chain: LoginRedirectHop[] = r.redirects.map((h) => ({ url: h.url, status: h.status, location: h.location, timing: h.timing }));
  result.redirects = chain;
  const redirectHosts: HostSource[] = [];
  for (const h of chain) {
    const host = hostOf(h.url);
    if (host) redirectHosts.push({ host, foundIn: ['redirect'] });
  }
  const finalHost = hostOf(r.url);
  if (finalHost) redirectHosts.push({ host: finalHost, foundIn: [chain.length ? 'login page (after redirects)' : 'login page'] });
  redirectVerdict(findings, chain, r, policy, cookies);

  result.page = { url: r.url, status: r.status, contentType: headerValue(r.headers, 'content-type') ?? null, bytes: r.body.length };
  const body = r.body.toString('utf8');
  statusFinding(run, r.status, body.slice(0, 4096));
  if (r.redirect) {
    // The chain stopped at a redirect: the hosts so far are all we know.
    setDomains(run, redirectHosts, new Map());
    const target = r.redirect.resolved ? hostOf(r.redirect.resolved) : null;
    if (target && findings.get('login.domains')?.status === 'pass') {
      findings.set(
        'login.domains',
        'warn',
        `The page itself was not reached (the redirect to ${target} was not followed), so only the redirect hosts were compared with the Domain List.`,
        '',
        { node: 'login-page-domains' },
      );
    }
    findings.skipRest('Not checked: the login page itself was not reached (the redirect chain stopped).');
    return;
  }
  if (r.status >= 400) {
    setDomains(run, redirectHosts, new Map());
    findings.skipRest(`Not checked: the server answered HTTP ${r.status} instead of the login page.`);
    return;
  }

  const contentType = (headerValue(r.headers, 'content-type') ?? '').toLowerCase();
  const looksHtml = contentType.includes('html') || contentType.includes('xml') || (contentType === '' && /^\s*</.test(body));
  if (!looksHtml) {
    setDomains(run, redirectHosts, new Map());
    findings.set(
      'login.blank',
      'warn',
      `The authorization URI answered with ${contentType || 'no content type'}, not a web page. The Alexa app shows the authorization URI to the user, so it must be the login page.`,
      'Point the authorization URI at the page where users sign in.', { title: `The authorization URI answered with ${contentType || 'no content type'}, not a web page` },
    );
    findings.skipRest('Not checked: the answer is not an HTML page.');
    return;
  }
  await readPage(run, r, body, redirectHosts, fetchOptions);
}

/** The GET got no page: too large to read (the server did answer), or no answer at all. */
function pageNotRead(run: LoginRun, f: OutboundFailure): void {
  const { findings } = run;
  if (f.kind === 'too-large') {
    findings.set('login.reachable', 'pass', `The server answered${f.status ? ` with HTTP ${f.status}` : ''}.`, '', { title: `The server answered${f.status ? ` with HTTP ${f.status}` : ''}` });
    if (f.status !== undefined) statusFinding(run, f.status, '');
    findings.set(
      'login.limits',
      'warn',
      `The login page is larger than ${LOGIN_PAGE_MAX_BYTES / 1024 / 1024} MB, so Link Doctor did not read it (${failureText(f)}). A page that large also loads slowly inside the Alexa app.`,
      'Keep the login page small: move large inline data and scripts out of the HTML. Run the check in browser mode to see what the page loads.', { title: `The login page is larger than ${LOGIN_PAGE_MAX_BYTES / 1024 / 1024} MB, so Link Doctor did not read it (${failureText(f)})` },
    );
    findings.skipRest('Not checked: the page is larger than Link Doctor reads.');
    return;
  }
  findings.set(
    'login.reachable',
    'fail',
    f.kind === 'tls' ? `The TLS handshake failed: ${failureText(f)}` : failureText(f),
    f.kind === 'dns'
      ? FIXES.publicDns
      : f.kind === 'tls'
        ? FIXES.certificate
        : f.kind === 'connect'
          ? 'Make sure the login page is reachable from the internet on port 443 (firewall, security groups, load balancer).'
          : f.kind === 'timeout'
            ? 'The login page must load quickly on a phone: find out why the server is slow to answer.'
            : 'Make sure the server answers the GET with a well-formed HTTP response.', { title: f.kind === 'tls' ? 'The TLS handshake failed' : f.kind === 'dns' ? 'The login page’s host name does not resolve' : f.kind === 'timeout' ? 'The login page did not answer in time' : 'The login page could not be reached' },
  );
  findings.skipRest(NOT_LOADED);
}

/** The page is HTML: its hosts and its stylesheets' against the Domain List, what its source attempts, what it shows. */
async function readPage(run: LoginRun, r: OutboundResponse, body: string, redirectHosts: HostSource[], fetchOptions: FetchOptions): Promise<void> {
  const { findings, result } = run;
  run.pageHtml = body;
  const visible = visibleContentReader();
  const extracted = extractHosts(body, r.url, visible);
  const sheets = extracted.stylesheets.slice(0, MAX_STYLESHEETS_FOLLOWED);
  const followed = await Promise.all(sheets.map((href) => fetchStylesheet(href, fetchOptions)));
  result.stylesheets = followed.map((s) => s.record);
  const required = mergeHosts(redirectHosts, extracted.hosts, ...followed.map((s) => s.hosts));
  setDomains(run, required, new Map());

  sourceHintFindings(findings, extracted.sourceHints);

  const seen = visible.seen;
  if (seen.textLength === 0 && seen.fields === 0 && seen.media === 0) {
    findings.set(
      'login.blank',
      'warn',
      'The HTML has no visible text, form field or image: the page is probably drawn by scripts, which static mode does not run. If the scripts fail inside the Alexa app (for example a host missing from the Domain List), users see a blank screen.',
      'Run the check in browser mode to see what the page shows on a phone.', { title: 'The HTML has no visible text, form field or image' },
    );
  } else {
    findings.set(
      'login.blank',
      'pass',
      `The HTML has visible content: ${seen.textLength > 0 ? 'text' : 'no text'}, ${plural(seen.fields, 'form field')}${seen.media ? `, ${plural(seen.media, 'image')}` : ''}.${seen.fields === 0 ? ' No form field is in the HTML itself; scripts may add the sign-in form.' : ''}`, '', { title: `The HTML has visible content` },
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
    findings.set('login.limits', 'warn', `The result may be incomplete: ${limitNotes.join('; ')}.`, 'Run the check in browser mode to see every request the page makes.', { title: `The result may be incomplete` });
  } else {
    findings.set(
      'login.limits',
      'pass',
      `The page (${Math.ceil(r.body.length / 1024)} KB) ${sheets.length ? `and its ${plural(sheets.length, 'stylesheet')} were` : 'was'} read in full. Static mode does not run scripts: hosts that scripts load from only show up in browser mode.`, '', { title: `The page (${Math.ceil(r.body.length / 1024)} KB) ${sheets.length ? `and its ${plural(sheets.length, 'stylesheet')} were` : 'was'} read in full` },
    );
  }
}

function failureText(f: Pick<OutboundFailure, 'message' | 'code'>): string {
  return f.code && !f.message.includes(f.code) ? `${f.message} (${f.code})` : f.message;
}

function redirectVerdict(
  findings: LoginFindings,
  chain: LoginRedirectHop[],
  r: OutboundResponse,
  policy: ProbePolicy & { allowPrivate: boolean },
  cookies: CookieJar,
): void {
  const pending = r.redirect;
  if (!pending) {
    const kept = cookies.summary();
    // Names only: cookie values may be session secrets.
    const cookieNote =
      chain.length && kept.length
        ? ` The server set ${plural(kept.length, 'cookie')} on the way (${kept.slice(0, 5).map((c) => c.name.slice(0, 40)).join(', ')}${kept.length > 5 ? ', …' : ''}), which Link Doctor sent back on the next requests as a browser does.`
        : '';
    findings.set(
      'login.redirects',
      'pass',
      chain.length === 0
        ? NO_REDIRECTS
        : `The request was redirected ${plural(chain.length, 'time')}: ${redirectChainText(chain, r.url)}. Every host on the way counts as a host of the login page.${cookieNote}`, '', { title: chain.length === 0 ? 'The login page loads without redirects' : `The request was redirected ${plural(chain.length, 'time')}` },
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
      FIXES.fewerRedirects, { title: `The request was redirected more than ${LOGIN_MAX_REDIRECTS} times` },
    );
    return;
  }
  if (pending.notFollowed === 'invalid-location') {
    findings.set('login.redirects', 'fail', `The server redirects (HTTP ${r.status}) to a Location that is not a valid URL: ${pending.location.slice(0, 160)}.${soFar}`, 'Send an absolute https URL in the Location header.', { title: `The server redirects (HTTP ${r.status}) to a Location that is not a valid URL` });
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
    findings.set('login.redirects', 'warn', `The server redirects to ${to}, which Link Doctor does not load: ${pending.refusal ?? 'refused'}${soFar}`, FIXES.stayOn443, { title: `The server redirects to ${to}, which Link Doctor does not load` });
    return;
  }
  findings.set(
    'login.redirects',
    'fail',
    kind === 'downgrade'
      ? `The server redirects from https to plain http (${to}). Alexa's login flow must stay on https.${soFar}`
      : `The server redirects to ${to}, which Link Doctor refused for safety: ${pending.refusal ?? 'not a public address'}${soFar} A phone on the internet could not reach it either.`,
    kind === 'downgrade' ? 'Redirect only to https URLs.' : FIXES.publicRedirects, { title: kind === 'downgrade' ? `The server redirects from https to plain http (${to})` : `The server redirects to ${to}, which Link Doctor refused for safety` },
  );
}

async function fetchStylesheet(href: string, fetchOptions: FetchOptions): Promise<{ record: LoginStylesheetRecord; hosts: HostSource[] }> {
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
