import { expect, test } from '@playwright/test';
import { allSourcesCss, allSourcesPage, sendHtml, sendText, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { REALISTIC_STATE_LENGTH } from './authorization-request';
import { isNodeId } from '@/lib/tree';
import { TargetNotAllowed } from '@/lib/net';
import { runProbe } from '@/lib/probes/execute';
import { LOGIN_FINDING_IDS, loginPageProbeInputSchema, type LoginPageProbeFormValues, type LoginPageProbeResult } from './input';
import { runLoginPageProbe, type LoginPageProbeOptions } from './run';
import { STATIC_USER_AGENT } from './static';
import { staticVisibleContent } from './html';
import { LOGIN_FINDINGS, LOGIN_PAGE_NODES } from './findings';
import { connectSpy, harnessPolicy } from '@/lib/net/test-support';
import type { FindingStatus } from '@/lib/probes/findings';

let site: LoginSite;
test.beforeAll(async () => {
  site = await startLoginSite();
});
test.afterAll(async () => {
  await site.close();
});

/** The probe runs on input the schema has validated, as the registry gives it. */
const valid = (raw: LoginPageProbeFormValues) => loginPageProbeInputSchema.parse(raw);
const opts = (extra: LoginPageProbeOptions = {}): LoginPageProbeOptions => ({ policy: site.policy, lookup: site.lookup, ca: site.certs.ca, ...extra });
const status = (r: LoginPageProbeResult, id: string): FindingStatus | undefined => r.findings.find((f) => f.id === id)?.status;
function finding(r: LoginPageProbeResult, id: string) {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}: ${r.findings.map((x) => x.id).join(', ')}`);
  return f;
}
const hosts = (list: Array<{ host: string }>) => list.map((h) => h.host).sort();

const EXPECTED_MISSING = [
  'css-assets.example.test', // url() in the followed stylesheet
  'fonts.example.test', // @font-face url() in <style>
  'forms.example.test', // form action
  'frame.example.test', // iframe
  'img.example.test', // img src
  'imported.example.test', // @import in the followed stylesheet
  'inline.example.test', // style attribute url()
  'media.example.test', // video src
  'oauth.sample.com', // script src: NOT covered by sample.com
  'preload.example.test', // link rel=preload
  'refresh.example.test', // meta refresh
  'srcset.example.test', // img srcset (absolute and protocol-relative)
  'styles.example.test', // link rel=stylesheet
].sort();

test.describe('login page probe, static mode: the hosts of a page', () => {
  test('every foreign host is found by the exact-host rule, with where; listed hosts are not reported', async () => {
    site.handle((req, res, host, path) => {
      if (host === 'login.example.test' && path === '/authorize') return sendHtml(res, allSourcesPage(site));
      if (host === 'styles.example.test' && path === '/site.css') return sendText(res, allSourcesCss(site), 'text/css');
      return sendText(res, 'not here', 'text/plain', 404);
    });
    const before = site.server.requests.length;
    const r = await runLoginPageProbe(
      valid({
        authorizationUri: site.url('login.example.test', '/authorize'),
        domains: 'sample.com, cdn.example.test\nCOVERED.example.test',
        clientId: 'my-client',
        scopes: 'profile email',
        redirectUri: 'https://pitangui.amazon.com/api/skill/link/M2ABCDEFGHIJK',
      }),
      opts(),
    );
    expect(r.probe).toBe('login-page');
    expect(r.mode).toBe('static');
    expect(hosts(r.domains.missing)).toEqual(EXPECTED_MISSING);
    // Covered: the authorization URI's own host and exact Domain List entries only.
    expect(hosts(r.domains.covered)).toEqual(['cdn.example.test', 'covered.example.test', 'login.example.test']);
    expect(r.domains.listed).toEqual(['sample.com', 'cdn.example.test', 'covered.example.test']);
    // A plain link is not content the page loads; sample.com itself is never loaded.
    const required = hosts(r.domains.required);
    expect(required).not.toContain('links.example.test');
    expect(required).not.toContain('sample.com');
    const where = (h: string) => r.domains.required.find((x) => x.host === h)?.foundIn ?? [];
    expect(where('oauth.sample.com')).toContain('script src');
    expect(where('srcset.example.test')).toContain('img srcset');
    expect(where('forms.example.test')).toContain('form action');
    expect(where('refresh.example.test')).toContain('meta refresh');
    expect(where('inline.example.test')).toContain('style attribute url()');
    expect(where('imported.example.test')).toContain('stylesheet @import');
    expect(where('css-assets.example.test')).toContain('stylesheet url()');
    expect(where('fonts.example.test')).toContain('style url()');

    const domains = finding(r, 'login.domains');
    expect(domains.status).toBe('fail');
    expect(domains.node).toBe('domain-list-missing');
    expect(domains.detail).toContain('sample.com is listed, but it does not cover oauth.sample.com');
    expect(domains.fix).toContain('oauth.sample.com');

    // One page GET and one stylesheet GET; the @import inside the stylesheet is not followed (one level only). The
    // redirect URL is Alexa's, so the same request also goes once with each other region's redirect URL.
    const all = site.server.requests.slice(before);
    const regionRequests = all.filter((q) => /redirect_uri=https%3A%2F%2F(?!pitangui)/.test(q.url));
    expect(regionRequests.map((q) => new URL(q.url, 'https://x').searchParams.get('redirect_uri')).sort()).toEqual([
      'https://alexa.amazon.co.jp/api/skill/link/M2ABCDEFGHIJK',
      'https://alexa.amazon.com/api/skill/link/M2ABCDEFGHIJK',
      'https://layla.amazon.com/api/skill/link/M2ABCDEFGHIJK',
    ]);
    expect(r.findings.find((f) => f.id === 'login.regions')?.status).toBe('pass');
    const mine = all.filter((q) => !regionRequests.includes(q));
    expect(mine.map((q) => `${String(q.headers.host).replace(/:\d+$/, '')}${q.url.split('?')[0]}`).sort()).toEqual([
      'login.example.test/authorize',
      'styles.example.test/site.css',
    ]);
    expect(r.stylesheets).toEqual([{ url: site.url('styles.example.test', '/site.css'), status: 200, hosts: 2 }]);

    // The request Alexa would send: realistic state, the given client, scopes and redirect URI; a phone's user agent.
    const pageReq = mine.find((q) => q.url.startsWith('/authorize'));
    const q = new URL(pageReq?.url ?? '/', 'https://x').searchParams;
    expect(q.get('state')?.length).toBe(REALISTIC_STATE_LENGTH);
    expect(q.get('client_id')).toBe('my-client');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('profile email');
    expect(q.get('redirect_uri')).toBe('https://pitangui.amazon.com/api/skill/link/M2ABCDEFGHIJK');
    expect(pageReq?.headers['user-agent']).toBe(STATIC_USER_AGENT);
    expect(r.request.length).toBe(r.request.url?.length);

    expect(status(r, 'login.https')).toBe('pass');
    expect(status(r, 'login.port')).toBe('fail'); // test servers cannot listen on 443
    expect(status(r, 'login.reachable')).toBe('pass');
    expect(status(r, 'login.redirects')).toBe('pass');
    expect(status(r, 'login.status')).toBe('pass');
    expect(status(r, 'login.url-length')).toBe('pass');
    expect(status(r, 'login.popup')).toBe('pass');
    expect(status(r, 'login.dialog')).toBe('pass');
    expect(status(r, 'login.blank')).toBe('pass');
    expect(status(r, 'login.limits')).toBe('pass');
    expect(r.ok).toBe(false);
    expect(r.browser).toBeNull();
    expect(r.findings.map((f) => f.id)).toEqual(LOGIN_FINDING_IDS.filter((id) => !LOGIN_FINDINGS.conditional?.includes(id) || id === 'login.regions'));
    for (const f of r.findings) expect(isNodeId(f.node), `${f.id} → ${f.node}`).toBe(true);
  });

  test('a Domain List that covers every host passes; the page host itself never needs listing', async () => {
    site.handle((_req, res, host, path) => {
      if (path === '/authorize') return sendHtml(res, `<html><body><p>Sign in</p><input name=u><script src="${site.url('cdn.example.test', '/a.js')}"></script><img src="/logo.png"></body></html>`);
      return sendText(res, 'x', 'text/plain', 404);
    });
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), domains: ['https://cdn.example.test/'] }), opts());
    expect(status(r, 'login.domains')).toBe('pass');
    expect(r.domains.missing).toEqual([]);
    expect(hosts(r.domains.required)).toEqual(['cdn.example.test', 'login.example.test']);
  });

  test('pop-ups and dialogs in the page source are warnings; a script-drawn page warns as possibly blank', async () => {
    site.handle((_req, res) =>
      sendHtml(res, `<html><head><script>function go(){ window.open('${site.url('popup.example.test', '/x')}'); alert('hi'); }</script></head><body><div id="root"></div></body></html>`),
    );
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize') }), opts());
    expect(status(r, 'login.popup')).toBe('warn');
    expect(status(r, 'login.dialog')).toBe('warn');
    expect(finding(r, 'login.popup').node).toBe('tip-no-popups');
    expect(status(r, 'login.blank')).toBe('warn');
    expect(finding(r, 'login.blank').fix).toContain('browser mode');
  });

  test('a page that is not HTML is reported, not parsed', async () => {
    site.handle((_req, res) => sendText(res, '{"error":"nope"}', 'application/json'));
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize') }), opts());
    expect(status(r, 'login.blank')).toBe('warn');
    expect(finding(r, 'login.blank').detail).toContain('application/json');
  });
});

test.describe('login page probe, static mode: redirects', () => {
  test('a chain of 2 hops is followed, recorded, and its hosts count as hosts of the login page', async () => {
    site.handle((_req, res, host, path) => {
      if (host === 'auth.example.test' && path === '/start') {
        res.writeHead(302, { Location: site.url('hop.example.test', '/step?x=1') });
        return res.end();
      }
      if (host === 'hop.example.test' && path === '/step') {
        res.writeHead(302, { Location: site.url('login.example.test', '/login') });
        return res.end();
      }
      if (host === 'login.example.test' && path === '/login') return sendHtml(res, '<html><body><form><input name=u></form></body></html>');
      return sendText(res, 'x', 'text/plain', 404);
    });
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('auth.example.test', '/start'), domains: ['login.example.test'] }), opts());
    expect(r.redirects.map((h) => [new URL(h.url).hostname, h.status])).toEqual([
      ['auth.example.test', 302],
      ['hop.example.test', 302],
    ]);
    expect(status(r, 'login.redirects')).toBe('pass');
    expect(finding(r, 'login.redirects').detail).toContain('hop.example.test');
    expect(r.page?.url).toBe(site.url('login.example.test', '/login'));
    expect(status(r, 'login.status')).toBe('pass');
    // hop.example.test is on the way and not listed; login.example.test is listed; auth.example.test is the URI's host.
    expect(hosts(r.domains.missing)).toEqual(['hop.example.test']);
    expect(r.domains.missing[0]?.foundIn).toEqual(['redirect']);
  });

  test('more than 3 redirects: stops and warns', async () => {
    site.handle((req, res) => {
      const n = Number(new URL(req.url, 'https://x').searchParams.get('n') ?? '0');
      res.writeHead(302, { Location: site.url('auth.example.test', `/loop?n=${n + 1}`) });
      res.end();
    });
    const before = site.requestsFor('auth.example.test').length;
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('auth.example.test', '/loop') }), opts());
    expect(status(r, 'login.redirects')).toBe('warn');
    expect(site.requestsFor('auth.example.test').length - before).toBe(4); // the first request + 3 hops
    expect(status(r, 'login.status')).toBe('skip');
  });

  for (const [name, location, internalHits] of [
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', false],
    ['an https metadata URL', () => 'https://169.254.169.254/latest/meta-data/', false],
    ['the internal server by IP', () => site.internalUrl('/admin'), true],
    ['the internal server by a name that resolves to it', () => site.internalUrl('/admin', 'internal.example.test'), true],
  ] as const) {
    test(`a redirect to ${name} is refused with zero hits`, async () => {
      site.handle((_req, res) => {
        res.writeHead(302, { Location: location() });
        res.end();
      });
      const spy = connectSpy();
      let r: LoginPageProbeResult;
      try {
        r = await runLoginPageProbe(valid({ authorizationUri: site.url('auth.example.test', '/start') }), opts());
      } finally {
        spy.restore();
      }
      expect(spy.targets.filter((t) => !t.startsWith('127.0.0.1:'))).toEqual([]);
      if (internalHits) expect(site.internal.hits).toBe(0);
      const f = finding(r, 'login.redirects');
      expect(f.status).toBe('fail');
      expect(status(r, 'login.status')).toBe('skip');
    });
  }
});

test.describe('login page probe, static mode: hostile and failing pages', () => {
  test('a huge page is capped at 1 MB and reported', async () => {
    const chunk = `<p>${'x'.repeat(1020)}</p>\n`;
    site.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }); // no length: chunked
      let sent = 0;
      const pump = () => {
        while (sent < 3 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const t0 = Date.now();
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/big') }), opts());
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(status(r, 'login.limits')).toBe('warn');
    expect(finding(r, 'login.limits').detail).toContain('1 MB');
    expect(status(r, 'login.domains')).toBe('skip');
  });

  test('HTTP 400 for the long state points at the request size', async () => {
    site.handle((req, res) => {
      const state = new URL(req.url, 'https://x').searchParams.get('state') ?? '';
      if (state.length > 500) return sendHtml(res, '<html><body><h1>400 Request Header Or Cookie Too Large</h1></body></html>', 400);
      return sendHtml(res, '<html><body><form><input></form></body></html>');
    });
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize') }), opts());
    const f = finding(r, 'login.status');
    expect(f.status).toBe('fail');
    expect(f.node).toBe('request-too-large');
    expect(f.detail).toContain(`${REALISTIC_STATE_LENGTH}-character state`);
    // No client ID or redirect URL was entered: say that placeholders were used.
    expect(f.detail).toContain('placeholder values for client_id and redirect_uri');
  });

  test('HTTP 400 about the redirect URI points at redirect-uri-invalid', async () => {
    site.handle((_req, res) => sendText(res, '{"error":"invalid_request","error_description":"Invalid redirect_uri"}', 'application/json', 400));
    const r = await runLoginPageProbe(
      valid({ authorizationUri: site.url('login.example.test', '/authorize'), clientId: 'c', redirectUri: 'https://layla.amazon.com/api/skill/link/M2X' }),
      opts(),
    );
    expect(finding(r, 'login.status').node).toBe('redirect-uri-invalid');
    expect(finding(r, 'login.status').detail).not.toContain('placeholder');
  });

  test('a JSON error from a token endpoint (the URIs swapped): explained as such, with what it says', async () => {
    // What a token endpoint answers to a GET without a grant: an OAuth error in JSON, not a page.
    site.handle((_req, res) => sendText(res, '{"error":"unsupported_grant_type","error_description":"grant_type is missing"}', 'application/json', 400));
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/oauth2/token'), clientId: 'c' }), opts());
    const f = finding(r, 'login.status');
    expect(f).toMatchObject({ status: 'fail', node: 'uris-swapped', title: 'The authorization URI answers like a token endpoint' });
    expect(f.detail).toContain('unsupported_grant_type: grant_type is missing');
  });

  test('HTTP 400 whose text says nothing about size is not blamed on the request size', async () => {
    site.handle((_req, res) => sendHtml(res, '<html><body><h1>Bad request</h1><p>Unknown client_id.</p></body></html>', 400));
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), clientId: 'c' }), opts());
    const f = finding(r, 'login.status');
    expect(f.node).toBe('http-400-redirect');
    expect(f.detail).toContain('Unknown client_id.');
    expect(f.detail).not.toContain('larger than');
  });

  test('HTTP 500 fails login.status and skips the rest', async () => {
    site.handle((_req, res) => sendHtml(res, '<h1>oops</h1>', 500));
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize') }), opts());
    expect(status(r, 'login.status')).toBe('fail');
    expect(finding(r, 'login.status').node).toBe('still-not-working');
    expect(status(r, 'login.popup')).toBe('skip');
  });

  test('an untrusted certificate fails login.reachable (verification stays on)', async () => {
    site.handle((_req, res) => sendHtml(res, '<p>hi</p>'));
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize') }), { policy: site.policy, lookup: site.lookup });
    expect(status(r, 'login.reachable')).toBe('fail');
    expect(finding(r, 'login.reachable').node).toBe('tip-https-ca');
  });

  test('an unknown host fails login.reachable', async () => {
    const r = await runLoginPageProbe(valid({ authorizationUri: `https://nowhere.example.test:${site.server.port}/` }), opts());
    expect(status(r, 'login.reachable')).toBe('fail');
    expect(finding(r, 'login.reachable').detail).toContain('does not exist in DNS');
  });
});

