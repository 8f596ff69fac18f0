import { expect, test } from '@playwright/test';
import { sendText, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { isNodeId } from '@/lib/tree';
import { appLinksProbeInputSchema, APP_LINKS_FINDING_IDS, normalizeFingerprint, type AppLinksProbeResult } from './input';
import { pathCovered, readAasaDetails } from './aasa';
import { HANDLE_ALL_URLS } from './assetlinks';
import { APP_LINKS_FINDINGS } from './findings';
import { runAppLinksProbe, type AppLinksProbeOptions } from './run';
import { wildcardMatch } from './wildcard';
import { TargetNotAllowed } from '@/lib/net';
import { runProbe } from '@/lib/probes/execute';
import type { FindingStatus } from '@/lib/probes/findings';

const FP = '14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5';
const FP_OTHER = 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';
const PKG = 'com.example.skill';
const APP_ID = 'ABCDE12345.com.example.skill';
const HOST = 'links.example.test';

const goodAssetLinks = (pkg = PKG, prints: string[] = [FP]) => [
  { relation: ['delegate_permission/common.get_login_creds'], target: { namespace: 'web', site: 'https://links.example.test' } },
  { relation: [HANDLE_ALL_URLS], target: { namespace: 'android_app', package_name: pkg, sha256_cert_fingerprints: prints } },
];
const newAasa = (ids = [APP_ID], components: unknown[] = [{ '/': '/alexa/link*', comment: 'redirect' }]) => ({
  applinks: { details: [{ appIDs: ids, components }] },
  webcredentials: { apps: ids },
});
const oldAasa = (paths: string[]) => ({ applinks: { apps: [], details: [{ appID: APP_ID, paths }] } });

interface Files {
  android?: { status?: number; body?: unknown; raw?: string; type?: string; location?: string };
  ios?: { status?: number; body?: unknown; raw?: string; type?: string; location?: string };
}

let site: LoginSite;
test.beforeAll(async () => {
  site = await startLoginSite();
});
test.afterAll(async () => {
  await site.close();
});

function serve(files: Files) {
  site.handle((_req, res, host, path) => {
    const which = path === '/.well-known/assetlinks.json' ? files.android : path === '/.well-known/apple-app-site-association' ? files.ios : undefined;
    if (host !== HOST || !which) return sendText(res, 'not found', 'text/plain', 404);
    if (which.location) {
      res.writeHead(which.status ?? 301, { Location: which.location });
      return res.end();
    }
    const text = which.raw ?? JSON.stringify(which.body);
    return sendText(res, text, which.type ?? 'application/json', which.status ?? 200);
  });
}

/** Runs the probe on input as a form or the API sends it: parsed with the schema first, as the registry does. */
const runParsed = async (raw: unknown, options?: AppLinksProbeOptions) => runAppLinksProbe(appLinksProbeInputSchema.parse(raw), options);
const opts = (): AppLinksProbeOptions => ({ policy: site.policy, lookup: site.lookup, ca: site.certs.ca });
const status = (r: AppLinksProbeResult, id: string): FindingStatus | undefined => r.findings.find((f) => f.id === id)?.status;
function finding(r: AppLinksProbeResult, id: string) {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}`);
  return f;
}
const full = (over: Record<string, unknown> = {}) => ({
  url: site.url(HOST, '/alexa/link/callback'),
  packageName: PKG,
  sha256Fingerprint: FP.replace(/:/g, '').toLowerCase(),
  appId: APP_ID,
  ...over,
});

test.describe('app links probe: good files', () => {
  test('new-form AASA and a matching assetlinks.json: everything passes, with two GETs and no redirects followed', async () => {
    serve({ android: { body: goodAssetLinks() }, ios: { body: newAasa() } });
    const before = site.requestsFor(HOST).length;
    const r = await runParsed(full(), opts());
    const fails = r.findings.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => f.id);
    expect(fails).toEqual(['applinks.port']); // loopback test servers cannot use 443
    for (const id of APP_LINKS_FINDING_IDS.filter((i) => i !== 'applinks.port' && i !== 'applinks.android.autoverify')) expect(status(r, id), id).toBe('pass');
    expect(status(r, 'applinks.android.autoverify')).toBe('skip');
    expect(r.ok).toBe(true);
    expect(r.probe).toBe('app-links');
    expect(r.path).toBe('/alexa/link/callback');
    expect(r.files.android.statements).toEqual([{ packageName: PKG, fingerprints: [FP] }]);
    expect(r.files.ios.apps).toEqual([{ appIds: [APP_ID], form: 'components', patterns: ['/alexa/link*'] }]);
    expect(site.requestsFor(HOST).slice(before).map((q) => q.url).sort()).toEqual(['/.well-known/apple-app-site-association', '/.well-known/assetlinks.json']);
    for (const f of r.findings) expect(f.node).toBe(APP_LINKS_FINDINGS.nodes[f.id as keyof typeof APP_LINKS_FINDINGS.nodes]);
  });

  test('old-form AASA (appID + paths) is read; NOT rules exclude; first match wins', async () => {
    serve({ android: { body: goodAssetLinks() }, ios: { body: oldAasa(['NOT /alexa/link/private*', '/alexa/*']) } });
    const ok = await runParsed(full(), opts());
    expect(status(ok, 'applinks.ios.details')).toBe('pass');
    expect(finding(ok, 'applinks.ios.details').detail).toContain('appID/paths (older iOS)');
    expect(status(ok, 'applinks.ios.paths')).toBe('pass');
    const excluded = await runParsed(full({ url: site.url(HOST, '/alexa/link/private/cb') }), opts());
    expect(status(excluded, 'applinks.ios.paths')).toBe('fail');
    expect(finding(excluded, 'applinks.ios.paths').detail).toContain('excluded');
  });

  test('a bare domain is checked; the path check is skipped', async () => {
    serve({ android: { body: goodAssetLinks() }, ios: { body: newAasa() } });
    const r = await runParsed({ url: `${HOST}:${site.server.port}` }, opts());
    expect(r.path).toBeNull();
    expect(status(r, 'applinks.ios.paths')).toBe('skip');
    expect(status(r, 'applinks.android.package')).toBe('skip');
    expect(finding(r, 'applinks.android.package').detail).toContain(PKG);
    expect(status(r, 'applinks.android.fingerprint')).toBe('skip');
    expect(status(r, 'applinks.ios.app-id')).toBe('skip');
  });
});

test.describe('app links probe: bad files', () => {
  test('a redirect on either file fails and is not followed', async () => {
    serve({
      android: { status: 301, location: site.url('cdn.example.test', '/.well-known/assetlinks.json') },
      ios: { status: 302, location: site.url('cdn.example.test', '/aasa.json') },
    });
    const before = site.requestsFor('cdn.example.test').length;
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.status')).toBe('fail');
    expect(status(r, 'applinks.ios.status')).toBe('fail');
    expect(finding(r, 'applinks.android.status').detail).toContain('does not follow redirects');
    expect(r.files.android.redirectTo).toBe(site.url('cdn.example.test', '/.well-known/assetlinks.json'));
    expect(site.requestsFor('cdn.example.test').length).toBe(before);
    expect(status(r, 'applinks.android.relation')).toBe('skip');
    expect(r.ok).toBe(false);
  });

  test('a wrong content type warns; the content is still checked', async () => {
    serve({ android: { body: goodAssetLinks(), type: 'text/plain' }, ios: { body: newAasa(), type: 'application/octet-stream' } });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.content-type')).toBe('warn');
    expect(status(r, 'applinks.ios.content-type')).toBe('warn');
    expect(status(r, 'applinks.android.fingerprint')).toBe('pass');
    expect(status(r, 'applinks.ios.paths')).toBe('pass');
    expect(r.ok).toBe(true);
  });

  test('bad JSON fails the json findings', async () => {
    serve({ android: { raw: '[{"relation": [' }, ios: { raw: '\ufeff{"applinks":{}}' } });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.json')).toBe('fail');
    expect(status(r, 'applinks.ios.json')).toBe('fail');
    expect(finding(r, 'applinks.ios.json').detail).toContain('byte-order mark');
  });

  test('assetlinks.json as a single object, not an array, fails', async () => {
    serve({ android: { body: goodAssetLinks()[1] }, ios: { body: newAasa() } });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.json')).toBe('fail');
    expect(finding(r, 'applinks.android.json').detail).toContain('single object');
  });

  test('a wrong package name fails (and says when only the case differs)', async () => {
    serve({ android: { body: goodAssetLinks('com.Example.Skill') }, ios: { body: newAasa() } });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.package')).toBe('fail');
    expect(finding(r, 'applinks.android.package').detail).toContain('differs only in case');
    expect(status(r, 'applinks.android.fingerprint')).toBe('skip');
  });

  test('a wrong fingerprint fails, naming the one that is there', async () => {
    serve({ android: { body: goodAssetLinks(PKG, [FP_OTHER]) }, ios: { body: newAasa() } });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.fingerprint')).toBe('fail');
    expect(finding(r, 'applinks.android.fingerprint').detail).toContain('AA:BB:CC');
    expect(finding(r, 'applinks.android.fingerprint').fix).toContain('Play App Signing');
  });

  test('a fingerprint written in lower case without colons matches but warns', async () => {
    serve({ android: { body: goodAssetLinks(PKG, [FP.replace(/:/g, '').toLowerCase()]) }, ios: { body: newAasa() } });
    const r = await runParsed(full({ sha256Fingerprint: FP }), opts());
    expect(status(r, 'applinks.android.fingerprint')).toBe('warn');
  });

  test('a missing handle_all_urls relation fails (and a relation given as a string is pointed out)', async () => {
    serve({
      android: {
        body: [
          { relation: ['delegate_permission/common.get_login_creds'], target: { namespace: 'android_app', package_name: PKG, sha256_cert_fingerprints: [FP] } },
          { relation: HANDLE_ALL_URLS, target: { namespace: 'android_app', package_name: PKG, sha256_cert_fingerprints: [FP] } },
        ],
      },
      ios: { body: newAasa() },
    });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.relation')).toBe('fail');
    expect(finding(r, 'applinks.android.relation').detail).toContain('relation as a string');
    expect(status(r, 'applinks.android.package')).toBe('skip');
  });

  test('AASA: no applinks, a wrong app ID, a path not covered', async () => {
    serve({ android: { body: goodAssetLinks() }, ios: { body: { webcredentials: { apps: [APP_ID] } } } });
    const none = await runParsed(full(), opts());
    expect(status(none, 'applinks.ios.details')).toBe('fail');
    expect(finding(none, 'applinks.ios.details').detail).toContain('webcredentials');

    serve({ android: { body: goodAssetLinks() }, ios: { body: newAasa(['ZZZZZ99999.com.other.app']) } });
    const wrongId = await runParsed(full(), opts());
    expect(status(wrongId, 'applinks.ios.app-id')).toBe('fail');
    expect(status(wrongId, 'applinks.ios.paths')).toBe('skip');

    serve({ android: { body: goodAssetLinks() }, ios: { body: newAasa([APP_ID], [{ '/': '/shop/*' }, { '/': '/Alexa/*', caseSensitive: true }]) } });
    const uncovered = await runParsed(full(), opts());
    expect(status(uncovered, 'applinks.ios.paths')).toBe('fail');
    expect(finding(uncovered, 'applinks.ios.paths').fix).toContain('components');
  });

  test('404 and an oversized file fail', async () => {
    serve({ android: { status: 404, raw: 'nope', type: 'text/plain' }, ios: { raw: JSON.stringify({ applinks: { details: [], pad: 'x'.repeat(200 * 1024) } }) } });
    const r = await runParsed(full(), opts());
    expect(status(r, 'applinks.android.status')).toBe('fail');
    expect(finding(r, 'applinks.android.status').detail).toContain('404');
    expect(status(r, 'applinks.ios.fetch')).toBe('fail');
    expect(finding(r, 'applinks.ios.fetch').detail).toContain('128 KB');
  });
});

test.describe('app links probe: targets and input', () => {
  test('an internal domain (by IP or by name) throws TargetNotAllowed with zero hits', async () => {
    for (const url of [site.internalUrl('/cb'), site.internalUrl('/cb', 'internal.example.test')]) {
      await expect(runParsed({ url }, opts())).rejects.toBeInstanceOf(TargetNotAllowed);
    }
    expect(site.internal.hits).toBe(0);
    const outcome = await runProbe('app-links', { url: site.internalUrl('/cb') }, { options: opts() });
    expect(outcome.kind).toBe('refused');
    const invalid = await runProbe('app-links', { url: 'http://example.com/cb', sha256Fingerprint: 'AB:CD' });
    expect(invalid.kind).toBe('invalid');
    if (invalid.kind === 'invalid') expect(invalid.issues.map((i) => i.field).sort()).toEqual(['sha256Fingerprint', 'url']);
  });

  test('the schema: domains become https URLs; fingerprints are normalised; IDs are checked', () => {
    const p = appLinksProbeInputSchema.parse({ url: 'example.com', packageName: ' ', sha256Fingerprint: FP.toLowerCase(), appId: '' });
    expect(p).toEqual({ url: 'https://example.com', sha256Fingerprint: FP, platforms: 'auto' });
    expect(appLinksProbeInputSchema.safeParse({ url: 'https://example.com/cb', packageName: 'example' }).success).toBe(false);
    expect(appLinksProbeInputSchema.safeParse({ url: 'https://example.com/cb', appId: 'com.example.app' }).success).toBe(false);
    expect(appLinksProbeInputSchema.safeParse({ url: 'https://example.com/cb', appId: APP_ID, packageName: PKG }).success).toBe(true);
    expect(normalizeFingerprint(FP.replace(/:/g, ' '))).toBe(FP);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
  });

  test('wildcards: * spans slashes, ? is one character, case rules; a hostile pattern stays fast', () => {
    expect(wildcardMatch('/alexa/*', '/alexa/link/cb')).toBe(true);
    expect(wildcardMatch('/alexa/?', '/alexa/ab')).toBe(false);
    expect(wildcardMatch('/ALEXA/*', '/alexa/x')).toBe(false);
    expect(wildcardMatch('/ALEXA/*', '/alexa/x', false)).toBe(true);
    expect(wildcardMatch('*', '')).toBe(true);
    const t0 = Date.now();
    expect(wildcardMatch(`${'*a'.repeat(200)}b`, 'a'.repeat(2000))).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
    const { raw } = readAasaDetails([{ appIDs: [APP_ID], components: [{ '/': '/a/*', exclude: true }, { '/': '/a*' }, {}] }]);
    const rules = raw[0]?.rules ?? [];
    expect(pathCovered(rules, '/a/b').covered).toBe(false);
    expect(pathCovered(rules, '/ab').covered).toBe(true);
    expect(pathCovered(rules, '/zzz').covered).toBe(true); // a component without "/" matches any path
  });

  test('every node the probe can emit exists in the tree', () => {
    expect(Object.values(APP_LINKS_FINDINGS.nodes).filter((id) => !isNodeId(id))).toEqual([]);
  });
});

test.describe('app links probe: the platforms the app runs on', () => {
  const failing = (r: AppLinksProbeResult) => r.findings.filter((f) => f.status === 'fail').map((f) => f.id);

  test('an Android-only app (package name and fingerprint given) with no apple-app-site-association gets no fail, and the file is not fetched', async () => {
    serve({ android: { body: goodAssetLinks() } }); // the AASA path answers 404
    const before = site.requestsFor(HOST).length;
    const r = await runParsed(full({ appId: '' }), opts());
    expect(failing(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.platforms).toMatchObject({ android: true, ios: false });
    expect(r.platforms.because).toContain('only Android identifiers');
    for (const id of APP_LINKS_FINDING_IDS.filter((i) => i.startsWith('applinks.ios.'))) {
      expect(status(r, id), id).toBe('skip');
      expect(finding(r, id).detail).toContain('does not run on iOS');
    }
    expect(status(r, 'applinks.android.fingerprint')).toBe('pass');
    expect(site.requestsFor(HOST).slice(before).map((q) => q.url)).toEqual(['/.well-known/assetlinks.json']);
    expect(r.files.ios.problem).toContain('not fetched');
  });

  test('an iOS-only app (app ID given) with no assetlinks.json gets no fail', async () => {
    serve({ ios: { body: newAasa() } });
    const r = await runParsed(full({ packageName: '', sha256Fingerprint: '' }), opts());
    expect(failing(r)).toEqual([]);
    expect(r.platforms).toMatchObject({ android: false, ios: true });
    expect(status(r, 'applinks.android.status')).toBe('skip');
    expect(status(r, 'applinks.ios.app-id')).toBe('pass');
  });

  test('the platforms chosen win over inference: "both" still fails a missing apple-app-site-association; nothing given checks both', async () => {
    serve({ android: { body: goodAssetLinks() } });
    const both = await runParsed(full({ appId: '', platforms: 'both' }), opts());
    expect(both.platforms).toMatchObject({ android: true, ios: true });
    expect(status(both, 'applinks.ios.status')).toBe('fail');
    const bare = await runParsed({ url: site.url(HOST, '/alexa/link/callback') }, opts());
    expect(bare.platforms).toMatchObject({ android: true, ios: true });
    expect(status(bare, 'applinks.ios.status')).toBe('fail');
    const androidOnly = await runParsed({ url: site.url(HOST, '/alexa/link/callback'), platforms: 'android' }, opts());
    expect(failing(androidOnly)).toEqual([]);
    expect(() => appLinksProbeInputSchema.parse({ url: HOST, platforms: 'windows' })).toThrow(/Android, iOS/);
  });
});
