// The login page's HTML, read in one linear pass: the hosts it loads content from, the stylesheets to follow, the
// pop-ups and dialogs its source attempts, and whether it shows anything at all.

import { Parser, type Handler } from 'htmlparser2';
import { isCssSpace, scanCss } from './css';
import { HostCollector, MAX_REFERENCES, MAX_STYLESHEETS, resolveReference, type HostSource } from './hosts';

/**
 * Longer pages are read up to this cap and flagged `truncated`. Parsing is linear but runs on the event loop: a
 * megabyte of dense markup takes about 40 ms, so a page is read up to 1 MB, as much as the static probe fetches.
 */
export const MAX_HTML_CHARS = 1024 * 1024;
const MAX_HINTS = 50;

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


interface VisibleContent {
  textLength: number;
  fields: number;
  media: number;
}

/** Does the HTML show anything? Text outside scripts/styles/head, or a visible form field or image. Linear, bounded. */
export function staticVisibleContent(html: string): VisibleContent {
  const reader = visibleContentReader();
  const parser = new Parser(reader, { decodeEntities: true, lowerCaseTags: true });
  parser.write(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  parser.end();
  return reader.seen;
}

/** The parser events staticVisibleContent reads, to run alongside extractHosts in one pass. */
export function visibleContentReader(): HtmlReader & { seen: VisibleContent } {
  const seen: VisibleContent = { textLength: 0, fields: 0, media: 0 };
  let hiddenDepth = 0;
  const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
  return {
    seen,
    onopentag(name, attribs) {
      if (HIDDEN.has(name)) hiddenDepth++;
      if (hiddenDepth > 0) return;
      if ((name === 'input' && (attribs.type ?? '').toLowerCase() !== 'hidden') || name === 'button' || name === 'select' || name === 'textarea') seen.fields++;
      if (name === 'img' || name === 'svg' || name === 'iframe' || name === 'canvas' || name === 'video') seen.media++;
    },
    ontext(text) {
      if (hiddenDepth === 0 && seen.textLength < 10_000) seen.textLength += text.replace(/\s+/g, '').length;
    },
    onclosetag(name) {
      if (HIDDEN.has(name) && hiddenDepth > 0) hiddenDepth--;
    },
  };
}
