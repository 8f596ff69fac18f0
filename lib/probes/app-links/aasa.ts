// apple-app-site-association, for iOS Universal Links: applinks.details must name the app, and one of its patterns
// must cover the redirect URL's path. Sets the details, app-id and paths findings.

import { isRecord } from '@/lib/json';
import { listWords } from '@/lib/probes/wording';
import type { IosAppEntry } from './input';
import type { AppLinksFindings } from './findings';
import { clip, MAX_STATEMENTS } from './well-known';
import { WildcardPath } from './wildcard';

const MAX_PATTERNS = 200;
const MAX_PATTERN_CHARS = 512;

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

export interface PathRule {
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

export function checkAasa(findings: AppLinksFindings, json: unknown, file: { apps: IosAppEntry[] }, appId: string | undefined, path: string | null): void {
  if (!isRecord(json)) {
    findings.set('applinks.ios.json', 'fail', `apple-app-site-association is ${Array.isArray(json) ? 'an array' : `a ${typeof json}`}, not a JSON object.`, 'The file is one object: { "applinks": { "details": [ … ] } }.', { title: `apple-app-site-association is ${Array.isArray(json) ? 'an array' : `a ${typeof json}`}, not a JSON object` });
    return;
  }
  findings.set('applinks.ios.json', 'pass', 'apple-app-site-association is a JSON object.', '', { title: 'apple-app-site-association is a JSON object' });
  const applinks = json.applinks;
  if (!isRecord(applinks) || applinks.details === undefined) {
    findings.set(
      'applinks.ios.details',
      'fail',
      `The file has no applinks.details${isRecord(applinks) ? '' : ' (no applinks object at all)'}${json.webcredentials !== undefined ? '; it only declares webcredentials' : ''}.`,
      'Add "applinks": { "details": [ { "appIDs": ["TEAMID.bundle.id"], "components": [ { "/": "/your/redirect/path*" } ] } ] }.', { title: `The file has no applinks.details${isRecord(applinks) ? '' : ' (no applinks object at all)'}${json.webcredentials !== undefined ? '; it only declares webcredentials' : ''}` },
    );
    findings.skipRest('Not checked: the file declares no applinks details.', (id) => id.startsWith('applinks.ios.'));
    return;
  }
  const { apps, problems, raw } = readAasaDetails(applinks.details);
  file.apps = apps;
  const problemText = problems.length ? ` Problems: ${[...new Set(problems)].slice(0, 4).join('; ')}.` : '';
  if (apps.every((a) => a.appIds.length === 0)) {
    findings.set('applinks.ios.details', 'fail', `applinks.details names no app.${problemText}`, 'Each entry needs "appIDs" (iOS 13+) or "appID" (older): the team ID, a dot and the bundle ID.', { title: 'applinks.details names no app' });
    findings.skipRest('Not checked: applinks.details names no app.', (id) => id.startsWith('applinks.ios.'));
    return;
  }
  const allIds = [...new Set(apps.flatMap((a) => a.appIds))];
  const forms = [...new Set(apps.map((a) => (a.form === 'components' ? 'appIDs/components (iOS 13+)' : 'appID/paths (older iOS)')))];
  findings.set('applinks.ios.details', problems.length ? 'warn' : 'pass', `applinks.details names ${listWords(allIds.slice(0, 10).map((a) => clip(a, 60)))}, in the ${listWords(forms)} form.${problemText}`, problems.length ? 'Fix the entries listed above.' : '', { title: `applinks.details names ${listWords(allIds.slice(0, 3).map((a) => clip(a, 60)))}${allIds.length > 3 ? ' …' : ''}` });

  let relevant = raw;
  if (appId === undefined) findings.set('applinks.ios.app-id', 'skip', 'Not checked: no app ID entered.');
  else {
    relevant = raw.filter((r) => r.entry.appIds.includes(appId));
    if (relevant.length) findings.set('applinks.ios.app-id', 'pass', `${appId} is listed.`, '', { title: `${appId} is listed` });
    else {
      const caseOnly = allIds.find((a) => a.toLowerCase() === appId.toLowerCase());
      findings.set(
        'applinks.ios.app-id',
        'fail',
        `${appId} is not listed; the file names ${listWords(allIds.slice(0, 10).map((a) => clip(a, 60)))}.${caseOnly ? ` ${caseOnly} differs only in case.` : ''}`,
        'Add your app ID (team ID, a dot, the bundle ID of the app users install) to applinks.details.', { title: `${appId} is not listed` },
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
    findings.set('applinks.ios.paths', 'pass', `${clip(path, 120)} is covered by the pattern ${JSON.stringify(clip(covering.v.rule?.pattern ?? '*', 80))} for ${listWords(covering.r.entry.appIds.slice(0, 3))}.${extra}`, '', { title: `${clip(path, 80)} is covered by the pattern ${JSON.stringify(clip(covering.v.rule?.pattern ?? '*', 60))}` });
    return;
  }
  const excluded = verdicts.find((x) => x.v.rule?.exclude);
  findings.set(
    'applinks.ios.paths',
    'fail',
    excluded
      ? `${clip(path, 120)} is excluded by the pattern ${JSON.stringify(clip(excluded.v.rule?.pattern ?? '', 80))} (NOT / exclude), so iOS opens it in the browser.`
      : `No ${appId ? `pattern of ${appId}` : 'pattern'} matches ${clip(path, 120)}, so iOS opens the redirect URL in the browser instead of your app.`,
    'Add a pattern covering the redirect path: "components": [ { "/": "/your/path*" } ] (iOS 13+), or "paths": [ "/your/path*" ] for older iOS. Patterns are matched in order; the first match wins.', { title: excluded ? `${clip(path, 80)} is excluded by the pattern ${JSON.stringify(clip(excluded.v.rule?.pattern ?? '', 60))}` : `No pattern matches ${clip(path, 80)}` },
  );
}
