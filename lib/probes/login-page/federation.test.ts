import { expect, test } from '@playwright/test';
import { sendHtml, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { loginPageProbeInputSchema, type LoginPageProbeResult } from './input';
import { runLoginPageProbe } from './run';

// A login page that signs users in through Google or Facebook: their sign-in refuses embedded browsers such as the
// Alexa app's (developers' reports), so the probe warns, with where it saw it. A page without them gets nothing.

let site: LoginSite;
test.beforeAll(async () => {
  site = await startLoginSite();
});
test.afterAll(async () => {
  await site.close();
});

async function probe(html: string): Promise<LoginPageProbeResult> {
  site.handle((_req, res) => sendHtml(res, html));
  return runLoginPageProbe(loginPageProbeInputSchema.parse({ authorizationUri: site.url('login.example.test', '/authorize'), domains: 'connect.facebook.net' }), {
    policy: site.policy,
    lookup: site.lookup,
    ca: site.certs.ca,
  });
}

test('a "Sign in with Google" link and the Facebook SDK: one warning naming both, with the evidence, pointing to the guide step', async () => {
  const r = await probe(`<h1>Sign in</h1><form><input name="email"><button>Sign in</button></form>
<a href="https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&amp;response_type=code">Sign in with Google</a>
<script src="https://connect.facebook.net/en_US/sdk.js"></script>`);
  const f = r.findings.find((x) => x.id === 'login.federation');
  expect(f?.status).toBe('warn');
  expect(f?.node).toBe('federated-sign-in');
  expect(f?.title).toContain('Google and Facebook');
  expect(f?.detail).toContain('accounts.google.com/o/oauth2');
  expect(f?.detail).toContain('connect.facebook.net (script src)');
  expect(f?.detail).toContain('disallowed_useragent');
  expect(r.findings.filter((x) => x.status === 'fail' && x.id !== 'login.port')).toEqual([]);
});

test('a page with its own sign-in only: no federation finding at all', async () => {
  const r = await probe('<h1>Sign in</h1><form><input name="email"><input type="password"><button>Sign in</button></form><a href="https://www.google.com/search?q=help">Help</a>');
  expect(r.findings.find((x) => x.id === 'login.federation')).toBeUndefined();
});
