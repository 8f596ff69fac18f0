// (import-safe for tests). The app links probe: for a redirect URL's domain, fetches
// /.well-known/assetlinks.json (Android App Links) and /.well-known/apple-app-site-association (iOS Universal Links)
// in parallel through ./outbound, WITHOUT following redirects (both platforms refuse them; security.md H32), capped at
// 128 KB each, and checks status, content type, JSON shape, the handle_all_urls relation and — when given — the package
// name and certificate fingerprint, the app ID and the redirect URL's path (alexa-facts.md §5).

import 'server-only';
import { findingBuilder } from '@/lib/probes/findings';
import { listWords, plural } from '@/lib/probes/wording';
import { resolvePolicy, type ProbePolicy } from '@/lib/net/address-policy';
import {
  APP_LINKS_FINDING_IDS,
  appLinksProbeInputSchema,
  normalizeFingerprint,
  type AndroidStatement,
  type AppLinksFindingId,
  type AppLinksProbeResult,
  type IosAppEntry,
  type WellKnownFile,
} from './input';
import { isRecord, parseJson } from '@/lib/json';
import { checkTarget, headerValue, safeFetch, type LookupFn, type SafeFetchOptions } from '@/lib/net/outbound';
import type { OutboundResult } from '@/lib/net/types';
import type { Finding, FindingStatus } from '@/lib/probes/findings';
import { refuseControlCharacters } from '@/lib/net/url-policy';
import { defineProbe } from '@/lib/probes/definition';
import { formTexts } from '@/lib/form-data';

export type { AppLinksProbeResult } from './input';

export const APP_LINKS_NODES = ['android-app-links-check', 'android-assetlinks', 'android-autoverify', 'lwa-redirect-default-browser'] as const;
type AppLinksNode = (typeof APP_LINKS_NODES)[number];
const finding = findingBuilder<AppLinksNode>();

export const APP_LINKS_FINDING_NODES: Record<AppLinksFindingId, AppLinksNode> = {
  'applinks.port': 'lwa-redirect-default-browser',
  'applinks.android.fetch': 'android-app-links-check',
  'applinks.android.status': 'android-assetlinks',
  'applinks.android.content-type': 'android-assetlinks',
  'applinks.android.json': 'android-assetlinks',
  'applinks.android.relation': 'android-assetlinks',
  'applinks.android.package': 'android-assetlinks',
  'applinks.android.fingerprint': 'android-assetlinks',
  'applinks.android.autoverify': 'android-autoverify',
  'applinks.ios.fetch': 'lwa-redirect-default-browser',
  'applinks.ios.status': 'lwa-redirect-default-browser',
  'applinks.ios.content-type': 'lwa-redirect-default-browser',
  'applinks.ios.json': 'lwa-redirect-default-browser',
  'applinks.ios.details': 'lwa-redirect-default-browser',
  'applinks.ios.app-id': 'lwa-redirect-default-browser',
  'applinks.ios.paths': 'lwa-redirect-default-browser',
};

const TITLES: Record<AppLinksFindingId, string> = {
  'applinks.port': 'The domain is checked on the standard https port',
  'applinks.android.fetch': 'assetlinks.json can be fetched over https',
  'applinks.android.status': 'assetlinks.json answers 200 without a redirect',
  'applinks.android.content-type': 'assetlinks.json is served as application/json',
  'applinks.android.json': 'assetlinks.json is a JSON array of statements',
  'applinks.android.relation': 'A statement grants handle_all_urls to an Android app',
  'applinks.android.package': 'Your package name is in assetlinks.json',
  'applinks.android.fingerprint': "Your signing certificate's fingerprint is in assetlinks.json",
  'applinks.android.autoverify': 'The app asks Android to verify the links (autoVerify)',
  'applinks.ios.fetch': 'apple-app-site-association can be fetched over https',
  'applinks.ios.status': 'apple-app-site-association answers 200 without a redirect',
  'applinks.ios.content-type': 'apple-app-site-association is served as application/json',
  'applinks.ios.json': 'apple-app-site-association is a JSON object',
  'applinks.ios.details': 'It declares applinks details',
  'applinks.ios.app-id': 'Your app ID is in apple-app-site-association',
  'applinks.ios.paths': "Its paths cover the redirect URL's path",
};

