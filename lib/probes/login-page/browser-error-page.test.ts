// Browser mode must not take Chromium's own error page ("Your connection is not private") for the login page: a
// login page that sends the browser on to a host whose certificate comes from an unknown authority is a failure, with
// the browser's error, not "the login page shows something".

import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { makeHostCerts, type HostCerts } from '@/e2e/fixtures/host-certs';
import { browsersStopped, sendHtml, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { startServer, type CountingServer } from '@/e2e/fixtures/servers';
import { chromiumPath, namespaceOptions } from '@/lib/net/browser';
import { harnessPolicy } from '@/lib/net/test-support';
import { loginPageProbeInputSchema, type LoginPageProbeResult } from './input';
import { runLoginPageProbe } from './run';

const CHROMIUM = chromiumPath();
test.skip(!existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}.`);
test.describe.configure({ timeout: 30_000 });

let site: LoginSite;
let untrusted: CountingServer;
let untrustedCerts: HostCerts;
test.beforeAll(async () => {
  const boxProblem = await namespaceOptions().then(() => null, (e: Error) => e.message);
  test.skip(boxProblem !== null, `Browser mode cannot run here: ${boxProblem}.`);
  site = await startLoginSite();
  // A real HTTPS server whose certificate comes from a CA nobody trusts (and whose key Chromium is not told to ignore).
  untrustedCerts = makeHostCerts(['cdn.example.test']);
  untrusted = await startServer((_req, res) => sendHtml(res, '<h1>Sign in</h1><form><input name="user"><button>Go</button></form>'), {
    tls: { key: untrustedCerts.key, cert: untrustedCerts.cert },
  });
});
test.afterEach(browsersStopped);
test.afterAll(async () => {
  await site?.close();
  await untrusted?.close();
  untrustedCerts?.cleanup();
});

const finding = (r: LoginPageProbeResult, id: string) => r.findings.find((f) => f.id === id);

async function runBrowser(page: string): Promise<LoginPageProbeResult> {
  site.handle((_req, res, host, path) => (host === 'login.example.test' && path === '/authorize' ? sendHtml(res, page) : sendHtml(res, 'no', 404)));
  return runLoginPageProbe(loginPageProbeInputSchema.parse({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser', domains: 'cdn.example.test' }), {
    policy: harnessPolicy(site.server.port, untrusted.port),
    lookup: site.lookup,
    browser: { testOnlyIgnoreCertErrorsSpki: [site.certs.spki] },
  });
}

for (const [how, page] of [
  ['a meta refresh', (url: string) => `<meta http-equiv="refresh" content="0;url=${url}"><p>Redirecting…</p>`],
  ['a script', (url: string) => `<p>Redirecting…</p><script>location.href = ${JSON.stringify(url)};</script>`],
] as const) {
  test(`the login page sends the browser (by ${how}) to a host with an unknown CA: the browser's error page is reported as the error`, async () => {
    const r = await runBrowser(page(`https://cdn.example.test:${untrusted.port}/login`));
    const reachable = finding(r, 'login.reachable');
    expect(reachable?.status, reachable?.detail).toBe('fail');
    expect(reachable?.detail).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
    expect(reachable?.detail).toContain('cdn.example.test');
    expect(reachable?.node).toBe('tip-https-ca');
    const blank = finding(r, 'login.blank');
    expect(blank?.status).not.toBe('pass');
    expect(blank?.detail).not.toMatch(/form field/);
    expect(r.page?.url ?? '').not.toMatch(/^chrome-error:/);
  });
}
