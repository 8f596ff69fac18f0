// Browser mode of the login page probe: the system Chromium (CHROMIUM_PATH or /usr/bin/chromium) behind the egress
// proxy, against loopback servers. Each run launches and closes its own browser (about 1 s); each test is bounded.

import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { browsersStopped, sendHtml, sendText, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { isNodeId } from '@/lib/tree';
import { BROWSER_SLOTS, chromiumPath, loadPageInBrowser, namespaceOptions } from '@/lib/net/browser';
import { runLoginPageProbe, type LoginPageProbeOptions } from './run';
import { loginPageProbeInputSchema, type LoginPageProbeFormValues, type LoginPageProbeResult } from './input';
import type { FindingStatus } from '@/lib/probes/findings';

const CHROMIUM = chromiumPath();
test.skip(!existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH to run the browser-mode tests.`);
test.describe.configure({ timeout: 25_000 });

let site: LoginSite;
test.beforeAll(async () => {
  const boxProblem = await namespaceOptions().then(() => null, (e: Error) => e.message);
  test.skip(boxProblem !== null, `Browser mode cannot run here: ${boxProblem}.`);
  site = await startLoginSite();
});
test.afterEach(browsersStopped);
test.afterAll(async () => {
  await site?.close();
});

/** The probe runs on input the schema has validated, as the registry gives it. */
const valid = (raw: LoginPageProbeFormValues) => loginPageProbeInputSchema.parse(raw);
const opts = (browser: LoginPageProbeOptions['browser'] = {}): LoginPageProbeOptions => ({
  policy: site.policy,
  lookup: site.lookup,
  browser: { testOnlyIgnoreCertErrorsSpki: [site.certs.spki], ...browser },
});
const status = (r: LoginPageProbeResult, id: string): FindingStatus | undefined => r.findings.find((f) => f.id === id)?.status;
function finding(r: LoginPageProbeResult, id: string) {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}`);
  return f;
}
/** Chromium processes still running for this test site (the SPKI hash is unique to it). */
function leftoverBrowsers(): number {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(site.certs.spki)).length;
}
/** The answer goes before the browser has stopped; its slot is free only once nothing of it is left running. */
async function expectBrowsersGone() {
  await browsersStopped();
  expect(leftoverBrowsers()).toBe(0);
}

