// @ts-check
// A file's bytes compressed once, for server.mjs's own static responses (lib/server/static-assets.mjs,
// lib/server/prerendered-pages.mjs), and the encoding a client gets. Compression runs on zlib's thread pool, so a
// large file compressing for the first time does not hold up other requests.
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

// Brotli's best quality costs ~20 ms on a node page but over half a second on the largest script chunk, which the
// first visitor after a start would wait for; a middle quality still beats gzip there, for ~15 ms.
const SMALL = 64 * 1024;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * @param {Buffer} raw text: HTML, JavaScript or CSS
 * @param {boolean} [withBrotli] whether to make a brotli copy as well
 * @returns {Promise<{ raw: Buffer, gzip: Buffer, br: Buffer | null }>}
 */
export async function compressOnce(raw, withBrotli = true) {
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(raw),
    withBrotli && brotliAsync(raw, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: raw.length <= SMALL ? zlib.BROTLI_MAX_QUALITY : 6,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
  ]);
  return { raw, gzip: gzipped, br: brotli || null };
}

/**
 * The encoding to send: brotli, else gzip, else none, as the client accepts (a q of 0 refuses).
 *
 * @param {string | string[] | undefined} acceptEncoding
 * @param {boolean} [withBrotli] whether brotli is on offer
 * @returns {'br' | 'gzip' | null}
 */
export function chosenEncoding(acceptEncoding, withBrotli = true) {
  /** @type {Map<string, number>} */
  const accepted = new Map();
  for (const part of String(acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const allows = (/** @type {string} */ name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (withBrotli && allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return null;
}
