// The Alexa redirect URLs of every region. The console lists one redirect URL per region (the same path on each
// region's host), and Alexa sends the one of the user's region; a server that allows only some of them refuses the
// others' users with "invalid redirect_uri". When the redirect URL entered is one of Alexa's, the same request is sent
// with each other region's URL (static GETs, following the server's own redirects with a cookie jar, never on to
// Amazon) and the answers compared: a sign-in page means accepted, an error about the redirect URI means refused.
// Which hosts serve which region is known from developers' reports for all but North America, so a refused region is
// a warning.

import 'server-only';
import { CookieJar, isTargetNotAllowed, safeFetch, type SafeFetchOptions } from '@/lib/net';
import { ALEXA_REDIRECT_HOSTS, ALEXA_REDIRECT_REGIONS } from '@/lib/alexa';
import { hostOf, parseUrl } from '@/lib/probes/urls';
import { listWords } from '@/lib/probes/wording';
import { LOGIN_MAX_REDIRECTS, type LoginRun } from './findings';
import { type LoginRegionCheck } from './input';
import { readRefusal } from './refusal';

const ALEXA_LINK_PATH = /^\/api\/skill\/link\/[A-Za-z0-9]+$/;
const REGION_PAGE_MAX_BYTES = 256 * 1024;

/** The other regions' redirect URLs, when `redirectUri` is one of Alexa's; otherwise none. */
export function otherRegionRedirects(redirectUri: string | undefined): Array<{ region: string; label: string; redirectUri: string }> {
  const url = redirectUri ? parseUrl(redirectUri) : null;
  if (!url || url.protocol !== 'https:' || !ALEXA_REDIRECT_HOSTS.includes(url.hostname) || !ALEXA_LINK_PATH.test(url.pathname)) return [];
  return ALEXA_REDIRECT_REGIONS.filter((r) => r.host !== url.hostname).map((r) => ({ region: r.region, label: r.label, redirectUri: `https://${r.host}${url.pathname}` }));
}

/** The request Alexa would open, with another redirect URL in place of the one entered. */
function withRedirect(requestUrl: string, from: string, to: string): string {
  const encoded = `redirect_uri=${encodeURIComponent(from)}`;
  if (requestUrl.includes(encoded)) return requestUrl.replace(encoded, `redirect_uri=${encodeURIComponent(to)}`);
  const u = new URL(requestUrl);
  u.searchParams.set('redirect_uri', to);
  return u.href;
}

/** One region's request: the answer after the server's own redirects (never followed to Alexa), read as a verdict. */
async function checkOne(requestUrl: string, fetchOptions: SafeFetchOptions): Promise<Omit<LoginRegionCheck, 'region' | 'label' | 'redirectUri'>> {
  const cookies = new CookieJar();
  let next = requestUrl;
  for (let hop = 0; hop <= LOGIN_MAX_REDIRECTS; hop++) {
    let res;
    try {
      res = await safeFetch(next, { ...fetchOptions, cookies, followRedirects: 0, maxBodyBytes: REGION_PAGE_MAX_BYTES });
    } catch (e) {
      if (isTargetNotAllowed(e)) return { verdict: 'unknown', said: `not loaded: ${e.message}` };
      throw e;
    }
    if (!res.ok) return { verdict: 'unknown', said: res.failure.message };
    const r = res.response;
    if (r.redirect) {
      const target = r.redirect.resolved ? parseUrl(r.redirect.resolved) : null;
      if (!target) return { verdict: 'unknown', status: r.status, said: 'a redirect to an invalid URL' };
      // The server answered Alexa: an error there is the refusal; a code means it accepted.
      if (ALEXA_REDIRECT_HOSTS.includes(hostOf(target) ?? '')) {
        const error = target.searchParams.get('error') ?? new URLSearchParams(target.hash.slice(1)).get('error');
        return error ? { verdict: 'refused', status: r.status, said: `redirected to Alexa with error=${error.slice(0, 60)}` } : { verdict: 'accepted', status: r.status, said: 'redirected to Alexa' };
      }
      next = target.href;
      continue;
    }
    if (r.status >= 200 && r.status < 300) return { verdict: 'accepted', status: r.status, said: '' };
    const refusal = readRefusal(r.status, r.body.toString('utf8', 0, 8192), new URL(next).pathname);
    return { verdict: refusal.kind === 'redirect-uri' ? 'refused' : 'unknown', status: r.status, said: refusal.said };
  }
  return { verdict: 'unknown', said: `more than ${LOGIN_MAX_REDIRECTS} redirects` };
}

/**
 * Each other region's request, when the redirect URL entered is Alexa's (none otherwise). Started alongside the main
 * load, so that a slow server does not make the probe take twice as long.
 */
export async function checkRegions(requestUrl: string, redirectUri: string | undefined, fetchOptions: SafeFetchOptions): Promise<LoginRegionCheck[]> {
  const others = otherRegionRedirects(redirectUri);
  if (others.length === 0 || !redirectUri) return [];
  return Promise.all(
    others.map(async (o) => ({ region: o.region, label: o.label, redirectUri: o.redirectUri, ...(await checkOne(withRedirect(requestUrl, redirectUri, o.redirectUri), fetchOptions)) })),
  );
}

/** `login.regions` from the other regions' answers, when the main request reached the server. */
export function regionFinding(run: LoginRun, checks: LoginRegionCheck[]): void {
  if (checks.length === 0 || run.findings.get('login.reachable')?.status !== 'pass') return;
  run.result.regions = checks;
  const host = (c: LoginRegionCheck) => new URL(c.redirectUri).host;
  const refused = checks.filter((c) => c.verdict === 'refused');
  const unknown = checks.filter((c) => c.verdict === 'unknown');
  const describe = (c: LoginRegionCheck) => `${c.label} (${host(c)}${c.status ? `, HTTP ${c.status}` : ''}${c.said ? `: “${c.said}”` : ''})`;
  if (refused.length) {
    run.findings.set(
      'login.regions',
      'warn',
      `Sent with the other regions' Alexa redirect URLs, the same request was refused for ${listWords(refused.map(describe))}.${unknown.length ? ` No clear answer for ${listWords(unknown.map(describe))}.` : ''} Users in a region whose redirect URL your server refuses cannot link; if the skill is offered only in some regions, only those regions' URLs matter.`,
      `Allow every Alexa Redirect URL the console lists for the skill in your OAuth client's settings (the same path on ${listWords(ALEXA_REDIRECT_REGIONS.map((r) => r.host))}).`,
      { title: `Your server refuses the Alexa redirect URL of ${listWords(refused.map((c) => c.label))}` },
    );
  } else if (unknown.length) {
    run.findings.set(
      'login.regions',
      'warn',
      `The other regions' Alexa redirect URLs got no clear answer: ${listWords(unknown.map(describe))}.${checks.length > unknown.length ? ` Accepted: ${listWords(checks.filter((c) => c.verdict === 'accepted').map((c) => c.label))}.` : ''}`,
      "Check that your OAuth client allows every Alexa Redirect URL the console lists.", { title: `No clear answer for the Alexa redirect URL of ${listWords(unknown.map((c) => c.label))}` },
    );
  } else {
    run.findings.set('login.regions', 'pass', `The server answers the same sign-in page for the Alexa redirect URLs of the other regions too: ${listWords(checks.map((c) => `${c.label} (${host(c)})`))}.`, '', { title: `The server accepts the Alexa redirect URLs of ${listWords(checks.map((c) => c.label))} too` });
  }
}
