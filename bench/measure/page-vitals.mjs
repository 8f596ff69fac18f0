// A node page against the plain copy of its own HTML (bench/lib/plain-pages.mjs), in headless Chromium, each load
// in a fresh browser context, app and plain copy measured in pairs, their loads taking turns (see pairs()):
// - LCP: the largest-contentful-paint entry.
// - Click response: from navigation start until a click on the first answer has its visible effect, the next
//   step's title on screen. The click is made in the first frame in which the answer is on screen, as early as a
//   reader could click it, on both pages alike. On the app's page it is handled by whoever is in charge by then: the
//   browser following the link while the scripts still load, or React once the page has hydrated, which first
//   finishes hydrating what was clicked. Script work that holds up the main thread delays the click either way:
//   that is why node pages add Next's scripts only once their first frame is painted (lib/server/paint-first.mjs).
// Each ratio is the median of the pairs' ratios, so a slow spell of the machine affects both sides of a pair alike.
// Each side of a pair is the faster of two loads, taking turns with the other side's: on a shared machine a load's time is its own cost plus
// whatever delays the scheduler adds, never less, and one load's delay made single loads differ by 2× and more from
// pair to pair (a median of 11 to 21 such ratios moved between 0.9 and 1.5 from run to run on one build). The number
// of pairs is fixed: a busy machine, the noisiest, used to get the fewest. The node page itself comes from
// server.mjs (lib/server/prerendered-pages.mjs) and the plain copy from the same server's static files, both
// compressed once: through Next's request handler the page's first byte came ~80 ms after the copy's under load.
import { prerenderedHtml, plainPath } from '../lib/plain-pages.mjs';
import { median, ms } from '../lib/stats.mjs';

const PAIRS = 12;
const TRIES = 2;
const ANSWER = 'main .choices a.choice';