/** Both platforms' files are small; Apple documents 128 KB (security.md requirement 7). */
export const WELL_KNOWN_MAX_BYTES = 128 * 1024;
export const HANDLE_ALL_URLS = 'delegate_permission/common.handle_all_urls';
const MAX_STATEMENTS = 200;
const MAX_PATTERNS = 200;
const MAX_PATTERN_CHARS = 512;

export interface AppLinksProbeOptions {
  policy?: ProbePolicy;
  /** TEST ONLY: DNS lookup. */
  lookup?: LookupFn;
  /** TEST ONLY: extra trusted CAs. */
  ca?: SafeFetchOptions['ca'];
  timeouts?: SafeFetchOptions['timeouts'];
}

class Findings {
  private readonly map = new Map<AppLinksFindingId, Finding>();

  set(id: AppLinksFindingId, status: FindingStatus, detail: string, fix = ''): void {
    this.map.set(id, finding(id, status, TITLES[id], detail, fix, APP_LINKS_FINDING_NODES[id]));
  }

  has(id: AppLinksFindingId): boolean {
    return this.map.has(id);
  }

  skip(prefix: 'applinks.android.' | 'applinks.ios.', reason: string): void {
    for (const id of APP_LINKS_FINDING_IDS) if (id.startsWith(prefix) && !this.map.has(id)) this.set(id, 'skip', reason);
  }

  list(): Finding[] {
    return APP_LINKS_FINDING_IDS.map((id) => this.map.get(id)).filter((f): f is Finding => f !== undefined);
  }
}


/** One line, no control characters, bounded (values from the file are untrusted). */
function clip(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function isJsonType(contentType: string | null): boolean {
  return contentType !== null && /^application\/json\s*(;|$)/i.test(contentType.trim());
}

/**
 * A path to match Apple's wildcard patterns against: `*` any run of characters (slashes included), `?` exactly one.
 * The file (up to WELL_KNOWN_MAX_BYTES of patterns) is hostile input, so the cost is bounded by the patterns' length
 * times the path's length / 32, whatever their shape: a pattern is split at its stars; the part before the first star
 * must start the path, the part after the last must end it, and each part between is placed as early as it fits
 * (which is exact for these wildcards), found with bit sets of where each character occurs in the path.
 */
class WildcardPath {
  private readonly exact: CharPositions;
  private folded: CharPositions | null = null;

  constructor(private readonly path: string) {
    this.exact = new CharPositions(path);
  }

  matches(pattern: string, caseSensitive = true): boolean {
    const text = caseSensitive ? this.exact : (this.folded ??= new CharPositions(this.path.toLowerCase()));
    const parts = (caseSensitive ? pattern : pattern.toLowerCase()).split('*');
    const first = parts[0] ?? '';
    if (parts.length === 1) return first.length === text.length && text.fitsAt(first, 0);
    const last = parts[parts.length - 1] ?? '';
    const end = text.length - last.length;
    if (first.length > end || !text.fitsAt(first, 0) || !text.fitsAt(last, end)) return false;
    let from = first.length;
    for (const part of parts.slice(1, -1)) {
      const at = text.find(part, from, end - part.length);
      if (at === -1) return false;
      from = at + part.length;
    }
    return true;
  }
}

/** Where each character occurs in a text, one bit per position. */
class CharPositions {
  readonly length: number;
  private readonly words: number;
  private readonly at = new Map<string, Uint32Array>();

  constructor(private readonly text: string) {
    this.length = text.length;
    this.words = (text.length >>> 5) + 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      let bits = this.at.get(c);
      if (!bits) this.at.set(c, (bits = new Uint32Array(this.words)));
      bits[i >>> 5]! |= 1 << (i & 31);
    }
  }

  /** Whether `part` (characters and `?`) matches the text at `start`. */
  fitsAt(part: string, start: number): boolean {
    for (let j = 0; j < part.length; j++) {
      const c = part.charAt(j);
      if (c !== '?' && c !== this.text.charAt(start + j)) return false;
    }
    return true;
  }

  /** The first start in [from, to] where `part` matches, or -1: every start tried at once, one word per 32 of them. */
  find(part: string, from: number, to: number): number {
    if (from > to) return -1;
    const starts = new Uint32Array(this.words).fill(0xffffffff);
    for (let j = 0; j < part.length; j++) {
      const c = part.charAt(j);
      if (c === '?') continue;
      const bits = this.at.get(c);
      if (!bits) return -1;
      // A start i fits this character when the character is at i + j: keep the bits of `bits` shifted down by j.
      const skip = j >>> 5;
      const shift = j & 31;
      for (let w = 0; w < this.words; w++) {
        const low = bits[w + skip] ?? 0;
        const high = bits[w + skip + 1] ?? 0;
        starts[w]! &= shift === 0 ? low : (low >>> shift) | (high << (32 - shift));
      }
    }
    for (let w = from >>> 5; w <= to >>> 5; w++) {
      const word = w === from >>> 5 ? starts[w]! & (~0 << (from & 31)) : starts[w]!;
      if (word === 0) continue;
      const first = w * 32 + 31 - Math.clz32(word & -word);
      return first <= to ? first : -1;
    }
    return -1;
  }
}