test('scripts: a fetch to another host is seen; window.open and alert() fail; a screenshot comes back', async () => {
  site.handle((_req, res, host, path) => {
    if (host === 'login.example.test' && path === '/authorize') {
      return sendHtml(
        res,
        `<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>Sign in</title></head><body>
<h1>Sign in</h1><form><input name="user" placeholder="Email"><input type="password"><button>Sign in</button></form>
<img src="${site.url('img.example.test', '/logo.png')}" alt="">
<p id="out">…</p>
<script>
  fetch('${site.url('api.example.test', '/config')}').then((r) => r.text()).then((t) => { document.getElementById('out').textContent = t; });
  window.open('${site.url('popup.example.test', '/social-login')}', 'login', 'width=400');
  alert('Welcome back!');
  const a = document.createElement('a'); a.href = '/file.bin'; a.download = 'setup.bin'; document.body.appendChild(a); a.click();
</script></body></html>`,
      );
    }
    if (host === 'login.example.test' && path === '/file.bin') return sendText(res, 'MZ'.repeat(1000), 'application/octet-stream', 200, { 'Content-Disposition': 'attachment; filename="setup.bin"' });
    if (host === 'api.example.test') return sendText(res, '{"ok":true}', 'application/json');
    if (host === 'img.example.test') return sendText(res, 'GIF89a', 'image/gif');
    return sendText(res, 'no', 'text/plain', 404);
  });
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), domains: ['img.example.test'], mode: 'browser' }), opts());
  expect(r.mode).toBe('browser');
  const b = r.browser;
  if (!b) throw new Error('no browser summary');
  // The script's fetch went out through the proxy and was recorded; the pop-up never loaded.
  const api = b.requests.find((q) => q.host === 'api.example.test');
  expect(api?.type).toBe('fetch');
  expect(api?.status).toBe(200);
  expect(site.requestsFor('api.example.test').length).toBe(1);
  expect(site.requestsFor('popup.example.test').length).toBe(0);
  expect(b.popups).toEqual([{ url: site.url('popup.example.test', '/social-login'), via: 'window.open' }]);
  expect(b.dialogs).toEqual([{ type: 'alert', message: 'Welcome back!' }]);
  // The download was refused and reported.
  expect(b.downloads).toBe(1);
  expect(status(r, 'login.limits')).toBe('warn');
  expect(finding(r, 'login.limits').detail).toContain('download');

  expect(status(r, 'login.popup')).toBe('fail');
  expect(finding(r, 'login.popup').node).toBe('tip-no-popups');
  expect(status(r, 'login.dialog')).toBe('fail');
  expect(finding(r, 'login.dialog').detail).toContain('Welcome back!');
  expect(status(r, 'login.blank')).toBe('pass');
  expect(status(r, 'login.reachable')).toBe('pass');
  expect(status(r, 'login.status')).toBe('pass');
  // api.example.test (fetched by the script) and popup.example.test (the blocked pop-up) are missing; img is listed.
  expect(r.domains.missing.map((h) => h.host).sort()).toEqual(['api.example.test', 'popup.example.test']);
  expect(r.domains.missing.find((h) => h.host === 'api.example.test')?.foundIn).toContain('fetch (browser)');
  expect(r.domains.covered.map((h) => h.host).sort()).toEqual(['img.example.test', 'login.example.test']);

  // The phone: Pixel 7 user agent with Link Doctor's token; a JPEG screenshot under 200 KB.
  const pageReq = site.requestsFor('login.example.test').at(-1);
  expect(pageReq?.headers['user-agent']).toMatch(/Pixel 7.*Mobile.*LinkDoctor\/0\.1/);
  expect(r.screenshot).toMatch(/^data:image\/jpeg;base64,/);
  expect(Buffer.from(r.screenshot?.split(',')[1] ?? '', 'base64').length).toBeLessThanOrEqual(200 * 1024);
  expect(b.visible?.fields).toBeGreaterThanOrEqual(3);
  for (const f of r.findings) expect(isNodeId(f.node), f.node).toBe(true);
  await expectBrowsersGone();
});

test('a page that renders nothing fails login.blank', async () => {
  site.handle((_req, res, host) => {
    if (host === 'login.example.test') {
      return sendHtml(res, `<!doctype html><html><head><title>App</title><script src="${site.url('cdn.example.test', '/missing-bundle.js')}"></script></head><body><div id="root"></div></body></html>`);
    }
    return sendText(res, 'gone', 'text/plain', 404);
  });
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), domains: ['cdn.example.test'], mode: 'browser' }), opts());
  expect(status(r, 'login.blank')).toBe('fail');
  expect(finding(r, 'login.blank').node).toBe('login-page-domains');
  expect(status(r, 'login.popup')).toBe('pass');
  expect(status(r, 'login.dialog')).toBe('pass');
  expect(r.browser?.requests.find((q) => q.host === 'cdn.example.test')?.status).toBe(404);
});

test('a page reaching for an internal address (img, fetch, iframe, WebSocket): zero internal hits, reported as refused', async () => {
  const before = site.internal.hits;
  site.handle((_req, res, host) => {
    if (host !== 'login.example.test') return sendText(res, 'no', 'text/plain', 404);
    return sendHtml(
      res,
      `<!doctype html><html><body><h1>Sign in</h1><input name="u">
<img src="${site.internalUrl('/img.png')}" alt="">
<iframe src="${site.internalUrl('/frame', 'internal.example.test')}"></iframe>
<script>
  fetch('${site.internalUrl('/api', 'internal.example.test')}').catch(() => {});
  fetch('${site.internalUrl('/api2')}', { mode: 'no-cors' }).catch(() => {});
  try { const ws = new WebSocket('${site.internalUrl('/ws').replace('https:', 'wss:')}'); ws.onerror = () => {}; } catch (e) {}
  try { const ws2 = new WebSocket('${site.internalUrl('/ws', 'internal.example.test').replace('https:', 'wss:')}'); ws2.onerror = () => {}; } catch (e) {}
</script></body></html>`,
    );
  });
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }), opts());
  expect(site.internal.hits).toBe(before);
  expect(site.internal.hits).toBe(0);
  const internal = (r.browser?.requests ?? []).filter((q) => q.host === '127.0.0.2' || q.host === 'internal.example.test');
  expect(internal.map((q) => q.type).sort()).toEqual(['document', 'fetch', 'fetch', 'image', 'websocket', 'websocket']);
  for (const q of internal) {
    expect(q.refused, `${q.type} ${q.url}`).toMatch(/loopback address/);
    expect(q.status).toBeUndefined();
  }
  // The page still needs those hosts: they are reported (missing from the list), and said to be refused for safety.
  const missing = r.domains.missing.filter((h) => h.host === '127.0.0.2' || h.host === 'internal.example.test');
  expect(missing.map((h) => h.host).sort()).toEqual(['127.0.0.2', 'internal.example.test']);
  for (const h of missing) expect(h.refused).toMatch(/loopback address/);
  expect(finding(r, 'login.domains').detail).toContain('not allowed to reach');
  expect(status(r, 'login.blank')).toBe('pass');
});