test.describe('login page probe: targets refused before anything is sent', () => {
  test('an http authorization URI fails login.https and loads nothing', async () => {
    const before = site.server.hits;
    const r = await runLoginPageProbe(valid({ authorizationUri: `http://login.example.test:${site.server.port}/authorize` }), opts());
    expect(status(r, 'login.https')).toBe('fail');
    expect(status(r, 'login.reachable')).toBe('skip');
    expect(site.server.hits).toBe(before);
  });

  test('a port other than 443 outside the harness: login.port fails and nothing is sent', async () => {
    const before = site.server.hits;
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize') }), { ...opts(), policy: harnessPolicy() });
    expect(status(r, 'login.port')).toBe('fail');
    expect(status(r, 'login.reachable')).toBe('skip');
    expect(site.server.hits).toBe(before);
  });

  for (const mode of ['static', 'browser'] as const) {
    test(`${mode} mode: an internal authorization URI (by IP or by name) throws TargetNotAllowed with zero hits`, async () => {
      for (const uri of [site.internalUrl('/authorize'), site.internalUrl('/authorize', 'internal.example.test')]) {
        await expect(runLoginPageProbe(valid({ authorizationUri: uri, mode }), opts())).rejects.toBeInstanceOf(TargetNotAllowed);
      }
      expect(site.internal.hits).toBe(0);
    });
  }

  test('runProbe: invalid input and refused targets become plain outcomes', async () => {
    const invalid = await runProbe('login-page', { authorizationUri: 'not a url', mode: 'fast' });
    expect(invalid.kind).toBe('invalid');
    if (invalid.kind === 'invalid') expect(invalid.issues.map((i) => i.field).sort()).toEqual(['authorizationUri', 'mode']);
    const refused = await runProbe('login-page', { authorizationUri: site.internalUrl('/') }, { options: opts() });
    expect(refused.kind).toBe('refused');
    site.handle((_req, res) => sendHtml(res, '<p>Sign in</p><input>'));
    const done = await runProbe('login-page', { authorizationUri: site.url('login.example.test', '/') }, { options: opts() });
    expect(done.kind).toBe('done');
  });
});

