// The login page probe: loads the request Alexa would open — the authorization URI with state (a realistic 640
// characters), client_id, response_type, scope and redirect_uri appended — and checks what the Alexa app needs of the
// login page: https on 443, reachable, a sane redirect chain, a 2xx page, every host it loads from on the Domain List
// (exact-host rule), no pop-ups, no dialogs, something visible. Static mode (./static) reads the HTML and its
// stylesheets; browser mode (./browser) loads the page in headless Chromium. Refused targets throw TargetNotAllowed
// before anything is sent (API 422); everything else is a finding.

import 'server-only';
import { checkTarget, MAX_URL_LENGTH, portAllowed, refuseControlCharacters, resolvePolicy, type ProbePolicy } from '@/lib/net';
import { withTestOnlyChromiumSpki } from '@/lib/net/browser';
import { formText, formTexts } from '@/lib/form-data';
import { defineProbe } from '@/lib/probes/definition';
import { FindingSet, passes } from '@/lib/probes/findings';
import { buildAuthorizationRequest } from './authorization-request';
import { runBrowser, type BrowserModeOptions } from './browser';
import { compareHosts } from './domains';
import { federationFinding } from './federation';
import { LOGIN_FINDINGS, type LoginRun } from './findings';
import { loginPageProbeInputSchema, type LoginPageProbeInput, type LoginPageProbeResult } from './input';
import { checkRegions, regionFinding } from './regions';
import { pageFetchOptions, runStatic, type StaticModeOptions } from './static';

export interface LoginPageProbeOptions extends StaticModeOptions, BrowserModeOptions {
  /** Defaults to PROBE_ALLOW_PRIVATE from the environment; tests inject the harness policy. */
  policy?: ProbePolicy;
}

/**
 * Run the login page probe on input the schema has validated.
 * @throws TargetNotAllowed when the authorization URI (or its DNS answers) is not a public https target.
 */
export async function runLoginPageProbe(input: LoginPageProbeInput, options: LoginPageProbeOptions = {}): Promise<LoginPageProbeResult> {
  // What reaches the outbound policy is the request built from the URI: check the URI as the user wrote it too.
  refuseControlCharacters(input.authorizationUri);
  const started = performance.now();
  const policy = resolvePolicy(options.policy);
  const mode = input.mode;
  const findings = new FindingSet(LOGIN_FINDINGS);
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
    result.ok = passes(result.findings);
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
      'Serve the login page over https on port 443, with a certificate from a publicly trusted authority, and enter the https URL in the Alexa console.', { title: `The authorization URI uses ${url.protocol.slice(0, -1)}; Alexa opens https only` },
    );
    findings.skipRest('Not checked: the authorization URI is not https, so nothing was loaded.');
    return finish();
  }
  findings.set('login.https', 'pass', 'The authorization URI uses https.', '', { title: 'The authorization URI uses https' });

  // --- login.port: Amazon requires the authorization URI to be served on port 443.
  const port = url.port === '' ? 443 : Number(url.port);
  if (port === 443) findings.set('login.port', 'pass', 'The authorization URI uses the standard https port, 443.', '', { title: 'The authorization URI uses port 443' });
  else
    findings.set(
      'login.port',
      'fail',
      `The authorization URI uses port ${port}. Amazon requires the authorization URI to be served over https on port 443.`,
      'Serve the login page on port 443 (put a reverse proxy or load balancer in front of it if needed) and enter that URL in the Alexa console.', { title: `The authorization URI uses port ${port}; Amazon requires 443` },
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

  const run: LoginRun = { requestUrl, authorizationUri: input.authorizationUri, domains: input.domains, placeholders, findings, result };
  const regions = checkRegions(requestUrl, input.redirectUri, pageFetchOptions(options, policy));
  // Awaited below; until then a failure must not count as unhandled.
  regions.catch(() => {});
  if (mode === 'static') await runStatic(run, options, policy);
  else await runBrowser(run, target, options, policy);
  regionFinding(run, await regions);
  federationFinding(run);
  return finish();
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