test('a page that never lets go of the main thread is stopped at the time limit and the browser is closed', async () => {
  site.handle((_req, res) =>
    sendHtml(res, '<!doctype html><html><body><p>Loading…</p><script>setTimeout(() => { for (;;) {} }, 50);</script></body></html>'),
  );
  const t0 = Date.now();
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }), opts({ timeoutMs: 6_000 }));
  const elapsed = Date.now() - t0;
  expect(elapsed).toBeLessThan(6_000 + 5_000); // the budget, plus closing the browser
  expect(r.browser?.timedOut).toBe(true);
  expect(status(r, 'login.limits')).toBe('warn');
  expect(['fail', 'warn', 'pass']).toContain(status(r, 'login.blank'));
  await expectBrowsersGone();
});

test('a redirect to an internal address is refused by the proxy: zero hits, login.redirects fails', async () => {
  site.handle((_req, res, host) => {
    if (host === 'auth.example.test') {
      res.writeHead(302, { Location: site.url('hop.example.test', '/next') });
      return res.end();
    }
    if (host === 'hop.example.test') {
      res.writeHead(302, { Location: site.internalUrl('/admin', 'internal.example.test') });
      return res.end();
    }
    return sendText(res, 'no', 'text/plain', 404);
  });
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('auth.example.test', '/start'), mode: 'browser' }), opts());
  expect(site.internal.hits).toBe(0);
  expect(r.redirects.map((h) => [new URL(h.url).hostname, h.status])).toEqual([
    ['auth.example.test', 302],
    ['hop.example.test', 302],
  ]);
  const f = finding(r, 'login.redirects');
  expect(f.status).toBe('fail');
  expect(f.detail).toContain('internal.example.test resolves to 127.0.0.2');
  expect(r.domains.missing.map((h) => h.host).sort()).toEqual(['hop.example.test', 'internal.example.test']);
  await expectBrowsersGone();
});