/** Wildcard match as Apple's patterns use it (see WildcardPath). */
export function wildcardMatch(pattern: string, text: string, caseSensitive = true): boolean {
  return new WildcardPath(text).matches(pattern, caseSensitive);
}

/** Parse `applinks.details` in either form. Returns the entries and problems found on the way. */
export function readAasaDetails(details: unknown): { apps: IosAppEntry[]; problems: string[]; raw: Array<{ entry: IosAppEntry; rules: PathRule[] }> } {
  const apps: IosAppEntry[] = [];
  const raw: Array<{ entry: IosAppEntry; rules: PathRule[] }> = [];
  const problems: string[] = [];
  const list = Array.isArray(details) ? details : isRecord(details) ? Object.entries(details).map(([appID, v]) => ({ appID, ...(isRecord(v) ? v : {}) })) : [];
  for (const d of list.slice(0, MAX_STATEMENTS)) {
    if (!isRecord(d)) {
      problems.push('an entry of details is not an object');
      continue;
    }
    const appIds = Array.isArray(d.appIDs) ? d.appIDs.filter((x): x is string => typeof x === 'string') : typeof d.appID === 'string' ? [d.appID] : [];
    if (appIds.length === 0) problems.push('an entry of details has neither appID nor appIDs');
    let rules: PathRule[] = [];
    let form: IosAppEntry['form'] = 'components';
    if (Array.isArray(d.components)) {
      rules = d.components.slice(0, MAX_PATTERNS).filter(isRecord).map((c) => ({
        pattern: typeof c['/'] === 'string' ? c['/'].slice(0, MAX_PATTERN_CHARS) : '*',
        exclude: c.exclude === true,
        caseSensitive: c.caseSensitive !== false,
        hasQueryOrFragment: c['?'] !== undefined || c['#'] !== undefined,
      }));
    } else if (Array.isArray(d.paths)) {
      form = 'paths';
      rules = d.paths
        .slice(0, MAX_PATTERNS)
        .filter((x): x is string => typeof x === 'string')
        .map((s) => {
          const exclude = /^NOT /.test(s);
          return { pattern: (exclude ? s.slice(4) : s).trim().slice(0, MAX_PATTERN_CHARS), exclude, caseSensitive: true, hasQueryOrFragment: false };
        });
    } else {
      problems.push(`the entry for ${appIds.length ? clip(appIds.join(', ')) : 'an app'} has neither paths nor components`);
    }
    const entry: IosAppEntry = { appIds: appIds.slice(0, 20).map((a) => clip(a, 120)), form, patterns: rules.slice(0, 50).map((r) => `${r.exclude ? 'NOT ' : ''}${clip(r.pattern, 120)}`) };
    apps.push(entry);
    raw.push({ entry, rules });
  }
  return { apps, problems, raw };
}

interface PathRule {
  pattern: string;
  exclude: boolean;
  caseSensitive: boolean;
  hasQueryOrFragment: boolean;
}

/** First matching rule decides (Apple's order of evaluation). */
export function pathCovered(rules: PathRule[], path: string): { covered: boolean; rule: PathRule | null } {
  const target = new WildcardPath(path);
  for (const r of rules) {
    if (target.matches(r.pattern, r.caseSensitive)) return { covered: !r.exclude, rule: r };
  }
  return { covered: false, rule: null };
}

/**
 * Run the app links probe. `rawInput` is validated with appLinksProbeInputSchema (throws ZodError when invalid).
 * @throws TargetNotAllowed when the domain (or its DNS answers) is not a public https target.
 */
