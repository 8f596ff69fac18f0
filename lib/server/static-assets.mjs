// @ts-check
// The build's JavaScript and CSS, served by server.mjs with each file compressed once. Next's own server compresses
// these immutable files again on every request: on a small machine that CPU is taken from everything else, and it
// showed in the bench as slower first paints. Only /_next/static/*.js, *.css and *.html are served here (the build
// has no HTML there; the bench puts the plain copies of node pages there, its yardstick, which must be served the
// way the node pages themselves are: see lib/server/prerendered-pages.mjs); everything else, a missing file included,
// goes on to Next.
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { chosenEncoding, compressOnce } from './compressed.mjs';
import securityHeaders from './security-headers.cjs';

const PREFIX = '/_next/static/';
// Scripts and styles stay gzip only, as Next sends them: the bench's first-load JS figure weighs their compressed
// size against an empty Next app's. HTML gets brotli too, as the node pages do.
const TYPES = /** @type {Record<string, { type: string, brotli: boolean }>} */ ({
  '.js': { type: 'application/javascript; charset=UTF-8', brotli: false },
  '.css': { type: 'text/css; charset=UTF-8', brotli: false },
  '.html': { type: 'text/html; charset=utf-8', brotli: true },
});

/**
 * @param {string} distDir the build output, `.next`
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>}
 *   serves the request and answers true, or answers false for Next to serve it
 */
export function staticAssets(distDir) {
  const root = join(distDir, 'static');
  /** @type {Map<string, Promise<{ raw: Buffer, gzip: Buffer, br: Buffer | null }>>} one entry per file of the build, so bounded */
  const cache = new Map();

  /**
   * The build file a path names, by string work alone (no I/O), or null when it is not one of ours to serve.
   *
   * @param {string} pathname
   */
  function resolve(pathname) {
    if (!pathname.startsWith(PREFIX)) return null;
    const kind = TYPES[pathname.slice(pathname.lastIndexOf('.'))];
    if (!kind) return null;
    let relative;
    try {
      relative = decodeURIComponent(pathname.slice(PREFIX.length));
    } catch {
      return null;
    }
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || relative.includes('\0')) return null;
    return { file, ...kind };
  }

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const found = resolve((req.url ?? '/').split('?')[0]);
    if (!found) return false;
    // Keyed by the file, not the path's spelling: the cache cannot outgrow the build. Only a file not yet cached
    // costs a look at the disk.
    let entry = cache.get(found.file);
    if (!entry) {
      const info = await stat(found.file).catch(() => null);
      if (!info?.isFile()) return false;
      entry = readFile(found.file).then((raw) => compressOnce(raw, found.brotli));
      cache.set(found.file, entry);
      entry.catch(() => cache.delete(found.file));
    }
    const bodies = await entry;
    const encoding = chosenEncoding(req.headers['accept-encoding'], found.brotli);
    const body = (encoding && bodies[encoding]) || bodies.raw;
    for (const { key, value } of securityHeaders.SECURITY_HEADERS) res.setHeader(key, value);
    res.writeHead(200, {
      'Content-Type': found.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      'Content-Length': body.length,
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
