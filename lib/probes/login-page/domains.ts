// The login page's hosts and the Domain List (alexa-facts.md §2): which hosts a page loads content from, and whether
// each is covered by the exact-host rule. Pure: the caller fetches the page and its stylesheets.

import { Parser, type Handler } from 'htmlparser2';
import { findingBuilder, type Finding } from '@/lib/probes/findings';
import { hostOf, parseUrl } from '@/lib/probes/urls';
import { listWords, plural } from '@/lib/probes/wording';

export const DOMAINS_NODES = ['domain-list-missing', 'login-page-domains', 'tip-no-popups'] as const;
const finding = findingBuilder<(typeof DOMAINS_NODES)[number]>();

/**
 * Input caps (security.md "Bounded parsing"). Longer pages are read up to the cap and flagged `truncated`. Parsing is
 * linear but runs on the event loop: a megabyte of dense markup takes about 40 ms, so a page is read up to 1 MB, as
 * much as the static probe fetches.
 */
export const MAX_HTML_CHARS = 1024 * 1024;
export const MAX_CSS_CHARS = 2 * 1024 * 1024;
export const MAX_HOSTS = 500;
/**
 * References resolved per document (attributes, url(), @import). Resolving one is a URL parse; a hostile page of tiny
 * references would otherwise keep the event loop busy for hundreds of milliseconds. Real pages have a few hundred.
 */
export const MAX_REFERENCES = 5_000;
const MAX_LABELS_PER_HOST = 12;
const MAX_STYLESHEETS = 50;
const MAX_HINTS = 50;
/** Amazon's limit on the Domain List. */
export const MAX_DOMAIN_LIST = 15;

export interface HostSource {
  /** Lower-case host name (IDNs in punycode), no port, no trailing dot. */
  host: string;
  /** Where it was found, e.g. "script src", "img srcset", "stylesheet", "style url()". */
  foundIn: string[];
}

export type SourceHintKind = 'window.open' | 'showModalDialog' | 'target-blank' | 'alert' | 'confirm' | 'prompt';

export interface SourceHint {
  kind: SourceHintKind;
  /** Where, e.g. "inline script", "onclick attribute", "a target=_blank". */
  foundIn: string;
  count: number;
}

export interface ExtractedHosts {
  hosts: HostSource[];
  /** Absolute URLs of the page's stylesheets (link rel=stylesheet and @import in <style>), to follow one level. */
  stylesheets: string[];
  /** Pop-up and dialog attempts visible in the page source. */
  sourceHints: SourceHint[];
  /** The URL relative references were resolved against (the page URL or its <base href>). */
  baseUrl: string | null;
  /** The input was longer than the cap and only its start was read. */
  truncated: boolean;
  /** More than MAX_HOSTS hosts or MAX_REFERENCES references were found; the rest were dropped. */
  capped: boolean;
}

export interface ExtractedCssHosts {
  hosts: HostSource[];
  /** Absolute URLs of @import rules (not followed further). */
  imports: string[];
  truncated: boolean;
  capped: boolean;
}

// ---- collecting hosts ---------------------------------------------------------------------------------------------

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