export async function runAppLinksProbe(rawInput: unknown, options: AppLinksProbeOptions = {}): Promise<AppLinksProbeResult> {
  const input = appLinksProbeInputSchema.parse(rawInput);
  // What reaches the outbound policy is built from the URL's origin: check the URL as the user wrote it too.
  refuseControlCharacters(input.url);
  const started = performance.now();
  const policy = resolvePolicy(options.policy);
  const findings = new Findings();
  const url = new URL(input.url);
  const path = url.pathname === '/' && url.search === '' ? null : url.pathname;
  const origin = url.origin;
  const androidUrl = `${origin}/.well-known/assetlinks.json`;
  const iosUrl = `${origin}/.well-known/apple-app-site-association`;

  const port = url.port === '' ? 443 : Number(url.port);
  if (port === 443) findings.set('applinks.port', 'pass', `The files were fetched from ${url.host}, on the standard https port.`);
  else
    findings.set(
      'applinks.port',
      'warn',
      `The URL names port ${port}. Android and iOS fetch the well-known files from https://${url.hostname}/ on port 443 only, whatever the link's port; Link Doctor checked port ${port}.`,
      'Serve the redirect URL and both files on the standard https port.',
    );

  // Refused targets throw TargetNotAllowed before anything is sent; DNS answers are checked inside safeFetch.
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
  const [android, ios] = await Promise.all([safeFetch(androidUrl, fetchOptions), safeFetch(iosUrl, fetchOptions)]);

  const androidFile = { ...fileRecord(androidUrl, android), statements: [] as AndroidStatement[] };
  const iosFile = { ...fileRecord(iosUrl, ios), apps: [] as IosAppEntry[] };
  const androidJson = transport(findings, 'android', android, androidFile);
  if (androidJson !== undefined) checkAssetLinks(findings, androidJson, androidFile, input.packageName, input.sha256Fingerprint);
  const iosJson = transport(findings, 'ios', ios, iosFile);
  if (iosJson !== undefined) checkAasa(findings, iosJson, iosFile, input.appId, path);

  if (!findings.has('applinks.android.autoverify')) {
    findings.set(
      'applinks.android.autoverify',
      'skip',
      'Not checked: Link Doctor cannot see your app. Its intent filter for this domain needs android:autoVerify="true", or Android never verifies the links.',
      'Check the manifest, then run `adb shell pm get-app-links <package>` on a device: every domain should show "verified".',
    );
  }
  findings.skip('applinks.android.', 'Not checked: assetlinks.json could not be read.');
  findings.skip('applinks.ios.', 'Not checked: apple-app-site-association could not be read.');

  const list = findings.list();
  return {
    probe: 'app-links',
    ok: !list.some((f) => f.status === 'fail'),
    findings: list,
    domain: url.host,
    path,
    files: { android: androidFile, ios: iosFile },
    timing: { total: Math.round((performance.now() - started) * 10) / 10 },
    privateMode: policy.allowPrivate,
  };
}

function fileRecord(url: string, result: OutboundResult): WellKnownFile {
  if (!result.ok) return { url, status: result.failure.status ?? null, contentType: null, bytes: result.failure.bodyBytes ?? 0, problem: result.failure.message };
  const r = result.response;
  return {
    url,
    status: r.status,
    contentType: headerValue(r.headers, 'content-type') ?? null,
    bytes: r.body.length,
    ...(r.redirect ? { redirectTo: clip(r.redirect.resolved ?? r.redirect.location, 300) } : {}),
  };
}