function decodeEntities(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function titleOf(nodePath) {
  const m = /<h1 id="node-title">([\s\S]*?)<\/h1>/.exec(prerenderedHtml(nodePath));
  if (!m) throw new Error(`${nodePath} has no node title.`);
  return decodeEntities(m[1].replace(/<[^>]+>/g, ''));
}

/** The first answer of a node page, when it leads to another node page. */
export function firstAnswer(nodePath) {
  const m = /<a class="choice" href="(\/guide\/[^"/?#]+)"/.exec(prerenderedHtml(nodePath));
  return m ? m[1] : null;
}

const lcpObserver = () => {
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

// Runs in every document of the tab. Times are in the browser's own clock: performance.timeOrigin is the navigation
// start of the document, so a full page load and a client-side transition are measured alike.
const clickProbe = ({ selector, targetTitle }) => {
  if (!sessionStorage.getItem('bench-start')) {
    sessionStorage.setItem('bench-start', String(performance.timeOrigin));
    // rAF callbacks run just before a frame is painted: the first one that finds the answer is the frame that shows it.
    const clickWhenShown = () => {
      const answer = document.querySelector(selector);
      if (!answer) return void requestAnimationFrame(clickWhenShown);
      // React keeps its props on the DOM nodes it has hydrated; production React has no public sign of it.
      sessionStorage.setItem('bench-react', String(Object.keys(answer).some((key) => key.startsWith('__reactProps$'))));
      sessionStorage.setItem('bench-clicked', String(performance.timeOrigin + performance.now()));
      answer.click();
    };
    requestAnimationFrame(clickWhenShown);
  }
  const watch = () => {
    if (document.querySelector('h1')?.textContent !== targetTitle) return void requestAnimationFrame(watch);
    // The next frame: the one with the title has been painted by then.
    requestAnimationFrame(() => {
      const start = Number(sessionStorage.getItem('bench-start'));
      const nav = performance.getEntriesByType('navigation')[0];
      window.__click = {
        ms: performance.timeOrigin + performance.now() - start,
        react: sessionStorage.getItem('bench-react') === 'true',
        // Where the time went: until the click, from it until the next document started, until its first byte.
        clickedAt: Number(sessionStorage.getItem('bench-clicked')) - start,
        nextStart: performance.timeOrigin - start,
        nextFirstByte: nav ? nav.responseStart : NaN,
      };
    });
  };
  requestAnimationFrame(watch);
};

async function inFreshContext(browser, run) {
  const context = await browser.newContext();
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

function lcp(browser, url, { waitForHydration }) {
  return inFreshContext(browser, async (page) => {
    await page.addInitScript(lcpObserver);
    await page.goto(url, { waitUntil: 'load' });
    // Observers are told in a later task than the paint: wait for the entry rather than read too early.
    const value = await (await page.waitForFunction(() => window.__lcp, null, { timeout: 10_000 })).jsonValue();
    const hydratedAt = waitForHydration
      ? await (
          await page.waitForFunction(
            (selector) => {
              const answer = document.querySelector(selector);
              return answer && Object.keys(answer).some((key) => key.startsWith('__reactProps$')) && performance.now();
            },
            ANSWER,
            { polling: 'raf', timeout: 20_000 },
          )
        ).jsonValue()
      : undefined;
    return { lcp: value, hydratedAt };
  });
}

function clickResponse(browser, url, targetTitle) {
  return inFreshContext(browser, async (page) => {
    await page.addInitScript(clickProbe, { selector: ANSWER, targetTitle });
    await page.goto(url, { waitUntil: 'commit' });
    return (await page.waitForFunction(() => window.__click, null, { timeout: 30_000 })).jsonValue();
  });
}

/**
 * PAIRS pairs; each side of a pair is the faster of its TRIES loads, and the two sides' loads take turns (app,
 * plain, plain, app in one pair; plain, app, app, plain in the next), so both sides of a pair are measured in the
 * same second or two of the machine's load rather than one after the other.
 */
async function pairs(measureApp, measurePlain, time) {
  const app = [];
  const plain = [];
  const faster = (a, b) => (!a || time(b) < time(a) ? b : a);
  for (let pair = 0; pair < PAIRS; pair++) {
    let bestApp;
    let bestPlain;
    for (let i = 0; i < TRIES; i++) {
      if ((pair + i) % 2 === 0) {
        bestApp = faster(bestApp, await measureApp());
        bestPlain = faster(bestPlain, await measurePlain());
      } else {
        bestPlain = faster(bestPlain, await measurePlain());
        bestApp = faster(bestApp, await measureApp());
      }
    }
    app.push(bestApp);
    plain.push(bestPlain);
  }
  return { app, plain };
}

export async function measurePageVitals(browser, app, nodePath) {
  const target = firstAnswer(nodePath);
  if (!target) throw new Error(`${nodePath} has no answer that leads to another step.`);
  const targetTitle = titleOf(target);
  const appUrl = `${app.url}${nodePath}`;
  const plainUrl = `${app.url}${plainPath(nodePath)}`;

  // Unmeasured: the first load of each warms the server's render and file paths.
  await lcp(browser, appUrl, { waitForHydration: true });
  await lcp(browser, plainUrl, {});

  const paint = await pairs(() => lcp(browser, appUrl, { waitForHydration: true }), () => lcp(browser, plainUrl, {}), (r) => r.lcp);
  const click = await pairs(() => clickResponse(browser, appUrl, targetTitle), () => clickResponse(browser, plainUrl, targetTitle), (c) => c.ms);
  if (process.env.BENCH_SAMPLES) {
    const f = (c) => [c.ms, c.clickedAt, c.nextStart, c.nextFirstByte].map((v) => v.toFixed(0)).join('/') + (c.react ? ' React' : '');
    process.stderr.write(`click pairs, app | plain (ms: total/clicked/next page started/its first byte):\n${click.app.map((a, i) => `${f(a)}\t${f(click.plain[i])}`).join('\n')}\n`);
  }
  const lcpRatio = median(paint.app.map((a, i) => a.lcp / paint.plain[i].lcp));
  const clickRatio = median(click.app.map((a, i) => a.ms / click.plain[i].ms));
  const reactClicks = click.app.filter((c) => c.react).length;
  return [
    {
      figure: `LCP of ${nodePath} in headless Chromium (fresh context per load)`,
      measured: `${ms(median(paint.app.map((r) => r.lcp)))} / ${ms(median(paint.plain.map((r) => r.lcp)))} for its HTML without scripts from the same server (medians of ${paint.app.length} pairs, each side the faster of ${TRIES} loads taking turns with the other's; ratio: median of the pairs' ratios)`,
      ratio: lcpRatio,
      goal: 1.5,
    },
    {
      figure: `Navigation start until a click on the first answer, made as soon as it is on screen, shows ${target}`,
      measured: `${ms(median(click.app.map((c) => c.ms)))} / ${ms(median(click.plain.map((c) => c.ms)))} for the plain copy, whose links lead to plain copies (medians of ${click.app.length} pairs, each side the faster of ${TRIES} loads taking turns with the other's; React handled ${reactClicks} of ${click.app.length} clicks, the browser the rest; the page hydrated at ${ms(median(paint.app.map((r) => r.hydratedAt)))})`,
      ratio: clickRatio,
      goal: 1.5,
    },
  ];
}
