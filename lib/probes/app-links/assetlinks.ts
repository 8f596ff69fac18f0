// assetlinks.json, for Android App Links: a JSON array of statements, one of which must grant handle_all_urls to the
// app (its package name and the SHA-256 fingerprint of the key that signs it). Sets the relation, package and
// fingerprint findings.

import { isRecord } from '@/lib/json';
import { listWords, plural } from '@/lib/probes/wording';
import { normalizeFingerprint, type AndroidStatement } from './input';
import type { AppLinksFindings } from './findings';
import { clip, MAX_STATEMENTS } from './well-known';

export const HANDLE_ALL_URLS = 'delegate_permission/common.handle_all_urls';

export function checkAssetLinks(findings: AppLinksFindings, json: unknown, file: { statements: AndroidStatement[] }, packageName?: string, fingerprint?: string): void {
  if (!Array.isArray(json)) {
    findings.set(
      'applinks.android.json',
      'fail',
      `assetlinks.json is ${isRecord(json) ? 'a single object' : `a ${typeof json}`}, not a JSON array of statements.`,
      'Wrap the statements in an array: [ { "relation": [...], "target": {...} } ].', { title: `assetlinks.json is ${isRecord(json) ? 'a single object' : `a ${typeof json}`}, not a JSON array of statements` },
    );
    return;
  }
  findings.set('applinks.android.json', 'pass', `assetlinks.json is an array of ${plural(json.length, 'statement')}.`, '', { title: `assetlinks.json is an array of ${plural(json.length, 'statement')}` });

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
      `Add a statement: {"relation":["${HANDLE_ALL_URLS}"],"target":{"namespace":"android_app","package_name":"<your package>","sha256_cert_fingerprints":["<AA:BB:…>"]}}.`, { title: `No statement grants "${HANDLE_ALL_URLS}" to an Android app` },
    );
    findings.skipRest('Not checked: no statement grants handle_all_urls to an Android app.', (id) => id.startsWith('applinks.android.'));
    return;
  }
  const packages = [...new Set(file.statements.map((s) => s.packageName))];
  findings.set('applinks.android.relation', 'pass', `handle_all_urls is granted to ${listWords(packages.slice(0, 10))}.${notesText}`, '', { title: `handle_all_urls is granted to ${listWords(packages.slice(0, 3))}${packages.length > 3 ? ' …' : ''}` });

  let candidates = file.statements;
  if (packageName === undefined) {
    findings.set('applinks.android.package', 'skip', `Not checked: no package name entered. The file names ${listWords(packages.slice(0, 10))}.`);
  } else {
    candidates = file.statements.filter((s) => s.packageName === packageName);
    if (candidates.length) findings.set('applinks.android.package', 'pass', `${packageName} has a handle_all_urls statement.`, '', { title: `${packageName} has a handle_all_urls statement` });
    else {
      const caseOnly = packages.find((p) => p.toLowerCase() === packageName.toLowerCase());
      findings.set(
        'applinks.android.package',
        'fail',
        `${packageName} is not in assetlinks.json; it names ${listWords(packages.slice(0, 10))}.${caseOnly ? ` ${caseOnly} differs only in case, and package names are case-sensitive.` : ''}`,
        `Add a handle_all_urls statement for ${packageName} (the applicationId of the build users install).`, { title: `${packageName} is not in assetlinks.json` },
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
      "List the SHA-256 fingerprint of the key that signs the app users install. With Play App Signing that is Google's app signing key (Play Console > App integrity), not your upload key; listing both is fine.", { title: `The fingerprint ${fingerprint.slice(0, 23)}… is not listed${packageName ? ` for ${packageName}` : ''}` },
    );
    return;
  }
  const malformed = present.filter((p) => normalizeFingerprint(p) === null || !/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(p));
  if (malformed.length) {
    findings.set(
      'applinks.android.fingerprint',
      'warn',
      `Your fingerprint is listed, but ${plural(malformed.length, 'fingerprint')} in the file ${malformed.length === 1 ? 'is' : 'are'} not written as 32 upper-case hex pairs separated by colons (e.g. ${clip(malformed[0] ?? '', 40)}).`,
      'Write every fingerprint exactly as keytool prints it: AA:BB:…:FF.', { title: `Your fingerprint is listed, but ${plural(malformed.length, 'fingerprint')} in the file ${malformed.length === 1 ? 'is' : 'are'} not written as 32 upper-case hex pairs separated by colons ` },
    );
    return;
  }
  findings.set('applinks.android.fingerprint', 'pass', `Your certificate fingerprint is listed${packageName ? ` for ${packageName}` : ''}.`, '', { title: `Your certificate fingerprint is listed${packageName ? ` for ${packageName}` : ''}` });
}
