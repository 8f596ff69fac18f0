// The Domain List against the hosts a login page loads from. Inside the Alexa app the login page may load only from
// its own host and the hosts on the Domain List, and only an exact host matches: listing sample.com does not cover
// oauth.sample.com. Pure: the caller collects the hosts.

import { type Finding, findingBuilder } from '@/lib/probes/findings';
import { hostOf, parseUrl } from '@/lib/probes/urls';
import { listWords, plural } from '@/lib/probes/wording';
import { mergeHosts, type HostSource } from './hosts';

export const DOMAINS_NODES = ['domain-list-missing', 'login-page-domains'] as const;
const finding = findingBuilder<(typeof DOMAINS_NODES)[number]>();

/** Amazon's limit on the Domain List. */
export const MAX_DOMAIN_LIST = 15;

/** A Domain List entry or host as Alexa compares it: lower case, punycode, no trailing dot. Scheme/path tolerated. */
export function normaliseHost(entry: string): string | null {
  const trimmed = entry.trim();
  if (trimmed === '') return null;
  const url = parseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  if (!url) return null;
  return hostOf(url);
}

export interface CoveredHost extends HostSource {
  by: 'authorization URI' | 'Domain List';
}

export interface HostComparison {
  required: HostSource[];
  /** The Domain List, normalised, without duplicates. */
  listed: string[];
  missing: HostSource[];
  covered: CoveredHost[];
  /** `login.domains`: fail listing each missing host and where it was found, pass when none is missing. */
  finding: Finding;
}

/**
 * Compare the hosts a login page needs with the Domain List. A host is covered only by an exact (case-insensitive)
 * entry or by being the authorization URI's own host: oauth.sample.com is not covered by sample.com.
 */
export function compareHosts(required: HostSource[], authorizationUri: string, listed: string[]): HostComparison {
  const authHost = normaliseHost(authorizationUri);
  const listedHosts = [...new Set(listed.map(normaliseHost).filter((h): h is string => h !== null))];
  const listedSet = new Set(listedHosts);
  const needed = mergeHosts(required.map((r) => ({ host: normaliseHost(r.host) ?? r.host.toLowerCase(), foundIn: r.foundIn })));
  const missing: HostSource[] = [];
  const covered: CoveredHost[] = [];
  for (const h of needed) {
    if (h.host === authHost) covered.push({ ...h, by: 'authorization URI' });
    else if (listedSet.has(h.host)) covered.push({ ...h, by: 'Domain List' });
    else missing.push(h);
  }
  return { required: needed, listed: listedHosts, missing, covered, finding: domainsFinding(missing, covered, listedHosts) };
}

function domainsFinding(missing: HostSource[], covered: CoveredHost[], listed: string[]): Finding {
  if (missing.length === 0) {
    const detail =
      covered.length === 0
        ? 'The login page loads nothing from other hosts.'
        : `Every host the login page loads from is covered: ${covered.slice(0, 20).map((c) => `${c.host} (${c.by})`).join(', ')}${covered.length > 20 ? ', …' : ''}.`;
    return finding('login.domains', 'pass', covered.length === 0 ? 'The login page loads nothing from other hosts' : `The Domain List covers all ${plural(covered.length, 'host')} the login page loads from`, detail, '', 'login-page-domains');
  }
  const lines = missing.slice(0, 30).map((m) => {
    const parent = listed.find((l) => m.host.endsWith(`.${l}`));
    const near = parent ? `; ${parent} is listed, but it does not cover ${m.host}` : '';
    return `${m.host} (${m.foundIn.join(', ')}${near})`;
  });
  const more = missing.length > 30 ? ` and ${missing.length - 30} more` : '';
  const total = listed.length + missing.length;
  const overLimit =
    total > MAX_DOMAIN_LIST
      ? ` With them the list would have ${total} entries, over Amazon's limit of ${MAX_DOMAIN_LIST}: serve some of these assets from your own host instead.`
      : '';
  return finding(
    'login.domains',
    'fail',
    `${listWords(missing.slice(0, 2).map((m) => m.host))}${missing.length > 2 ? ` and ${plural(missing.length - 2, 'other host')}` : ''} ${missing.length === 1 ? 'is' : 'are'} missing from the Domain List`,
    `The login page loads content from ${plural(missing.length, 'host')} that the Domain List does not cover: ${lines.join('; ')}${more}. Only an exact host matches.${overLimit}`,
    `Add ${listWords(missing.slice(0, 15).map((m) => m.host))} to Account Linking > Domain List in the developer console (exact hosts, up to ${MAX_DOMAIN_LIST}), then link again on the device that failed.`,
    'domain-list-missing',
  );
}
