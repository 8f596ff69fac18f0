// `npm run bench`: is the app fast, measured as ratios against baselines taken side by side in the same run on this
// machine (absolute times drift on shared machines; ratios of alternated measurements mostly do not).
// Prints a table of every goal and `N/M goals hold`; exits 1 when a goal misses. Needs the production build
// (`npm run bench` makes it first when stale) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium); no internet.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAppServer } from './lib/app-server.mjs';
import { launchChromium } from './lib/browser.mjs';
import { buildEmptyAppIfNeeded, nextVersion, startEmptyApp } from './lib/empty-app.mjs';
import { runWithFixtures } from './lib/fixture-process.mjs';
import { nodePaths } from './lib/node-pages.mjs';
import { removePlainPages, writePlainPages } from './lib/plain-pages.mjs';
import { PROJECT_DIR } from './lib/project.mjs';
import { holds, renderTable } from './lib/table.mjs';
import { measureCheckParallel } from './measure/check-parallel.mjs';
import { measureFirstLoadJs } from './measure/first-load-js.mjs';
import { measureLimitsInRedis } from './measure/limits-redis.mjs';
import { measureLoad } from './measure/load.mjs';
import { firstAnswer, measurePageVitals } from './measure/page-vitals.mjs';
import { measurePrerendered } from './measure/prerendered.mjs';
import { measureRelay } from './measure/relay.mjs';
import { measureTokenProbe } from './measure/token-probe.mjs';

const began = performance.now();
const log = (message) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
const rows = [];

/** Runs one group of figures; a group that fails still takes its rows in the table, as misses. */
async function phase(name, figures, run) {
  log(name);
  try {
    const result = await run();
    rows.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    log(`${name} failed: ${error.stack ?? error}`);
    for (const figure of figures) rows.push({ figure, measured: `not measured: ${String(error.message ?? error).split('\n')[0]}`, ratio: NaN, goal: NaN });
  }
}

// Plain copies of the node pages go where the server can serve them, before it starts (see plain-pages.mjs).
const prerendered = JSON.parse(readFileSync(join(PROJECT_DIR, '.next/prerender-manifest.json'), 'utf8'));
writePlainPages(Object.keys(prerendered.routes).filter((path) => prerendered.routes[path].srcRoute === '/guide/[nodeId]'));

let app;
let emptyApp;
let browser;
// Ctrl-C: the servers are our children and get the signal too; the plain copies are ours to remove.
process.once('SIGINT', () => {
  removePlainPages();
  process.exit(130);
});
try {
  log(`Next ${nextVersion()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);
  if (await buildEmptyAppIfNeeded()) log('built the empty baseline app (bench/empty-app)');
  [app, emptyApp, browser] = await Promise.all([startAppServer(), startEmptyApp(), launchChromium()]);
  const paths = await nodePaths(app);

  await phase('node pages are static', ['Node pages served as prerendered static HTML'], () => measurePrerendered(app, paths));

  let heaviest = paths[0];
  await phase(
    'first-load JavaScript',
    ['First-load JS, node pages', 'First-load JS, start page /', 'First-load JS, /check', 'First-load JS, /report'],
    async () => {
      const result = await measureFirstLoadJs(browser, app, emptyApp, paths);
      heaviest = result.ranked.find((path) => firstAnswer(path)) ?? heaviest;
      return result.rows;
    },
  );
  await emptyApp.stop();

  await phase(`LCP and click response of ${heaviest}`, ['LCP of a node page', 'Click response of a node page'], () =>
    measurePageVitals(browser, app, heaviest),
  );
  await browser.close();
  browser = undefined;

  await phase('token probe vs one bare request', ['Token probe vs bare request'], () => measureTokenProbe(app));
  await phase('token request through a relay vs sent directly', ['Token request through a relay vs sent directly'], () => measureRelay(app));
  await phase('/api/check vs its slowest probe', ['/api/check vs slowest probe'], () => measureCheckParallel(app));
  // Against the tests' own OAuth server (TypeScript, so in a child Node that loads it: see lib/fixture-process.mjs).
  await phase('Link as Alexa rehearsal vs the same requests bare', ['Link as Alexa rehearsal vs its page loads and token requests bare'], () =>
    runWithFixtures('bench/measure/link-child.mjs', [app.url, 'rehearsal'], log),
  );
  await phase('login page probe in browser mode vs a bare Chromium load', ['Browser-mode login page probe vs a bare Chromium load'], () =>
    runWithFixtures('bench/measure/link-child.mjs', [app.url, 'login-page'], log),
  );
  await app.stop();
  await phase('a probe with the limits in Redis vs in memory', ['Token probe, limits in Redis vs in memory'], () => measureLimitsInRedis());

  // A fresh server, so "at rest" is a server that has served only what the load test asks of it.
  app = await startAppServer();
  await phase(`${heaviest} under load, and memory`, ['Node page p95 under load', 'Peak memory under load'], () => measureLoad(app, heaviest));
} finally {
  await Promise.allSettled([app?.stop(), emptyApp?.stop(), browser?.close()]);
  removePlainPages();
}

log(`done in ${((performance.now() - began) / 1000).toFixed(0)} s`);
console.log(renderTable(rows));
process.exitCode = rows.every(holds) ? 0 : 1;
