// The app links probe: for a redirect URL's domain, fetches /.well-known/assetlinks.json (Android App Links) and
// /.well-known/apple-app-site-association (iOS Universal Links) in parallel through lib/net, without following
// redirects (neither platform follows them for these files) and capped at WELL_KNOWN_MAX_BYTES each, then checks how
// each was served (well-known.ts) and what it says (assetlinks.ts, aasa.ts): the handle_all_urls relation and, when
// given, the package name and certificate fingerprint, the app ID and whether the redirect URL's path is covered.

import 'server-only';
import { checkTarget, headerValue, type LookupFn, type OutboundResult, type ProbePolicy, refuseControlCharacters, resolvePolicy, safeFetch, type SafeFetchOptions } from '@/lib/net';
import { defineProbe } from '@/lib/probes/definition';
import { FindingSet } from '@/lib/probes/findings';
import { formTexts } from '@/lib/form-data';
import { checkAasa } from './aasa';
import { checkAssetLinks } from './assetlinks';
import { APP_LINKS_FINDINGS, type AppLinksFindings } from './findings';
import {
  appLinksProbeInputSchema,
  appPlatforms,
  type AppLinksPlatforms,
  type AndroidStatement,
  type AppLinksProbeInput,
  type AppLinksProbeResult,
  type IosAppEntry,
  type WellKnownFile,
} from './input';
import { checkServed, clip, WELL_KNOWN_MAX_BYTES } from './well-known';

export interface AppLinksProbeOptions {
  policy?: ProbePolicy;
  /** TEST ONLY: DNS lookup. */
  lookup?: LookupFn;
  /** TEST ONLY: extra trusted CAs. */
  ca?: SafeFetchOptions['ca'];
  timeouts?: SafeFetchOptions['timeouts'];
}

/**
 * Runs the app links probe on validated input.
 * @throws TargetNotAllowed when the domain (or its DNS answers) is not a public https target.
 */
export async function runAppLinksProbe(input: AppLinksProbeInput, options: AppLinksProbeOptions = {}): Promise<AppLinksProbeResult> {
  // What reaches the outbound policy is built from the URL's origin: check the URL as the user wrote it too.
  refuseControlCharacters(input.url);
  const started = performance.now();
  const policy = resolvePolicy(options.policy);
  const findings = new FindingSet(APP_LINKS_FINDINGS);
  const url = new URL(input.url);
  const path = url.pathname === '/' && url.search === '' ? null : url.pathname;
  checkPort(findings, url);
  // A platform the app does not run on needs no file: it is neither fetched nor reported missing.
  const platforms = appPlatforms(input);
  const [android, ios] = await fetchWellKnownFiles(url.origin, platforms, policy, options);

  const androidFile = { ...fileRecord(android, platforms), statements: [] as AndroidStatement[] };
  const iosFile = { ...fileRecord(ios, platforms), apps: [] as IosAppEntry[] };
  if (android.result) {
    const androidJson = checkServed(findings, 'android', android.result, androidFile);
    if (androidJson !== undefined) checkAssetLinks(findings, androidJson, androidFile, input.packageName, input.sha256Fingerprint);
  } else {
    findings.skipRest(`Not checked: the app does not run on Android (${platforms.because}), so assetlinks.json is not needed.`, (id) => id.startsWith('applinks.android.'));
  }
  if (ios.result) {
    const iosJson = checkServed(findings, 'ios', ios.result, iosFile);
    if (iosJson !== undefined) checkAasa(findings, iosJson, iosFile, input.appId, path);
  } else {
    findings.skipRest(`Not checked: the app does not run on iOS (${platforms.because}), so apple-app-site-association is not needed.`, (id) => id.startsWith('applinks.ios.'));
  }

  if (!findings.has('applinks.android.autoverify')) {
    findings.set(
      'applinks.android.autoverify',
      'skip',
      'Not checked: Link Doctor cannot see your app. Its intent filter for this domain needs android:autoVerify="true", or Android never verifies the links.',
      'Check the manifest, then run `adb shell pm get-app-links <package>` on a device: every domain should show "verified".',
    );
  }
  findings.skipRest('Not checked: assetlinks.json could not be read.', (id) => id.startsWith('applinks.android.'));
  findings.skipRest('Not checked: apple-app-site-association could not be read.', (id) => id.startsWith('applinks.ios.'));

  const list = findings.list();
  return {
    probe: 'app-links',
    ok: !list.some((f) => f.status === 'fail'),
    findings: list,
    domain: url.host,
    path,
    platforms,
    files: { android: androidFile, ios: iosFile },
    timing: { total: Math.round((performance.now() - started) * 10) / 10 },
    privateMode: policy.allowPrivate,
  };
}

