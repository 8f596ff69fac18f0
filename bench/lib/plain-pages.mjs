// The yardstick for the page timings: each node page's own prerendered HTML with every script taken out (so: the
// same text, the same stylesheet, no framework), its links pointing at the other plain copies. They go into
// .next/static/, which the same server serves as plain files with the same compression. Not public/: a new file
// there would make `npm start` think the build is stale. Next lists .next/static when it starts, so these must be
// written before the server starts, and are removed when the bench ends.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from './project.mjs';

const DIR = join(PROJECT_DIR, '.next/static/bench-plain');
export const PLAIN_PREFIX = '/_next/static/bench-plain/';

export const plainPath = (nodePath) => `${PLAIN_PREFIX}${nodePath.slice('/guide/'.length)}.html`;

export function prerenderedHtml(nodePath) {
  return readFileSync(join(PROJECT_DIR, '.next/server/app', `${nodePath}.html`), 'utf8');
}

export function writePlainPages(nodePaths) {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const nodes = new Set(nodePaths);
  for (const path of nodePaths) {
    const plain = prerenderedHtml(path)
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
      .replace(/<link\b[^>]*\bas="script"[^>]*>/g, '')
      .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/g, '')
      .replace(/href="(\/guide\/[^"/?#]+)"/g, (whole, href) => (nodes.has(href) ? `href="${plainPath(href)}"` : whole));
    writeFileSync(join(PROJECT_DIR, '.next/static', plainPath(path).slice('/_next/static/'.length)), plain);
  }
}

export function removePlainPages() {
  rmSync(DIR, { recursive: true, force: true });
}