/** fetch / status / content-type / json findings; returns the parsed JSON, or undefined when there is none to check. */
function transport(findings: Findings, platform: 'android' | 'ios', result: OutboundResult, file: WellKnownFile): unknown {
  const name = platform === 'android' ? 'assetlinks.json' : 'apple-app-site-association';
  const id = (s: 'fetch' | 'status' | 'content-type' | 'json') => `applinks.${platform}.${s}` as AppLinksFindingId;
  const who = platform === 'android' ? 'Android' : 'iOS';
  if (!result.ok) {
    const f = result.failure;
    if (f.kind === 'too-large') {
      findings.set(id('fetch'), 'fail', `${name} is larger than ${WELL_KNOWN_MAX_BYTES / 1024} KB (${f.message}); ${who} ignores files that large.`, `Keep ${name} small: only the statements your apps need.`);
      return undefined;
    }
    findings.set(
      id('fetch'),
      'fail',
      `${file.url} could not be fetched: ${f.code && !f.message.includes(f.code) ? `${f.message} (${f.code})` : f.message}`,
      f.kind === 'tls'
        ? `Serve ${name} over https with a valid certificate for this host from a publicly trusted authority; ${who} does not accept anything else.`
        : `Serve https://<your domain>/.well-known/${name} publicly on port 443.`,
    );
    return undefined;
  }
  const r = result.response;
  findings.set(id('fetch'), 'pass', `${file.url} answered over https.`);
  if (r.status >= 300 && r.status < 400) {
    findings.set(
      id('status'),
      'fail',
      `${name} answered HTTP ${r.status}, a redirect${file.redirectTo ? ` to ${file.redirectTo}` : ''}. ${who} does not follow redirects for this file, so the links are not verified.`,
      `Serve ${name} directly at https://<your domain>/.well-known/${name} with status 200 — no redirect (watch for http→https, www and trailing-slash rules).`,
    );
    return undefined;
  }
  if (r.status !== 200) {
    findings.set(
      id('status'),
      'fail',
      `${name} answered HTTP ${r.status}${r.status === 404 ? ' (not found)' : ''}.`,
      `Serve the file at https://<your domain>/.well-known/${name} with status 200.`,
    );
    return undefined;
  }
  findings.set(id('status'), 'pass', `${name} answered HTTP 200 without redirecting.`);
  const ct = file.contentType;
  if (isJsonType(ct)) findings.set(id('content-type'), 'pass', `Content-Type: ${clip(ct ?? '')}.`);
  else
    findings.set(
      id('content-type'),
      'warn',
      `${name} is served as ${ct ? clip(ct) : 'no content type'}, not application/json.${platform === 'ios' ? ' Apple expects application/json (a signed file, application/pkcs7-mime, is only read by very old iOS versions).' : ' Android expects application/json.'}`,
      `Serve ${name} with Content-Type: application/json.`,
    );
  const parsed = parseJson(r.body, { maxBytes: WELL_KNOWN_MAX_BYTES });
  if (!parsed.ok) {
    findings.set(id('json'), 'fail', `${name} is not valid JSON: ${parsed.error.message}`, `Validate ${name} with a JSON validator and fix it.`);
    return undefined;
  }
  return parsed.value;
}

