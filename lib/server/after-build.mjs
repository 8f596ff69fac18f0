// @ts-check
// `npm run build` runs this after `next build`: the guide's node pages, as prerendered, load their scripts after the
// first paint (lib/server/paint-first.mjs). The files themselves change, so Next and server.mjs serve the same bytes,
// and each page's Content-Security-Policy (lib/server/csp.mjs, read from these files) names the new inline script by
// its hash like the others. Running it twice changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { paintFirst } from './paint-first.mjs';
import { prerenderedNodePages } from './prerendered-pages.mjs';

const distDir = resolve(process.argv[2] ?? '.next');
const pages = [...prerenderedNodePages(distDir).values()];
if (pages.length === 0) {
  console.error(`after-build: ${distDir} has no prerendered node pages; run this after \`next build\`.`);
  process.exit(1);
}
let changed = 0;
for (const { file } of pages) {
  const html = readFileSync(file, 'utf8');
  const moved = paintFirst(html);
  if (moved === html) continue;
  writeFileSync(file, moved);
  changed++;
}
console.log(`after-build: the ${pages.length} node pages load their scripts after the first paint (${changed} changed now).`);
