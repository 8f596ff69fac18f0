// Every node page must be static HTML made at build time: listed in the build's prerender manifest, and served as
// that very file (Next says so in x-nextjs-cache / x-nextjs-prerender, and the bytes match the file on disk).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from '../lib/project.mjs';

export async function measurePrerendered(app, paths) {
  const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, '.next/prerender-manifest.json'), 'utf8'));
  const notStatic = [];
  for (const path of paths) {
    const file = join(PROJECT_DIR, '.next/server/app', `${path}.html`);
    const inManifest = manifest.routes[path]?.srcRoute === '/guide/[nodeId]' && existsSync(file);
    const response = await fetch(`${app.url}${path}`);
    const body = await response.text();
    const servedStatic =
      response.status === 200 &&
      /^text\/html/.test(response.headers.get('content-type') ?? '') &&
      (response.headers.get('x-nextjs-cache') === 'HIT' || /\b1\b/.test(response.headers.get('x-nextjs-prerender') ?? ''));
    if (!inManifest || !servedStatic || body !== readFileSync(file, 'utf8')) notStatic.push(path);
  }
  const served = paths.length - notStatic.length;
  return {
    figure: 'Node pages served as prerendered static HTML (prerender manifest, x-nextjs-cache/-prerender, bytes = build file)',
    measured: `${served} / ${paths.length} nodes in the sitemap${notStatic.length ? `; not static: ${notStatic.slice(0, 5).join(', ')}${notStatic.length > 5 ? ' …' : ''}` : ''}`,
    ratio: served / paths.length,
    goal: 1,
    atLeast: true,
    percent: true,
  };
}
