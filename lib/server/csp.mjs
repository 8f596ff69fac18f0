// @ts-check
// The Content-Security-Policy of every response, set by server.mjs. Scripts run only from this origin, and inline
// scripts only when the policy names them: by hash for prerendered pages, whose HTML is fixed at build time and so
// cannot carry a per-request nonce, and by a fresh nonce for pages rendered per request (Next.js reads the nonce
// from the request's policy header and puts it on its own scripts). No 'unsafe-inline' and no 'unsafe-eval' for
// scripts in production.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { withoutTrailing } from '../text.mjs';

/**
 * The text of every inline script in `html`, each as the browser hashes it.
 *
 * @param {string} html
 * @returns {string[]}
 */
export function inlineScripts(html) {
  /** @type {string[]} */
  const scripts = [];
  /** @type {string | null} */
  let current = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'script' && !('src' in attributes)) current = '';
      },
      ontext(text) {
        if (current !== null) current += text;
      },
      onclosetag(name) {
        if (name === 'script' && current !== null) {
          scripts.push(current);
          current = null;
        }
      },
    },
    { decodeEntities: false },
  );
  parser.write(html);
  parser.end();
  return scripts;
}

/** @param {string} script */
export function scriptHash(script) {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/**
 * @param {string[]} scriptSources what script-src allows besides 'self'
 * @param {boolean} dev React's development build evaluates code, and its reloader uses a WebSocket
 */
export function policy(scriptSources, dev = false) {
  return [
    "default-src 'self'",
    `script-src 'self' ${[...scriptSources, ...(dev ? ["'unsafe-eval'"] : [])].join(' ')}`.trim(),
    // React and the pages set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // The browser-mode screenshot is a data: URL.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The policies of a production build: one per prerendered route (by hash), and a function that makes a per-request
 * policy with a new nonce for everything else. A path that turns out not to exist gets the prerendered 404 page,
 * so the per-request policy also names that page's scripts.
 *
 * @param {string} distDir the build output, `.next`
 * @param {{ dev?: boolean }} [options]
 */
export function loadPolicies(distDir, { dev = false } = {}) {
  /** @type {Map<string, string>} */
  const staticPolicies = new Map();
  /** @type {string[]} */
  let notFoundHashes = [];
  const manifestPath = join(distDir, 'prerender-manifest.json');
  if (!dev && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const route of Object.keys(manifest.routes ?? {})) {
      const file = join(distDir, 'server', 'app', `${route === '/' ? 'index' : route}.html`);
      if (!existsSync(file)) continue; // robots.txt, sitemap.xml: not HTML
      const hashes = [...new Set(inlineScripts(readFileSync(file, 'utf8')).map(scriptHash))];
      staticPolicies.set(route, policy(hashes));
      if (route === '/_not-found') notFoundHashes = hashes;
    }
  }
  return {
    /** @param {string} pathname */
    staticPolicy: (pathname) => staticPolicies.get(pathname.length > 1 ? withoutTrailing(pathname, '/') : pathname),
    perRequestPolicy: () => policy([`'nonce-${randomBytes(16).toString('base64')}'`, ...notFoundHashes], dev),
  };
}

