// The test-only Chromium SPKI escape hatch (PROBE_TEST_CHROMIUM_SPKI) works only in private mode.

import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { browsersStopped, sendHtml, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { chromiumPath } from './launch';
import { runProbe } from '@/lib/probes/execute';
import { TEST_SPKI_ENV, testOnlyChromiumSpki, withTestOnlyChromiumSpki } from './test-only-spki';

const SPKI = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';
const OTHER = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

test.describe('the rule', () => {
  test('without PROBE_ALLOW_PRIVATE=1 the variable is ignored', () => {
    for (const allow of [undefined, '', '0', 'true', 'yes']) {
      const env = { [TEST_SPKI_ENV]: SPKI, ...(allow === undefined ? {} : { PROBE_ALLOW_PRIVATE: allow }) };
      expect(testOnlyChromiumSpki(env), String(allow)).toEqual([]);
      expect(withTestOnlyChromiumSpki({}, env), String(allow)).toEqual({});
    }
  });

  test('in private mode the hashes reach the browser options; anything that is not a SPKI hash is dropped', () => {
    const env = { PROBE_ALLOW_PRIVATE: '1', [TEST_SPKI_ENV]: ` ${SPKI}, --no-sandbox ,${OTHER},x` };
    expect(testOnlyChromiumSpki(env)).toEqual([SPKI, OTHER]);
    expect(withTestOnlyChromiumSpki({ browser: { timeoutMs: 5000 } }, env)).toEqual({
      browser: { timeoutMs: 5000, testOnlyIgnoreCertErrorsSpki: [SPKI, OTHER] },
    });
    expect(withTestOnlyChromiumSpki({}, { PROBE_ALLOW_PRIVATE: '1' })).toEqual({});
    expect(withTestOnlyChromiumSpki({}, { PROBE_ALLOW_PRIVATE: '1', [TEST_SPKI_ENV]: 'not-a-hash' })).toEqual({});
  });

  test('a run whose own policy turns private mode off gets nothing; an explicit list is kept', () => {
    const env = { PROBE_ALLOW_PRIVATE: '1', [TEST_SPKI_ENV]: SPKI };
    expect(withTestOnlyChromiumSpki({ policy: { allowPrivate: false } }, env)).toEqual({ policy: { allowPrivate: false } });
    const own = { browser: { testOnlyIgnoreCertErrorsSpki: [OTHER] } };
    expect(withTestOnlyChromiumSpki(own, env)).toBe(own);
  });
});

test.describe('through runProbe, in Chromium', () => {
  const CHROMIUM = chromiumPath();
  test.skip(!existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}.`);
  test.describe.configure({ timeout: 30_000 });

  let site: LoginSite;
  const saved = { allow: process.env.PROBE_ALLOW_PRIVATE, spki: process.env[TEST_SPKI_ENV] };
  test.beforeAll(async () => {
    site = await startLoginSite((_req, res) => sendHtml(res, '<title>Sign in</title><p>Sign in</p><input name="user"><button>Go</button>'));
  });
  test.afterAll(async () => {
    await site?.close();
  });
  test.afterEach(browsersStopped);
  test.afterEach(() => {
    for (const [name, value] of [['PROBE_ALLOW_PRIVATE', saved.allow], [TEST_SPKI_ENV, saved.spki]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const input = () => ({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' });

  test('private mode off: the variable is set, yet Chromium still refuses the test CA', async () => {
    delete process.env.PROBE_ALLOW_PRIVATE;
    process.env[TEST_SPKI_ENV] = site.certs.spki;
    const outcome = await runProbe('login-page', input(), { options: { policy: { ...site.policy, allowPrivate: undefined }, lookup: site.lookup } });
    if (outcome.kind !== 'done') throw new Error(`${outcome.kind}: ${outcome.message}`);
    expect(outcome.result.privateMode).toBe(false);
    expect(outcome.result.findings.find((f) => f.id === 'login.reachable')?.detail).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
  });

  test('private mode on: the page loads', async () => {
    process.env.PROBE_ALLOW_PRIVATE = '1';
    process.env[TEST_SPKI_ENV] = site.certs.spki;
    const outcome = await runProbe('login-page', input(), { options: { lookup: site.lookup } });
    if (outcome.kind !== 'done') throw new Error(`${outcome.kind}: ${outcome.message}`);
    expect(outcome.result.privateMode).toBe(true);
    expect(outcome.result.findings.find((f) => f.id === 'login.reachable')?.status).toBe('pass');
    expect(outcome.result.screenshot).toMatch(/^data:image\/jpeg;base64,/);
  });
});
