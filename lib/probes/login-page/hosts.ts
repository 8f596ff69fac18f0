// The hosts a login page loads content from, as the HTML and CSS readers collect them: each reference resolved to a
// host, with where it was found. Pure and bounded: a hostile page cannot make the list, or the time spent, grow
// without limit.

import { hostOf, parseUrl } from '@/lib/probes/urls';

/** Hosts kept per page: real login pages name a few dozen. */
export const MAX_HOSTS = 500;
/**
 * References resolved per document (attributes, url(), @import). Resolving one is a URL parse; a hostile page of tiny
 * references would otherwise keep the event loop busy for hundreds of milliseconds. Real pages have a few hundred.
 */
export const MAX_REFERENCES = 5_000;
const MAX_LABELS_PER_HOST = 12;
/** Stylesheets kept per document, to follow one level. */
export const MAX_STYLESHEETS = 50;

export interface HostSource {
  /** Lower-case host name (IDNs in punycode), no port, no trailing dot. */
  host: string;
  /** Where it was found, e.g. "script src", "img srcset", "stylesheet", "style url()". */
  foundIn: string[];
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Resolve a reference to an http(s) URL, or null for fragments, data:, blob:, javascript:, mailto:, about: and junk. */
export function resolveReference(ref: string, base: URL | null): URL | null {
  const trimmed = ref.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return null;
  let url = parseUrl(trimmed, base ?? undefined);
  // Without a usable base, a protocol-relative URL still names a host.
  if (!url && trimmed.startsWith('//')) url = parseUrl(`https:${trimmed}`);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url;
}

/** Resolves references and keeps the hosts they name, up to MAX_REFERENCES references and MAX_HOSTS hosts. */
export class HostCollector {
  private readonly hosts = new Map<string, Set<string>>();
  private references = 0;
  capped = false;

  add(ref: string, base: URL | null, label: string): URL | null {
    if (this.references >= MAX_REFERENCES) {
      this.capped = true;
      return null;
    }
    this.references++;
    const url = resolveReference(ref, base);
    if (!url) return null;
    const host = hostOf(url);
    if (!host) return null;
    let labels = this.hosts.get(host);
    if (!labels) {
      if (this.hosts.size >= MAX_HOSTS) {
        this.capped = true;
        return url;
      }
      labels = new Set();
      this.hosts.set(host, labels);
    }
    if (labels.size < MAX_LABELS_PER_HOST) labels.add(label);
    return url;
  }

  list(): HostSource[] {
    return [...this.hosts].map(([host, labels]) => ({ host, foundIn: [...labels] }));
  }
}

/** Merge host lists (page and its stylesheets), joining the places each host was found. Keeps at most MAX_HOSTS. */
export function mergeHosts(...lists: HostSource[][]): HostSource[] {
  const merged = new Map<string, Set<string>>();
  for (const list of lists) {
    for (const h of list) {
      let labels = merged.get(h.host);
      if (!labels) {
        if (merged.size >= MAX_HOSTS) continue;
        labels = new Set();
        merged.set(h.host, labels);
      }
      for (const l of h.foundIn) if (labels.size < MAX_LABELS_PER_HOST) labels.add(l);
    }
  }
  return [...merged].map(([host, labels]) => ({ host, foundIn: [...labels] }));
}