class HostCollector {
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

// ---- CSS ----------------------------------------------------------------------------------------------------------

type CssRef = { ref: string; kind: 'url' | 'import' };

const isIdentChar = (c: string) => /[A-Za-z0-9_-]/.test(c);
const isCssSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** css[from, to) with each escape `\x` read as x; a backslash that ends the text reads as nothing. */
function unescapeCss(css: string, from: number, to: number): string {
  return css.slice(from, to).replace(/\\([\s\S]|$)/g, '$1');
}

/** Read a CSS string starting at the quote at `start`; returns its value and the index after it. */
function readCssString(css: string, start: number): { value: string; end: number } {
  const quote = css.charAt(start);
  let i = start + 1;
  let escaped = false;
  while (i < css.length) {
    const c = css.charAt(i);
    if (c === quote || c === '\n') break;
    escaped ||= c === '\\';
    i += c === '\\' ? 2 : 1;
  }
  const to = Math.min(i, css.length);
  const value = escaped ? unescapeCss(css, start + 1, to) : css.slice(start + 1, to);
  return { value, end: i < css.length && css.charAt(i) === quote ? i + 1 : i };
}

/** Read the argument of `url(` starting right after the parenthesis. */
function readUrlArgument(css: string, start: number): { value: string | null; end: number } {
  let i = start;
  while (i < css.length && isCssSpace(css.charAt(i))) i++;
  const c = css.charAt(i);
  if (c === '"' || c === "'") {
    const s = readCssString(css, i);
    return { value: s.value, end: s.end };
  }
  const begin = i;
  let escaped = false;
  while (i < css.length) {
    const d = css.charAt(i);
    // Characters an unquoted url() may not contain end it (and make it invalid).
    if (d === ')' || isCssSpace(d) || d === '(' || d === '"' || d === "'") break;
    escaped ||= d === '\\';
    i += d === '\\' ? 2 : 1;
  }
  const to = Math.min(i, css.length);
  const value = escaped ? unescapeCss(css, begin, to) : css.slice(begin, to);
  const stop = css.charAt(i);
  if (stop === ')') return { value, end: i + 1 };
  return { value: stop === '(' ? null : value, end: i };
}

/**
 * Every url(), image-set() string and @import in a stylesheet, in one linear pass (no regular expressions over the
 * whole text: a hostile stylesheet cannot make it backtrack). Stops once it has `max` of them.
 */
export function scanCss(css: string, max = Infinity): CssRef[] {
  const refs: CssRef[] = [];
  let i = 0;
  let imageSetDepth = -1; // ≥ 0 while inside image-set( … ): strings there are URLs
  while (i < css.length && refs.length < max) {
    const c = css.charAt(i);
    if (c === '/' && css.charAt(i + 1) === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end === -1 ? css.length : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readCssString(css, i);
      if (imageSetDepth >= 0) refs.push({ ref: s.value, kind: 'url' });
      i = s.end;
      continue;
    }
    if (c === '@' && css.slice(i + 1, i + 7).toLowerCase() === 'import' && !isIdentChar(css.charAt(i + 7))) {
      let j = i + 7;
      while (j < css.length && isCssSpace(css.charAt(j))) j++;
      const q = css.charAt(j);
      if (q === '"' || q === "'") {
        const s = readCssString(css, j);
        refs.push({ ref: s.value, kind: 'import' });
        i = s.end;
        continue;
      }
      if (css.slice(j, j + 4).toLowerCase() === 'url(') {
        const u = readUrlArgument(css, j + 4);
        if (u.value !== null) refs.push({ ref: u.value, kind: 'import' });
        i = u.end;
        continue;
      }
      i = j;
      continue;
    }
    if ((c === 'u' || c === 'U') && css.slice(i, i + 4).toLowerCase() === 'url(' && !isIdentChar(css.charAt(i - 1))) {
      const u = readUrlArgument(css, i + 4);
      if (u.value !== null) refs.push({ ref: u.value, kind: 'url' });
      i = u.end;
      continue;
    }
    if ((c === 'i' || c === 'I') && css.slice(i, i + 10).toLowerCase() === 'image-set(' && !/[A-Za-z0-9_]/.test(css.charAt(i - 1))) {
      imageSetDepth = 0;
      i += 10;
      continue;
    }
    if (imageSetDepth >= 0) {
      if (c === '(') imageSetDepth++;
      else if (c === ')') imageSetDepth = imageSetDepth === 0 ? -1 : imageSetDepth - 1;
    }
    i++;
  }
  return refs;
}

/** Hosts a stylesheet loads from (url() and @import), resolved against the stylesheet's own URL. */
export function extractCssHosts(css: string, cssUrl: string): ExtractedCssHosts {
  const truncated = css.length > MAX_CSS_CHARS;
  const base = parseUrl(cssUrl);
  const collector = new HostCollector();
  const imports: string[] = [];
  // One reference more than the collector resolves, so that it marks the list capped.
  for (const r of scanCss(truncated ? css.slice(0, MAX_CSS_CHARS) : css, MAX_REFERENCES + 1)) {
    const url = collector.add(r.ref, base, r.kind === 'import' ? 'stylesheet @import' : 'stylesheet url()');
    if (url && r.kind === 'import' && imports.length < MAX_STYLESHEETS) imports.push(url.href);
  }
  return { hosts: collector.list(), imports, truncated, capped: collector.capped };
}

// ---- HTML ---------------------------------------------------------------------------------------------------------

/** URLs in a srcset attribute (HTML's algorithm, simplified: URL, then descriptors up to a comma). Linear. */
export function parseSrcset(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && (isCssSpace(srcset.charAt(i)) || srcset.charAt(i) === ',')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isCssSpace(srcset.charAt(i))) i++;
    let url = srcset.slice(start, i);
    let endedWithComma = false;
    while (url.endsWith(',')) {
      url = url.slice(0, -1);
      endedWithComma = true;
    }
    if (url !== '') urls.push(url);
    if (endedWithComma) continue;
    // Skip descriptors ("2x", "300w") up to the next comma outside parentheses.
    let depth = 0;
    while (i < n) {
      const c = srcset.charAt(i);
      if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      else if (c === ',' && depth === 0) break;
      i++;
    }
  }
  return urls;
}

