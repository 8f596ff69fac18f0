// TEST ONLY: lets the end-to-end tests load their loopback https pages in browser mode.
//
// Headless Chromium verifies certificates itself, with its own trust store, so NODE_EXTRA_CA_CERTS does not reach it.
// PROBE_TEST_CHROMIUM_SPKI carries the SPKI hash of the tests' certificate (e2e/fixtures/tls/localhost.pem, computed
// by playwright.config.ts), which becomes Chromium's --ignore-certificate-errors-spki-list. It is honoured ONLY while
// private mode is on (PROBE_ALLOW_PRIVATE=1, itself for local development and tests only); otherwise it is ignored.

import 'server-only';
import { isPrivateModeOn, type ProbePolicy } from '../address-policy';
import type { BrowserLoadOptions } from './load-page';

export const TEST_SPKI_ENV = 'PROBE_TEST_CHROMIUM_SPKI';

/** The environment, or a stand-in for it in tests. */
type Env = Readonly<Record<string, string | undefined>>;

/** base64(SHA-256(SubjectPublicKeyInfo)): 32 bytes, 44 characters. */
const SPKI_HASH = /^[A-Za-z0-9+/]{43}=$/;

/** The SPKI hashes Chromium may ignore certificate errors for: none unless private mode is on. */
export function testOnlyChromiumSpki(env: Env = process.env): string[] {
  if (!isPrivateModeOn(env as NodeJS.ProcessEnv)) return [];
  const raw = env[TEST_SPKI_ENV];
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => SPKI_HASH.test(s));
}

/** What a browser-mode run is given: an address policy for the run, and the browser's options. */
interface BrowserRunOptions {
  policy?: ProbePolicy;
  browser?: BrowserLoadOptions;
}

/**
 * A browser-mode run's options with the test-only SPKI list added — only when private mode is on, both in the
 * environment and for this run (an explicit `policy.allowPrivate: false` keeps it off). Options that already carry
 * a list keep theirs.
 */
export function withTestOnlyChromiumSpki<O extends BrowserRunOptions>(options: O, env: Env = process.env): O {
  if (options.policy?.allowPrivate === false || options.browser?.testOnlyIgnoreCertErrorsSpki) return options;
  const spki = testOnlyChromiumSpki(env);
  if (spki.length === 0) return options;
  return { ...options, browser: { ...options.browser, testOnlyIgnoreCertErrorsSpki: spki } };
}