function checkAssetLinks(findings: Findings, json: unknown, file: { statements: AndroidStatement[] }, packageName?: string, fingerprint?: string): void {
  if (!Array.isArray(json)) {
    findings.set(
      'applinks.android.json',
      'fail',
      `assetlinks.json is ${isRecord(json) ? 'a single object' : `a ${typeof json}`}, not a JSON array of statements.`,
      'Wrap the statements in an array: [ { "relation": [...], "target": {...} } ].',
    );
    return;
  }
  findings.set('applinks.android.json', 'pass', `assetlinks.json is an array of ${plural(json.length, 'statement')}.`);

  const notes: string[] = [];
  for (const s of json.slice(0, MAX_STATEMENTS)) {
    if (!isRecord(s)) continue;
    const relation = s.relation;
    const relations = Array.isArray(relation) ? relation.filter((x): x is string => typeof x === 'string') : [];
    if (typeof relation === 'string' && relation === HANDLE_ALL_URLS) notes.push('a statement gives relation as a string instead of an array');
    if (!relations.includes(HANDLE_ALL_URLS)) continue;
    const target = s.target;
    if (!isRecord(target)) {
      notes.push('a handle_all_urls statement has no target object');
      continue;
    }
    if (target.namespace !== 'android_app') {
      notes.push(`a handle_all_urls statement has namespace ${JSON.stringify(clip(String(target.namespace), 40))} instead of "android_app"`);
      continue;
    }
    const pkg = typeof target.package_name === 'string' ? target.package_name : '';
    const prints = Array.isArray(target.sha256_cert_fingerprints) ? target.sha256_cert_fingerprints.filter((x): x is string => typeof x === 'string') : [];
    if (!pkg) notes.push('a handle_all_urls statement has no package_name');
    if (prints.length === 0) notes.push(`the statement for ${clip(pkg) || 'an app'} has no sha256_cert_fingerprints array`);
    if (pkg && prints.length) file.statements.push({ packageName: clip(pkg, 200), fingerprints: prints.slice(0, 20).map((p) => clip(p, 120)) });
  }
  const notesText = notes.length ? ` Also: ${[...new Set(notes)].slice(0, 5).join('; ')}.` : '';
  if (file.statements.length === 0) {
    findings.set(
      'applinks.android.relation',
      'fail',
      `No statement grants "${HANDLE_ALL_URLS}" to an Android app (target namespace "android_app" with package_name and sha256_cert_fingerprints).${notesText}`,
      `Add a statement: {"relation":["${HANDLE_ALL_URLS}"],"target":{"namespace":"android_app","package_name":"<your package>","sha256_cert_fingerprints":["<AA:BB:…>"]}}.`,
    );
    findings.skip('applinks.android.', 'Not checked: no statement grants handle_all_urls to an Android app.');
    return;
  }
  const packages = [...new Set(file.statements.map((s) => s.packageName))];
  findings.set('applinks.android.relation', 'pass', `handle_all_urls is granted to ${listWords(packages.slice(0, 10))}.${notesText}`);

  let candidates = file.statements;
  if (packageName === undefined) {
    findings.set('applinks.android.package', 'skip', `Not checked: no package name entered. The file names ${listWords(packages.slice(0, 10))}.`);
  } else {
    candidates = file.statements.filter((s) => s.packageName === packageName);
    if (candidates.length) findings.set('applinks.android.package', 'pass', `${packageName} has a handle_all_urls statement.`);
    else {
      const caseOnly = packages.find((p) => p.toLowerCase() === packageName.toLowerCase());
      findings.set(
        'applinks.android.package',
        'fail',
        `${packageName} is not in assetlinks.json; it names ${listWords(packages.slice(0, 10))}.${caseOnly ? ` ${caseOnly} differs only in case, and package names are case-sensitive.` : ''}`,
        `Add a handle_all_urls statement for ${packageName} (the applicationId of the build users install).`,
      );
      candidates = [];
    }
  }

  if (fingerprint === undefined) {
    findings.set('applinks.android.fingerprint', 'skip', 'Not checked: no certificate fingerprint entered.');
    return;
  }
  if (packageName !== undefined && candidates.length === 0) {
    findings.set('applinks.android.fingerprint', 'skip', `Not checked: there is no statement for ${packageName}.`);
    return;
  }
  const present = candidates.flatMap((s) => s.fingerprints);
  const match = present.find((p) => normalizeFingerprint(p) === fingerprint);
  if (!match) {
    const shown = present.slice(0, 4).map((p) => clip(p, 40)).join(', ');
    findings.set(
      'applinks.android.fingerprint',
      'fail',
      `The fingerprint ${fingerprint.slice(0, 23)}… is not listed${packageName ? ` for ${packageName}` : ''}; the file has ${shown || 'none'}.`,
      "List the SHA-256 fingerprint of the key that signs the app users install. With Play App Signing that is Google's app signing key (Play Console > App integrity), not your upload key; listing both is fine.",
    );
    return;
  }
  const malformed = present.filter((p) => normalizeFingerprint(p) === null || !/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(p));
  if (malformed.length) {
    findings.set(
      'applinks.android.fingerprint',
      'warn',
      `Your fingerprint is listed, but ${plural(malformed.length, 'fingerprint')} in the file ${malformed.length === 1 ? 'is' : 'are'} not written as 32 upper-case hex pairs separated by colons (e.g. ${clip(malformed[0] ?? '', 40)}).`,
      'Write every fingerprint exactly as keytool prints it: AA:BB:…:FF.',
    );
    return;
  }
  findings.set('applinks.android.fingerprint', 'pass', `Your certificate fingerprint is listed${packageName ? ` for ${packageName}` : ''}.`);
}