/** The URL of `<meta http-equiv="refresh" content="5; url=…">`, or null. */
export function metaRefreshUrl(content: string): string | null {
  let i = 0;
  const n = content.length;
  while (i < n && /[0-9.\s]/.test(content.charAt(i))) i++;
  if (i >= n || (content.charAt(i) !== ';' && content.charAt(i) !== ',')) return null;
  i++;
  while (i < n && isCssSpace(content.charAt(i))) i++;
  if (content.slice(i, i + 3).toLowerCase() === 'url') {
    let j = i + 3;
    while (j < n && isCssSpace(content.charAt(j))) j++;
    if (content.charAt(j) === '=') {
      i = j + 1;
      while (i < n && isCssSpace(content.charAt(i))) i++;
    }
  }
  let url = content.slice(i).trim();
  const q = url.charAt(0);
  if (q === '"' || q === "'") {
    const close = url.indexOf(q, 1);
    url = close === -1 ? url.slice(1) : url.slice(1, close);
  }
  return url === '' ? null : url;
}

const POPUP_CALL = /\b(?:window|self|top|parent)\s*\.\s*(open|showModalDialog)\s*\(/g;
const DIALOG_CALL = /(?:^|[^\w$.])(?:(?:window|self|top|parent)\s*\.\s*)?(alert|confirm|prompt)\s*\(/g;
const JS_SCRIPT_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module', 'text/ecmascript', 'application/ecmascript']);

class HintCollector {
  private readonly hints = new Map<string, SourceHint>();

  add(kind: SourceHintKind, foundIn: string, count = 1) {
    const key = `${kind}\u0000${foundIn}`;
    const existing = this.hints.get(key);
    if (existing) existing.count += count;
    else if (this.hints.size < MAX_HINTS) this.hints.set(key, { kind, foundIn, count });
  }

  scanScript(code: string, foundIn: string) {
    for (const m of code.matchAll(POPUP_CALL)) this.add(m[1] === 'open' ? 'window.open' : 'showModalDialog', foundIn);
    for (const m of code.matchAll(DIALOG_CALL)) this.add(m[1] as 'alert' | 'confirm' | 'prompt', foundIn);
  }

  list(): SourceHint[] {
    return [...this.hints.values()];
  }
}

/** Attributes that load content, per element: [attribute, label]. */
const LOADING_ATTRIBUTES: Record<string, Array<[string, string]>> = {
  script: [['src', 'script src']],
  img: [['src', 'img src']],
  source: [['src', 'source src']],
  video: [['src', 'video src'], ['poster', 'video poster']],
  audio: [['src', 'audio src']],
  track: [['src', 'track src']],
  iframe: [['src', 'iframe src']],
  frame: [['src', 'frame src']],
  embed: [['src', 'embed src']],
  object: [['data', 'object data']],
  form: [['action', 'form action']],
  button: [['formaction', 'button formaction']],
  image: [['href', 'svg image'], ['xlink:href', 'svg image']],
};
const SRCSET_ELEMENTS = new Set(['img', 'source']);
const LINK_RELS: Record<string, string> = {
  stylesheet: 'stylesheet',
  preload: 'link rel=preload',
  prefetch: 'link rel=prefetch',
  modulepreload: 'link rel=modulepreload',
  icon: 'icon',
  'apple-touch-icon': 'icon',
  'apple-touch-icon-precomposed': 'icon',
  'mask-icon': 'icon',
  manifest: 'manifest',
};

/** More of a page to read in the same pass over its HTML (the parser's tag and text events, lower-case names). */
export type HtmlReader = Pick<Handler, 'onopentag' | 'ontext' | 'onclosetag'>;

/**
 * Every host a page loads content from, with where each was found; plus the stylesheets to follow and pop-up or
 * dialog attempts in its source. Reads at most MAX_HTML_CHARS characters and keeps at most MAX_HOSTS hosts. `alsoRead`
 * sees the same events, so a caller that needs more of the page does not parse it twice.
 */
export function extractHosts(html: string, pageUrl: string, alsoRead?: HtmlReader): ExtractedHosts {
  const truncated = html.length > MAX_HTML_CHARS;
  const source = truncated ? html.slice(0, MAX_HTML_CHARS) : html;
  const collector = new HostCollector();
  const hints = new HintCollector();
  const stylesheets: string[] = [];
  let base: URL | null = resolveReference(pageUrl, null);
  let baseSet = false;
  let rawText: { tag: 'style' | 'script'; type: string; text: string } | null = null;

  const add = (ref: string | undefined, label: string) => (ref === undefined ? null : collector.add(ref, base, label));
  const addStylesheet = (url: URL | null) => {
    if (url && stylesheets.length < MAX_STYLESHEETS && !stylesheets.includes(url.href)) stylesheets.push(url.href);
  };
  const addCss = (css: string, where: 'style' | 'attribute') => {
    for (const r of scanCss(css, MAX_REFERENCES + 1)) {
      if (r.kind === 'import') addStylesheet(add(r.ref, 'style @import'));
      else add(r.ref, where === 'style' ? 'style url()' : 'style attribute url()');
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attribs, isImplied) {
        alsoRead?.onopentag(name, attribs, isImplied);
        if (name === 'base' && !baseSet && attribs.href !== undefined) {
          baseSet = true;
          base = resolveReference(attribs.href, base) ?? base;
        }
        for (const [attr, label] of LOADING_ATTRIBUTES[name] ?? []) {
          const value = attribs[attr];
          // An empty form action submits to the page itself.
          if (value !== undefined && value.trim() !== '') add(value, label);
        }
        if (SRCSET_ELEMENTS.has(name) && attribs.srcset) for (const u of parseSrcset(attribs.srcset)) add(u, `${name} srcset`);
        if (name === 'input') {
          if ((attribs.type ?? '').toLowerCase() === 'image') add(attribs.src, 'input type=image');
          if (attribs.formaction) add(attribs.formaction, 'input formaction');
        }
        if (name === 'link') linkTag(attribs);
        if (name === 'meta' && (attribs['http-equiv'] ?? '').toLowerCase() === 'refresh') {
          const url = metaRefreshUrl(attribs.content ?? '');
          if (url) add(url, 'meta refresh');
        }
        if ((name === 'a' || name === 'form' || name === 'base' || name === 'area') && (attribs.target ?? '').toLowerCase() === '_blank') {
          hints.add('target-blank', `${name} target=_blank`);
        }
        for (const attr in attribs) {
          const value = attribs[attr] ?? '';
          if (attr === 'style') addCss(value, 'attribute');
          else if (attr.startsWith('on') && value) hints.scanScript(value, `${attr} attribute`);
        }
        if (name === 'a' && attribs.href && /^\s*javascript:/i.test(attribs.href)) hints.scanScript(attribs.href, 'javascript: link');
        if (name === 'style') rawText = { tag: 'style', type: '', text: '' };
        if (name === 'script' && attribs.src === undefined) rawText = { tag: 'script', type: (attribs.type ?? '').trim().toLowerCase(), text: '' };
      },
      ontext(text) {
        alsoRead?.ontext(text);
        if (rawText) rawText.text += text;
      },
      onclosetag(name, isImplied) {
        alsoRead?.onclosetag(name, isImplied);
        if (!rawText || name !== rawText.tag) return;
        if (rawText.tag === 'style') addCss(rawText.text, 'style');
        else if (JS_SCRIPT_TYPES.has(rawText.type)) hints.scanScript(rawText.text, 'inline script');
        rawText = null;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  function linkTag(attribs: Record<string, string>) {
    const rels = (attribs.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const label = rels.map((r) => LINK_RELS[r]).find((l) => l !== undefined);
    if (label === undefined) return;
    const url = add(attribs.href, label);
    if (label === 'stylesheet') addStylesheet(url);
    if (attribs.imagesrcset) for (const u of parseSrcset(attribs.imagesrcset)) add(u, `${label} imagesrcset`);
  }

  parser.write(source);
  parser.end();
  const finalBase: URL | null = base;
  return { hosts: collector.list(), stylesheets, sourceHints: hints.list(), baseUrl: finalBase ? finalBase.href : null, truncated, capped: collector.capped };
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

// ---- the exact-host rule ------------------------------------------------------------------------------------------

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
    return finding('login.domains', 'pass', 'Domain List covers every host', detail, '', 'login-page-domains');
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
    `${plural(missing.length, 'host')} missing from the Domain List`,
    `The login page loads content from ${plural(missing.length, 'host')} that the Domain List does not cover: ${lines.join('; ')}${more}. Only an exact host matches.${overLimit}`,
    `Add ${listWords(missing.slice(0, 15).map((m) => m.host))} to Account Linking > Domain List in the developer console (exact hosts, up to ${MAX_DOMAIN_LIST}), then link again on the device that failed.`,
    'domain-list-missing',
  );
}

/** `login.popup` and `login.dialog` findings from pop-up and dialog attempts seen in the page source (warnings). */
export function sourceHintFindings(hints: SourceHint[]): Finding[] {
  const describe = (list: SourceHint[]) => list.map((h) => `${h.kind} in ${h.foundIn}${h.count > 1 ? ` (${h.count}×)` : ''}`).join('; ');
  const popups = hints.filter((h) => h.kind === 'window.open' || h.kind === 'showModalDialog' || h.kind === 'target-blank');
  const dialogs = hints.filter((h) => h.kind === 'alert' || h.kind === 'confirm' || h.kind === 'prompt');
  return [
    popups.length === 0
      ? finding('login.popup', 'pass', 'No pop-ups in the page source', 'The page source shows no window.open, showModalDialog or target=_blank. Scripts loaded from elsewhere are not read here.', '', 'tip-no-popups')
      : finding(
          'login.popup',
          'warn',
          'Page source may open pop-ups',
          `Found in the page source: ${describe(popups)}. Pop-up windows and new windows are not supported during account linking; whether this code runs is not known from the source alone.`,
          'Use full-page redirects for every step of the sign-in, including social login buttons, and drop target=_blank from links and forms on the login page.',
          'tip-no-popups',
        ),
    dialogs.length === 0
      ? finding('login.dialog', 'pass', 'No dialogs in the page source', 'The inline scripts show no alert, confirm or prompt calls.', '', 'tip-no-popups')
      : finding(
          'login.dialog',
          'warn',
          'Page source may show dialogs',
          `Found in the page source: ${describe(dialogs)}. Amazon's requirements exclude JavaScript alerts and message boxes on the login page.`,
          'Show messages, such as a wrong password, on the page itself instead of in alert, confirm or prompt dialogs.',
          'tip-no-popups',
        ),
  ];
}