/** Both platforms fetch the files from port 443 only, whatever the link's port. */
function checkPort(findings: AppLinksFindings, url: URL): void {
  const port = url.port === '' ? 443 : Number(url.port);
  if (port === 443) findings.set('applinks.port', 'pass', `The files were fetched from ${url.host}, on the standard https port.`, '', { title: `The files were fetched from ${url.host}, on the standard https port` });
  else
    findings.set(
      'applinks.port',
      'warn',
      `The URL names port ${port}. Android and iOS fetch the well-known files from https://${url.hostname}/ on port 443 only, whatever the link's port; Link Doctor checked port ${port}.`,
      'Serve the redirect URL and both files on the standard https port.', { title: `The URL names port ${port}` },
    );
}

interface Fetched {
  url: string;
  /** null when the platform is not checked (nothing was fetched). */
  result: OutboundResult | null;
}

/**
 * Fetches both files at once, following no redirect (neither platform does).
 * @throws TargetNotAllowed before anything is sent when the origin is refused; DNS answers are checked when fetching.
 */
async function fetchWellKnownFiles(
  origin: string,
  platforms: AppLinksPlatforms,
  policy: ProbePolicy,
  options: AppLinksProbeOptions,
): Promise<[android: Fetched, ios: Fetched]> {
  const androidUrl = `${origin}/.well-known/assetlinks.json`;
  const iosUrl = `${origin}/.well-known/apple-app-site-association`;
  checkTarget(androidUrl, { policy });
  const fetchOptions: SafeFetchOptions = {
    followRedirects: 0,
    maxBodyBytes: WELL_KNOWN_MAX_BYTES,
    headers: { Accept: 'application/json' },
    policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  };
  const [android, ios] = await Promise.all([
    platforms.android ? safeFetch(androidUrl, fetchOptions) : null,
    platforms.ios ? safeFetch(iosUrl, fetchOptions) : null,
  ]);
  return [
    { url: androidUrl, result: android },
    { url: iosUrl, result: ios },
  ];
}

/** A file as the result shows it. */
function fileRecord({ url, result }: Fetched, platforms: AppLinksPlatforms): WellKnownFile {
  if (result === null) return { url, status: null, contentType: null, bytes: 0, problem: `not fetched: ${platforms.because}` };
  if (!result.ok) return { url, status: result.failure.status ?? null, contentType: null, bytes: result.failure.bodyBytes ?? 0, problem: result.failure.message, timing: result.failure.timing };
  const r = result.response;
  return {
    url,
    status: r.status,
    contentType: headerValue(r.headers, 'content-type') ?? null,
    bytes: r.body.length,
    timing: r.timing,
    ...(r.redirect ? { redirectTo: clip(r.redirect.resolved ?? r.redirect.location, 300) } : {}),
  };
}

/** The app links probe, as the registry runs it. */
export const appLinksProbe = defineProbe({
  id: 'app-links',
  schema: appLinksProbeInputSchema,
  fromForm: (form) => formTexts(form, ['url', 'packageName', 'sha256Fingerprint', 'appId', 'platforms']),
  targets: (input) => [input.url],
  run: runAppLinksProbe,
});