function checkAasa(findings: Findings, json: unknown, file: { apps: IosAppEntry[] }, appId: string | undefined, path: string | null): void {
  if (!isRecord(json)) {
    findings.set('applinks.ios.json', 'fail', `apple-app-site-association is ${Array.isArray(json) ? 'an array' : `a ${typeof json}`}, not a JSON object.`, 'The file is one object: { "applinks": { "details": [ … ] } }.');
    return;
  }
  findings.set('applinks.ios.json', 'pass', 'apple-app-site-association is a JSON object.');
  const applinks = json.applinks;
  if (!isRecord(applinks) || applinks.details === undefined) {
    findings.set(
      'applinks.ios.details',
      'fail',
      `The file has no applinks.details${isRecord(applinks) ? '' : ' (no applinks object at all)'}${json.webcredentials !== undefined ? '; it only declares webcredentials' : ''}.`,
      'Add "applinks": { "details": [ { "appIDs": ["TEAMID.bundle.id"], "components": [ { "/": "/your/redirect/path*" } ] } ] }.',
    );
    findings.skip('applinks.ios.', 'Not checked: the file declares no applinks details.');
    return;
  }
  const { apps, problems, raw } = readAasaDetails(applinks.details);
  file.apps = apps;
  const problemText = problems.length ? ` Problems: ${[...new Set(problems)].slice(0, 4).join('; ')}.` : '';
  if (apps.every((a) => a.appIds.length === 0)) {
    findings.set('applinks.ios.details', 'fail', `applinks.details names no app.${problemText}`, 'Each entry needs "appIDs" (iOS 13+) or "appID" (older): the team ID, a dot and the bundle ID.');
    findings.skip('applinks.ios.', 'Not checked: applinks.details names no app.');
    return;
  }
  const allIds = [...new Set(apps.flatMap((a) => a.appIds))];
  const forms = [...new Set(apps.map((a) => (a.form === 'components' ? 'appIDs/components (iOS 13+)' : 'appID/paths (older iOS)')))];
  findings.set('applinks.ios.details', problems.length ? 'warn' : 'pass', `applinks.details names ${listWords(allIds.slice(0, 10).map((a) => clip(a, 60)))}, in the ${listWords(forms)} form.${problemText}`, problems.length ? 'Fix the entries listed above.' : '');

  let relevant = raw;
  if (appId === undefined) findings.set('applinks.ios.app-id', 'skip', 'Not checked: no app ID entered.');
  else {
    relevant = raw.filter((r) => r.entry.appIds.includes(appId));
    if (relevant.length) findings.set('applinks.ios.app-id', 'pass', `${appId} is listed.`);
    else {
      const caseOnly = allIds.find((a) => a.toLowerCase() === appId.toLowerCase());
      findings.set(
        'applinks.ios.app-id',
        'fail',
        `${appId} is not listed; the file names ${listWords(allIds.slice(0, 10).map((a) => clip(a, 60)))}.${caseOnly ? ` ${caseOnly} differs only in case.` : ''}`,
        'Add your app ID (team ID, a dot, the bundle ID of the app users install) to applinks.details.',
      );
      findings.set('applinks.ios.paths', 'skip', `Not checked: ${appId} is not listed.`);
      return;
    }
  }
  if (path === null) {
    findings.set('applinks.ios.paths', 'skip', 'Not checked: enter the full redirect URL (not just the domain) to check its path.');
    return;
  }
  const verdicts = relevant.map((r) => ({ r, v: pathCovered(r.rules, path) }));
  const covering = verdicts.find((x) => x.v.covered);
  if (covering) {
    const extra = covering.v.rule?.hasQueryOrFragment ? ' That rule also constrains the query or fragment, which Link Doctor did not check.' : '';
    findings.set('applinks.ios.paths', 'pass', `${clip(path, 120)} is covered by the pattern ${JSON.stringify(clip(covering.v.rule?.pattern ?? '*', 80))} for ${listWords(covering.r.entry.appIds.slice(0, 3))}.${extra}`);
    return;
  }
  const excluded = verdicts.find((x) => x.v.rule?.exclude);
  findings.set(
    'applinks.ios.paths',
    'fail',
    excluded
      ? `${clip(path, 120)} is excluded by the pattern ${JSON.stringify(clip(excluded.v.rule?.pattern ?? '', 80))} (NOT / exclude), so iOS opens it in the browser.`
      : `No ${appId ? `pattern of ${appId}` : 'pattern'} matches ${clip(path, 120)}, so iOS opens the redirect URL in the browser instead of your app.`,
    'Add a pattern covering the redirect path: "components": [ { "/": "/your/path*" } ] (iOS 13+), or "paths": [ "/your/path*" ] for older iOS. Patterns are matched in order; the first match wins.',
  );
}

/** The app links probe, as the registry runs it. */
export const appLinksProbe = defineProbe({
  id: 'app-links',
  schema: appLinksProbeInputSchema,
  fromForm: (form) => formTexts(form, ['url', 'packageName', 'sha256Fingerprint', 'appId']),
  targets: (input) => [input.url],
  run: (input, options: AppLinksProbeOptions) => runAppLinksProbe(input, options),
});
