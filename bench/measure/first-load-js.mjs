// First-load JavaScript: the compressed bytes (as sent, gzip here) of every script a first visit fetches to render
// and hydrate the page, from headless Chromium's network log, so scripts the page loads by itself (lazy chunks) count
// too and the noModule polyfill that Chromium skips does not. The router's prefetches of *other* routes are held
// back: they fetch other pages' code, in idle time, depending on which links happen to be on screen.
import { performance } from 'node:perf_hooks';
import { nextVersion } from '../lib/empty-app.mjs';
import { kb, sleep } from '../lib/stats.mjs';

const QUIET_MS = 300;
const PARALLEL_TABS = 2;

/**
 * A tab that loads pages as first visits: the browser cache is off (CDP), so every script is fetched again, while
 * the tab itself is reused, which saves starting a renderer per page.
 */
async function openFirstVisitTab(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.route('**/*', (route) => (route.request().headers()['next-router-prefetch'] ? route.abort() : route.fallback()));
  let inFlight = 0;
  let lastActivity = 0;
  let sizes = [];
  const settled = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = performance.now();
  };
  page.on('request', () => {
    inFlight++;
    lastActivity = performance.now();
  });
  page.on('requestfailed', settled);
  page.on('requestfinished', (request) => {
    settled();
    if (request.resourceType() === 'script') sizes.push(request.sizes().then((s) => s.responseBodySize));
  });
  return {
    async scriptBytes(url) {
      await page.goto('about:blank');
      sizes = [];
      inFlight = 0;
      const response = await page.goto(url, { waitUntil: 'load' });
      if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
      // Quiet for a while after load: whatever the page fetches once it has hydrated has been fetched by then.
      while (inFlight > 0 || performance.now() - lastActivity < QUIET_MS) await sleep(50);
      return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    },
    close: () => context.close(),
  };
}

async function bytesOfEach(browser, base, paths) {
  const bytes = new Map();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_TABS }, async () => {
      const tab = await openFirstVisitTab(browser);
      try {
        while (next < paths.length) {
          const path = paths[next++];
          bytes.set(path, await tab.scriptBytes(`${base}${path}`));
        }
      } finally {
        await tab.close();
      }
    }),
  );
  return bytes;
}

/** Returns the table rows and the heaviest node page (the one the timing figures then use). */
export async function measureFirstLoadJs(browser, app, emptyApp, nodePaths) {
  const empty = (await bytesOfEach(browser, emptyApp.url, ['/'])).get('/');
  const nodes = await bytesOfEach(browser, app.url, nodePaths);
  const others = await bytesOfEach(browser, app.url, ['/', '/check', '/report']);
  // In the sitemap's order where weights tie (they mostly do): the map's order is whichever tab finished first, and the
  // timing figures, which use the heaviest page, measured a different page from run to run.
  const ranked = [...nodePaths].sort((a, b) => nodes.get(b) - nodes.get(a));
  const [heaviest, lightest] = [ranked[0], ranked.at(-1)];
  const row = (figure, bytes, goal, extra = '') => ({
    figure,
    measured: `${kb(bytes)} / empty page of Next ${nextVersion()} ${kb(empty)}${extra}`,
    ratio: bytes / empty,
    goal,
  });
  return {
    /** Node pages, heaviest first. */
    ranked,
    rows: [
      row(`First-load JS (compressed), heaviest of ${nodePaths.length} node pages: ${heaviest}`, nodes.get(heaviest), 1.3, `; lightest node page ${kb(nodes.get(lightest))}`),
      row('First-load JS (compressed), start page /', others.get('/'), 2),
      row('First-load JS (compressed), /check', others.get('/check'), 2),
      row('First-load JS (compressed), /report', others.get('/report'), 2),
    ],
  };
}
