// @ts-check
// The guide's node pages (/guide/<id>), served by server.mjs from the HTML the build prerendered, each compressed
// once. Next serves the very same file, but only after its whole request pipeline and a fresh gzip of it on every
// request: under load that made the page's first byte come ~80 ms later than a plain file's, and the bench's click
// response flapped around its goal. The response is the one Next sends, built from the build's own records: the
// prerender manifest (which pages, fixed for good), each page's .meta (its headers), the routes manifest (the headers
// of next.config.js and the Vary of pages), Next's own ETag and Cache-Control functions. server.mjs sets the
// Content-Security-Policy before. Everything else goes on to Next: a request with a query string (`_rsc`, or anything
// a later page might read), any header of Next's router or cache (RSC payloads, prefetches, revalidation), draft
// mode, other methods, and every path that is not exactly a prerendered node page.
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chosenEncoding, compressOnce } from './compressed.mjs';

const require = createRequire(import.meta.url);
/** @type {{ generateETag: (payload: string) => string }} */
const { generateETag } = require('next/dist/server/lib/etag');
/** @type {{ getCacheControlHeader: (c: { revalidate: number | false, expire?: number }) => string }} */
const { getCacheControlHeader } = require('next/dist/server/lib/cache-control');
/** @type {(reqHeaders: object, resHeaders: object) => boolean} */
const fresh = require('next/dist/compiled/fresh');

/** The dynamic route whose prerendered pages are served here. */
const NODE_ROUTE = '/guide/[nodeId]';
// Request headers that change what Next answers for a page: its router (RSC payloads, prefetches, segment
// prefetches, the state tree, Next-Url, Next-Action), revalidation, and internal routing.
const NEXTS_OWN_HEADER = /^(?:rsc|next-.*|x-next-.*|x-nextjs-.*|x-prerender-.*|x-middleware-.*|x-invoke-.*|x-matched-path|x-now-route-matches)$/;
const DRAFT_MODE_COOKIE = /(?:^|;\s*)(?:__prerender_bypass|__next_preview_data)=/;
// Next's own: set by the cache-tag machinery for a deployment platform, removed from the response by `next start`.
const CACHE_TAGS_HEADER = 'x-next-cache-tags';

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {boolean} whether Next must answer this request, whatever its path
 */
function forNext(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return true;
  if ((req.url ?? '/').includes('?')) return true;
  if (Object.keys(req.headers).some((name) => NEXTS_OWN_HEADER.test(name))) return true;
  return DRAFT_MODE_COOKIE.test(String(req.headers.cookie ?? ''));
}

/**
 * The node pages of a production build, each with the headers Next sends for it (in Next's order), or an empty map
 * when the build has no record of them.
 *
 * @param {string} distDir the build output, `.next`
 * @returns {Map<string, { file: string, headers: [string, string, 'set' | 'append'][] }>}
 */
export function prerenderedNodePages(distDir) {
  /** @type {Map<string, { file: string, headers: [string, string, 'set' | 'append'][] }>} */
  const pages = new Map();
  const read = (/** @type {string} */ name) => JSON.parse(readFileSync(join(distDir, name), 'utf8'));
  if (!['prerender-manifest.json', 'routes-manifest.json', 'required-server-files.json'].every((name) => existsSync(join(distDir, name)))) return pages;
  const prerender = read('prerender-manifest.json');
  const routes = read('routes-manifest.json');
  const { expireTime } = read('required-server-files.json').config;
  const rewrites = routes.rewrites ?? {};
  // A rewrite or a redirect could send these paths elsewhere: then Next alone knows where.
  const rewritten = [...(rewrites.beforeFiles ?? []), ...(rewrites.afterFiles ?? []), ...(rewrites.fallback ?? []), ...(Array.isArray(rewrites) ? rewrites : [])];
  const redirects = (routes.redirects ?? []).filter((/** @type {{ internal?: boolean }} */ r) => !r.internal);
  for (const [path, route] of Object.entries(prerender.routes ?? {})) {
    if (route.srcRoute !== NODE_ROUTE || route.initialRevalidateSeconds !== false) continue;
    if (route.initialStatus !== undefined || route.initialHeaders !== undefined) continue;
    const file = join(distDir, 'server', 'app', `${path}.html`);
    const metaFile = join(distDir, 'server', 'app', `${path}.meta`);
    if (!existsSync(file) || !existsSync(metaFile)) continue;
    if ([...rewritten, ...redirects].some((rule) => new RegExp(rule.regex).test(path))) continue;
    const configRules = (routes.headers ?? []).filter((/** @type {{ regex: string }} */ rule) => new RegExp(rule.regex).test(path));
    // A rule that depends on the request (has/missing) is Next's to weigh.
    if (configRules.some((/** @type {{ has?: unknown, missing?: unknown }} */ rule) => rule.has || rule.missing)) continue;
    /** @type {[string, string, 'set' | 'append'][]} */
    const headers = [];
    for (const rule of configRules) for (const { key, value } of rule.headers) headers.push([key, value, 'set']);
    headers.push(['Vary', `${routes.rsc.varyHeader}, Accept-Encoding`, 'set']);
    headers.push(['x-nextjs-cache', 'HIT', 'set']);
    headers.push(['x-nextjs-prerender', '1', 'set']);
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    for (const [key, value] of Object.entries(meta.headers ?? {})) {
      if (key === CACHE_TAGS_HEADER) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.push([key, String(v), 'append']);
    }
    // As Next: a Cache-Control from next.config.js wins over the page's own.
    if (!headers.some(([key]) => key.toLowerCase() === 'cache-control')) {
      headers.push(['Cache-Control', getCacheControlHeader({ revalidate: false, expire: expireTime }), 'set']);
    }
    pages.set(path, { file, headers });
  }
  return pages;
}

/**
 * @param {string} distDir the build output, `.next`
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>}
 *   serves the request and answers true, or answers false for Next to serve it
 */
export function prerenderedPages(distDir) {
  const pages = prerenderedNodePages(distDir);
  /** @type {Map<string, Promise<{ etag: string, raw: Buffer, gzip: Buffer, br: Buffer | null }>>} one entry per page of the build */
  const cache = new Map();

  /** @param {string} file */
  async function load(file) {
    const html = await readFile(file, 'utf8');
    // Next's ETag of the same HTML, so a copy cached from either server revalidates against the other.
    return { etag: generateETag(html), ...(await compressOnce(Buffer.from(html, 'utf8'))) };
  }

  return async (req, res) => {
    if (pages.size === 0 || forNext(req)) return false;
    const page = pages.get(req.url ?? '/');
    if (!page) return false;
    let entry = cache.get(page.file);
    if (!entry) {
      entry = load(page.file);
      cache.set(page.file, entry);
      entry.catch(() => cache.delete(page.file));
    }
    const { etag, ...bodies } = await entry;
    for (const [key, value, how] of page.headers) {
      if (how === 'append') res.appendHeader(key, value);
      else res.setHeader(key, value);
    }
    res.setHeader('ETag', etag);
    if (fresh(req.headers, { etag })) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    const encoding = chosenEncoding(req.headers['accept-encoding']);
    const body = (encoding && bodies[encoding]) || bodies.raw;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
