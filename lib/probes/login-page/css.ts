// The hosts a stylesheet loads from: every url(), image-set() string and @import, read in one linear pass.

import { parseUrl } from '@/lib/probes/urls';
import { HostCollector, MAX_REFERENCES, MAX_STYLESHEETS, type HostSource } from './hosts';

/** A stylesheet is read up to this many characters and flagged `truncated` beyond. */
export const MAX_CSS_CHARS = 2 * 1024 * 1024;

export interface ExtractedCssHosts {
  hosts: HostSource[];
  /** Absolute URLs of @import rules (not followed further). */
  imports: string[];
  truncated: boolean;
  capped: boolean;
}

type CssRef = { ref: string; kind: 'url' | 'import' };

const isIdentChar = (c: string) => /[A-Za-z0-9_-]/.test(c);
/** White space as CSS and HTML both count it. */
export const isCssSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

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