test('three runs at once: at most two browsers, the third waits its turn', async () => {
  site.handle((_req, res) => sendHtml(res, '<!doctype html><html><body><p>Sign in</p><input name="u"></body></html>'));
  let maxActive = 0;
  let maxWaiting = 0;
  const sampler = setInterval(() => {
    maxActive = Math.max(maxActive, BROWSER_SLOTS.active);
    maxWaiting = Math.max(maxWaiting, BROWSER_SLOTS.waiting);
  }, 10);
  try {
    const runs = await Promise.all(
      [1, 2, 3].map((i) => runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', `/authorize/${i}`), mode: 'browser' }), opts())),
    );
    for (const r of runs) expect(status(r, 'login.blank')).toBe('pass');
  } finally {
    clearInterval(sampler);
  }
  expect(maxActive).toBe(2);
  expect(maxWaiting).toBe(1);
  await expectBrowsersGone();
});

test("the answer does not wait for Chromium to close, nor change while it does; the browser's slot waits", async () => {
  // A page that keeps making requests for as long as it runs (so the network is never idle and the run looks at it
  // after ~4 s), and makes them fast from shortly before then, while staying under the 200-request cap.
  const pinger = 'const ping = () => fetch("/ping?" + Math.random()); setInterval(ping, 300); setTimeout(() => setInterval(ping, 20), 3_500);';
  site.handle((_req, res, _host, path) =>
    path.startsWith('/ping')
      ? sendText(res, 'pong', 'text/plain')
      : sendHtml(res, `<!doctype html><html><body><h1>Sign in</h1><input name="u"><script>${pinger}</script></body></html>`),
  );
  const load = await loadPageInBrowser(site.url('login.example.test', '/authorize'), { policy: site.policy, lookup: site.lookup, testOnlyIgnoreCertErrorsSpki: [site.certs.spki] });
  expect(load.status).toBe(200);
  const whatHappened = () => JSON.stringify([load.requests, load.redirects, load.popups, load.dialogs]);
  const answered = whatHappened();
  expect(load.requests.filter((r) => r.url.includes('/ping')).length).toBeGreaterThan(0);
  // Answered before the browser stopped: it is still counted among the two that may run.
  expect(BROWSER_SLOTS.active).toBe(1);
  await expectBrowsersGone();
  // What the page did meanwhile is not in the answer, which says what had happened when it was given.
  expect(whatHappened()).toBe(answered);
  expect(load.requests.length).toBeLessThanOrEqual(load.requestCount);
  expect(load.capped).toBeNull();
});

test('a memory bomb crashes only its tab: reported, bounded, browser closed', async () => {
  site.handle((_req, res) =>
    sendHtml(res, '<!doctype html><html><body><p>Loading…</p><script>const a = []; setTimeout(() => { for (;;) a.push(new Array(1e6).fill(1)); }, 50);</script></body></html>'),
  );
  const t0 = Date.now();
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }), opts());
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(r.browser?.crashed || r.browser?.timedOut).toBe(true);
  expect(status(r, 'login.limits')).toBe('warn');
  await expectBrowsersGone();
});

test('the per-page caps hold: at most 200 requests, at most 5 MB', async () => {
  const big = 'x'.repeat(6 * 1024 * 1024);
  site.handle((_req, res, host, path) => {
    if (host === 'api.example.test') return sendText(res, 'ok', 'text/plain');
    if (host === 'cdn.example.test') return sendText(res, big, 'application/octet-stream');
    if (path === '/many') {
      return sendHtml(res, `<!doctype html><html><body><p>Sign in</p><input name="u"><script>
        for (let i = 0; i < 260; i++) fetch('${site.url('api.example.test', '/n')}?i=' + i).catch(() => {});
      </script></body></html>`);
    }
    return sendHtml(res, `<!doctype html><html><body><p>Sign in</p><input name="u"><script>fetch('${site.url('cdn.example.test', '/big.bin')}').catch(() => {});</script></body></html>`);
  });
  const apiBefore = site.requestsFor('api.example.test').length;
  const many = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/many'), mode: 'browser' }), opts());
  expect(many.browser?.capped).toBe('requests');
  expect(site.requestsFor('api.example.test').length - apiBefore).toBeLessThanOrEqual(199); // 200 minus the page itself
  expect(finding(many, 'login.limits').detail).toContain('more requests');

  const heavy = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/heavy'), mode: 'browser' }), opts());
  expect(heavy.browser?.capped).toBe('bytes');
  expect(heavy.browser?.bytes).toBeLessThan(6 * 1024 * 1024);
  expect(status(heavy, 'login.limits')).toBe('warn');
});

test('a page that opens 81 connections to one host is capped per page, and the result says so', async () => {
  site.handle((_req, res, host, path) => {
    // Closing every connection makes Chromium open a new one per request, as a page hammering a host would.
    if (host === 'api.example.test') return sendText(res, 'ok', 'text/plain', 200, { Connection: 'close' });
    if (path === '/hammer') {
      return sendHtml(res, `<!doctype html><html><body><p>Sign in</p><input name="u"><script>
        for (let i = 0; i < 81; i++) fetch('${site.url('api.example.test', '/n')}?i=' + i, { cache: 'no-store' }).catch(() => {});
      </script></body></html>`);
    }
    return sendText(res, 'not found', 'text/plain', 404);
  });
  const apiBefore = site.requestsFor('api.example.test').length;
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/hammer'), mode: 'browser' }), opts());
  expect(r.browser?.capped).toBe('connections');
  // 40 connections to 127.0.0.1 in all, the page's own among them.
  expect(site.requestsFor('api.example.test').length - apiBefore).toBeLessThanOrEqual(39);
  const limits = finding(r, 'login.limits');
  expect(limits.status).toBe('warn');
  expect(limits.detail).toContain('the page opened more connections to one address than Link Doctor allows per page (40); later ones were refused');
  expect(r.browser?.requests.some((q) => q.refused?.includes("Link Doctor's limit per page for one address"))).toBe(true);
});