test.describe('login page probe: input and nodes', () => {
  test('the input schema accepts a list or a textarea, and refuses bad input with a clear message', () => {
    expect(loginPageProbeInputSchema.parse({ authorizationUri: ' https://a.example/auth ', domains: 'x.com, y.com\n z.com', mode: 'browser' })).toMatchObject({
      authorizationUri: 'https://a.example/auth',
      domains: ['x.com', 'y.com', 'z.com'],
      mode: 'browser',
    });
    expect(loginPageProbeInputSchema.parse({ authorizationUri: 'https://a.example/auth', domains: ['x.com', ' ', 'y.com'] })).toMatchObject({ domains: ['x.com', 'y.com'], mode: 'static' });
    expect(loginPageProbeInputSchema.parse({ authorizationUri: 'https://a.example/auth' }).domains).toEqual([]);
    expect(loginPageProbeInputSchema.safeParse({ authorizationUri: 'login.example.com' }).error?.issues[0]?.message).toContain('https://');
    expect(loginPageProbeInputSchema.safeParse({ authorizationUri: 'https://a.example', mode: 'x' }).error?.issues[0]?.message).toContain('static or browser');
    expect(loginPageProbeInputSchema.safeParse({ authorizationUri: 'ftp://a.example/' }).success).toBe(false);
    expect(loginPageProbeInputSchema.safeParse({ authorizationUri: 'https://a.example', domains: Array(101).fill('a.com') }).success).toBe(false);
    const withExtras = loginPageProbeInputSchema.parse({ authorizationUri: 'https://a.example', clientId: '  ', redirectUri: '', scopes: 'a b,c' });
    expect(withExtras.clientId).toBeUndefined();
    expect(withExtras.redirectUri).toBeUndefined();
    expect(withExtras.scopes).toEqual(['a', 'b', 'c']);
    expect(withExtras.responseType).toBe('code');
    const bad = loginPageProbeInputSchema.safeParse({ authorizationUri: 'https://a.example', redirectUri: 'http://pitangui.amazon.com/x' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.message).toContain('https://');
  });

  test('every node the probe can emit exists in the tree', () => {
    expect(LOGIN_PAGE_NODES.filter((id) => !isNodeId(id))).toEqual([]);
  });

  test('staticVisibleContent ignores scripts, styles and hidden inputs', () => {
    expect(staticVisibleContent('<html><head><title>T</title><script>var a = "text";</script></head><body><div id=root></div><input type=hidden></body></html>')).toEqual({ textLength: 0, fields: 0, media: 0 });
    expect(staticVisibleContent('<body><p>Hi</p><input type=password><img src=x></body>')).toEqual({ textLength: 2, fields: 1, media: 1 });
  });
});