test('Chromium keeps verifying certificates: without the test-only SPKI option the test CA is refused', async () => {
  site.handle((_req, res) => sendHtml(res, '<p>Sign in</p><input>'));
  const r = await runLoginPageProbe(
    valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }),
    { policy: site.policy, lookup: site.lookup },
  );
  const f = finding(r, 'login.reachable');
  expect(f.status).toBe('fail');
  expect(f.detail).toMatch(/certificate.*ERR_CERT_AUTHORITY_INVALID/);
  expect(f.node).toBe('tip-https-ca');
  expect(status(r, 'login.popup')).toBe('skip');
  expect(status(r, 'login.domains')).toBe('skip');
});

/** This machine's addresses that are not loopback (IPv4): an internal service could listen on any of them. */
function nonLoopbackAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** A TCP and a UDP listener on one address, each counting what reaches it, labelled by the path that should try it. */
interface InternalListener {
  label: string;
  address: string;
  tcpPort: number;
  udpPort: number;
  hits: string[];
  close(): Promise<void>;
}

async function internalListener(label: string, address: string): Promise<InternalListener> {
  const hits: string[] = [];
  const tcp: TcpServer = createTcpServer((s) => {
    hits.push(`TCP ${label} ${address}`);
    s.destroy();
  });
  await new Promise<void>((r) => tcp.listen(0, address, () => r()));
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', () => hits.push(`UDP ${label} ${address}`));
  await new Promise<void>((r) => udp.bind(0, address, () => r()));
  return {
    label,
    address,
    tcpPort: (tcp.address() as AddressInfo).port,
    udpPort: udp.address().port,
    hits,
    close: async () => {
      udp.close();
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}

test('no path around the egress proxy: WebRTC, WebTransport, DNS prefetch, preconnect, WebSocket, fetch, img, beacon, EventSource, a form post … reach no internal listener', async () => {
  const addresses = ['127.0.0.1', ...nonLoopbackAddresses()];
  const labels = ['stun', 'turn-udp', 'turn-tcp', 'webtransport', 'preconnect', 'dns-prefetch', 'websocket', 'fetch', 'img', 'beacon', 'eventsource', 'form', 'iframe', 'prefetch', 'worker'];
  const listeners: InternalListener[] = [];
  for (const address of addresses) for (const label of labels) listeners.push(await internalListener(label, address));
  // By name: localhost, which the system resolver answers from /etc/hosts, with no DNS server to ask.
  listeners.push(await internalListener('stun-by-name', '127.0.0.1'));
  const byName = (l: InternalListener) => (l.address === '127.0.0.1' ? 'localhost' : l.address);
  const at = (label: string) => listeners.filter((l) => l.label === label);
  const script = `
    const urls = ${JSON.stringify({
      stun: [...at('stun').map((l) => `stun:${l.address}:${l.udpPort}`), ...at('stun-by-name').map((l) => `stun:localhost:${l.udpPort}`)],
      turn: [...at('turn-udp').map((l) => `turn:${l.address}:${l.udpPort}?transport=udp`), ...at('turn-tcp').map((l) => `turn:${l.address}:${l.tcpPort}?transport=tcp`)],
      webtransport: at('webtransport').map((l) => `https://${l.address}:${l.udpPort}/wt`),
      websocket: at('websocket').map((l) => `wss://${l.address}:${l.tcpPort}/ws`),
      fetch: at('fetch').map((l) => `https://${l.address}:${l.tcpPort}/api`),
      beacon: at('beacon').map((l) => `https://${l.address}:${l.tcpPort}/beacon`),
      eventsource: at('eventsource').map((l) => `https://${l.address}:${l.tcpPort}/events`),
      worker: at('worker').map((l) => `https://${l.address}:${l.tcpPort}/worker.js`),
    })};
    try {
      const pc = new RTCPeerConnection({ iceServers: [{ urls: urls.stun }, { urls: urls.turn, username: 'u', credential: 'p' }], iceCandidatePoolSize: 4 });
      pc.createDataChannel('x');
      pc.createOffer().then((o) => pc.setLocalDescription(o)).catch(() => {});
    } catch (e) {}
    for (const u of urls.webtransport) { try { const wt = new WebTransport(u); wt.ready.catch(() => {}); wt.closed.catch(() => {}); } catch (e) {} }
    for (const u of urls.websocket) { try { const ws = new WebSocket(u); ws.onerror = () => {}; } catch (e) {} }
    for (const u of urls.fetch) { fetch(u, { mode: 'no-cors' }).catch(() => {}); fetch(u, { keepalive: true, method: 'POST', body: 'x' }).catch(() => {}); }
    for (const u of urls.beacon) { try { navigator.sendBeacon(u, 'x'); } catch (e) {} }
    for (const u of urls.eventsource) { try { const es = new EventSource(u); es.onerror = () => es.close(); } catch (e) {} }
    for (const u of urls.worker) { try { new Worker(u); } catch (e) {} }
    const form = document.getElementById('f');
    if (form) form.submit();
  `;
  const links = [
    ...at('preconnect').map((l) => `<link rel="preconnect" href="https://${l.address}:${l.tcpPort}">`),
    ...at('dns-prefetch').map((l) => `<link rel="dns-prefetch" href="https://${byName(l)}:${l.tcpPort}">`),
    ...at('prefetch').map((l) => `<link rel="prefetch" href="https://${l.address}:${l.tcpPort}/next">`),
  ].join('');
  const body = [
    ...at('img').map((l) => `<img src="https://${l.address}:${l.tcpPort}/i.png" alt="">`),
    ...at('iframe').map((l) => `<iframe src="https://${l.address}:${l.tcpPort}/frame" title="f"></iframe>`),
  ].join('');
  const form = at('form')[0]!;
  site.handle((_req, res, host) => {
    if (host !== 'login.example.test') return sendText(res, 'no', 'text/plain', 404);
    return sendHtml(
      res,
      `<!doctype html><html><head><title>Sign in</title>${links}</head><body><h1>Sign in</h1><input name="u">${body}
<iframe name="sink" title="sink"></iframe><form id="f" method="post" target="sink" action="https://${form.address}:${form.tcpPort}/session"><input name="p" value="x"></form>
<script>${script}</script></body></html>`,
    );
  });
  try {
    const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }), opts());
    expect(status(r, 'login.reachable')).toBe('pass');
    // The paths that go through the proxy were tried, and the proxy refused them (by address or by port); the rest
    // (WebRTC's UDP and TCP, WebTransport's QUIC, preconnect, names from /etc/hosts) had no way out of the namespace.
    const internal = (r.browser?.requests ?? []).filter((q) => addresses.includes(q.host));
    expect(new Set(internal.map((q) => q.type))).toEqual(new Set(['image', 'other', 'document', 'fetch', 'ping', 'eventsource', 'websocket']));
    for (const q of internal) expect(q.refused, `${q.type} ${q.url}`).toBeTruthy();
    // Give late retransmissions (STUN, QUIC) a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reached = new Map<string, number>();
    for (const hit of listeners.flatMap((l) => l.hits)) reached.set(hit, (reached.get(hit) ?? 0) + 1);
    expect(Object.fromEntries(reached)).toEqual({});
  } finally {
    await Promise.all(listeners.map((l) => l.close()));
  }
});

test("Chromium's own services stay quiet: with a sign-in form on the page, the proxy sees only the page's hosts", async () => {
  site.handle((_req, res, host) => {
    if (host !== 'login.example.test') return sendText(res, 'no', 'text/plain', 404);
    return sendHtml(
      res,
      `<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in</h1>
<form method="post" action="/session"><input name="email" type="email" autocomplete="email"><input name="name" autocomplete="name">
<input name="password" type="password" autocomplete="current-password"><button>Sign in</button></form></body></html>`,
    );
  });
  const r = await runLoginPageProbe(valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }), opts());
  expect(status(r, 'login.blank')).toBe('pass');
  expect(r.browser?.otherHosts).toEqual([]);
  expect(site.lookup.queries.filter((q) => q.endsWith('googleapis.com') || q.endsWith('google.com'))).toEqual([]);
});

// ---- memory --------------------------------------------------------------------------------------------------------

/** A page that takes memory: 40 buffers of 64 MB (outside the script heap), or an endless DOM. */
const MEMORY_HOGS = {
  buffers: `<!doctype html><html><body><h1>Sign in</h1><input name="u"><script>
    const kept = [];
    setTimeout(() => { for (let i = 0; i < 40; i++) kept.push(new Uint8Array(64 * 1024 * 1024).fill(1)); }, 50);
  </script></body></html>`,
  // Built before the page finishes loading, so the probe is still waiting for it when the cap is reached.
  dom: `<!doctype html><html><body><h1>Sign in</h1><input name="u"><script>
    const rows = '<div class="row"><span>row</span></div>'.repeat(10000);
    for (let i = 0; i < 1e6; i++) document.body.insertAdjacentHTML('beforeend', rows);
  </script></body></html>`,
};
const CAP_MB = 512;

for (const [hog, html] of Object.entries(MEMORY_HOGS)) {
  test(`a page taking memory (${hog === 'buffers' ? '40 × 64 MB' : 'a huge DOM'}) is stopped at the cap and reported as such; the browser never held more`, async () => {
    test.setTimeout(60_000);
    site.handle((_req, res) => sendHtml(res, html));
    const input = valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' });
    const r = await runLoginPageProbe(input, opts({ memoryLimitMb: CAP_MB }));
    const f = finding(r, 'login.limits');
    expect(f.status).toBe('fail');
    expect(f.title).toBe(`The login page used more than ${CAP_MB} MB of memory; Link Doctor stopped it`);
    expect(f.detail).toContain('the most Link Doctor gives one page');
    expect(f.fix).toContain('memory profiler');
    expect(isNodeId(f.node)).toBe(true);
    expect(r.browser?.memoryExceeded).toBe(true);
    // Not an ordinary crash, nor a slow page; the server did answer.
    expect(finding(r, 'login.blank').detail).toContain(`more than ${CAP_MB} MB of memory`);
    expect(r.findings.filter((x) => /crash/i.test(x.detail))).toEqual([]);
    expect(r.browser?.timedOut).toBe(false);
    expect(status(r, 'login.reachable')).toBe('pass');
    await expectBrowsersGone();

    // The next run works.
    site.handle((_req, res) => sendHtml(res, '<!doctype html><html><body><h1>Sign in</h1><input name="u"></body></html>'));
    const next = await runLoginPageProbe(input, opts({ memoryLimitMb: CAP_MB }));
    expect(status(next, 'login.blank')).toBe('pass');
    expect(status(next, 'login.limits')).toBe('pass');
    expect(next.browser?.memoryExceeded).toBe(false);

    // The cgroup's high-water mark: the whole browser stayed within the cap while the page pushed against it.
    site.handle((_req, res) => sendHtml(res, html));
    const load = await loadPageInBrowser(input.authorizationUri, { policy: site.policy, lookup: site.lookup, memoryLimitMb: CAP_MB, testOnlyIgnoreCertErrorsSpki: [site.certs.spki] });
    expect(load.memoryExceeded).toBe(true);
    test.skip(load.memoryCap === 'watchdog', 'No memory cgroup can be made here (run as root, or in a delegated cgroup v2): the watchdog bounds nothing between readings.');
    expect(load.memoryPeakBytes).not.toBeNull();
    expect(load.memoryPeakBytes!).toBeLessThanOrEqual(CAP_MB * 1024 * 1024);
    expect(load.memoryPeakBytes!).toBeGreaterThan(0.9 * CAP_MB * 1024 * 1024);
  });
}

test('where no cgroup can be made, the watchdog stops the page over the cap', async () => {
  test.setTimeout(40_000);
  site.handle((_req, res) => sendHtml(res, MEMORY_HOGS.buffers));
  const input = valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' });
  const r = await runLoginPageProbe(input, opts({ memoryLimitMb: CAP_MB, testOnlyMemoryWatchdog: true }));
  expect(finding(r, 'login.limits').title).toBe(`The login page used more than ${CAP_MB} MB of memory; Link Doctor stopped it`);
  await expectBrowsersGone();
  site.handle((_req, res) => sendHtml(res, '<!doctype html><html><body><h1>Sign in</h1><input name="u"></body></html>'));
  const next = await runLoginPageProbe(input, opts({ memoryLimitMb: CAP_MB, testOnlyMemoryWatchdog: true }));
  expect(status(next, 'login.limits')).toBe('pass');
});
