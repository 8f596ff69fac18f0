// Loads one page in headless Chromium (playwright-core driving the SYSTEM Chromium) the way the Alexa app shows a login
// page — on a phone, in a fresh profile — and reports what it does: every request, pop-up attempts, dialogs,
// downloads, whether anything visible rendered, and a screenshot.
//
// A page runs scripts that anyone can write, so the browser is held as tightly as safeFetch:
// - Chromium runs in a box (./isolation.ts): a network namespace of its own, whose only way out is a per-page
//   validating egress proxy (./egress-proxy.ts), and a memory cap (PROBE_BROWSER_MEMORY_MB). Where no namespace can be
//   made, nothing runs (BrowserUnavailable). How it is started and stopped: ./launch.ts.
// - What the page does is recorded, and pop-ups, dialogs and downloads are stopped (./page-recorder.ts).
// - At most PROXY_MAX_REQUESTS requests (counted in the browser and again in the proxy) and PROXY_MAX_BYTES bytes per
//   page; the whole load, launch included, is bounded by `timeoutMs` (20 s); the browser is always closed.
// - At most 2 browsers run at once (BROWSER_SLOTS); further runs queue. A run answers as soon as the page has been
//   looked at; its browser is closed after that, and keeps its slot until it is.

import 'server-only';
import type { Locator, Page } from 'playwright-core';
import type { BrowserSummary, BrowserVisibleContent, LoginRedirectHop } from '@/lib/probes/login-page/input';
import { processWide } from '@/lib/process-wide';
import { browserMemoryMbFromEnv } from '@/lib/server/limits-config.mjs';
import { resolvePolicy } from '../address-policy';
import { PROXY_MAX_REQUESTS, type EgressProxy } from './egress-proxy';
import { launch, memoryFigures, shutDown, within, type BrowserParts, type LaunchOptions, type MemoryFigures } from './launch';
import { MB, type MemoryCap } from './memory-cap';
import { oneLine } from './one-line';
import { PageRecorder } from './page-recorder';
import { BrowserSlots } from './browser-slots';

/** A page may take 20 s, launch included: long enough for a slow login page, short enough to keep a browser free. */
export const BROWSER_PAGE_TIMEOUT_MS = 20_000;
/** How long a run may wait for a free browser. */
export const BROWSER_QUEUE_TIMEOUT_MS = 60_000;
export const SCREENSHOT_MAX_BYTES = 200 * 1024;
/** Characters of rendered HTML handed to the static host extraction. */
const MAX_HTML_CHARS = 2 * 1024 * 1024;

/**
 * At most two headless browsers at once in the whole server (in all its instances, with Redis); the rest wait (up to
 * 20 in the queue).
 */
export const BROWSER_SLOTS = processWide('browser-slots', () => new BrowserSlots(2, 20));

export interface BrowserLoadOptions extends LaunchOptions {
  /** Whole run, launch included. Default 20 s. */
  timeoutMs?: number;
  /** How long to wait for a free browser. Default 60 s. */
  queueTimeoutMs?: number;
}

/** What loading the page found: the summary users see, plus what the probe needs to build it. */
export interface BrowserLoad extends Omit<BrowserSummary, 'otherHosts'> {
  /** The URL the page ended on, or null if nothing loaded. */
  finalUrl: string | null;
  status: number | null;
  contentType: string | null;
  /** Why the navigation failed (Chromium's error text, plain). */
  navigationError: string | null;
  /**
   * The page ended on Chromium's own error page (chrome-error://…) after a later navigation failed, such as a meta
   * refresh or a script sending it to a host whose certificate is refused: what shows is the browser's error, not the
   * login page (`navigationError` says which).
   */
  errorPage: boolean;
  /** The navigation was refused by the proxy: why. */
  navigationRefused: string | null;
  redirects: LoginRedirectHop[];
  /** The rendered DOM (capped), for host extraction; not returned to users. */
  html: string | null;
  screenshot: string | null;
  /** Hosts the proxy saw that no page event explains (rare: workers); with their refusal, if any. */
  proxyOnly: Array<{ host: string; refused?: string }>;
  /** Time from the start of the run (queue wait excluded), ms. */
  elapsedMs: number;
  memoryLimitBytes: number;
  /** How the cap was kept (null: the browser never started). */
  memoryCap: MemoryCap['kind'] | null;
  /** The most memory the browser used, as far as known (a cgroup's high-water mark, or the watchdog's highest reading). */
  memoryPeakBytes: number | null;
}

/** What looking at the page found (everything else is in the recorder). */
interface PageView {
  finalUrl: string | null;
  status: number | null;
  contentType: string | null;
  navigationError: string | null;
  errorPage: boolean;
  timedOut: boolean;
  visible: BrowserVisibleContent | null;
  html: string | null;
  screenshot: string | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Runs in the page after load: what is visible. Plain function source, so no bundler helpers end up inside. */
const VISIBLE_SCRIPT = `(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05;
  };
  const body = document.body;
  const text = body ? (body.innerText || '').replace(/\\s+/g, ' ').trim() : '';
  const count = (selector) => { let n = 0; for (const el of document.querySelectorAll(selector)) { if (visible(el)) n++; if (n >= 1000) break; } return n; };
  return {
    textLength: text.length,
    fields: count('input:not([type=hidden]), select, textarea, button'),
    media: count('img, svg, canvas, video, iframe, embed, object'),
    title: String(document.title || '').slice(0, 200),
  };
})()`;

/**
 * Load `url` in a fresh headless Chromium behind a validating proxy and report what happened. Never throws for
 * anything the page does; throws BrowserUnavailable when Chromium cannot start, SlotUnavailable when no browser
 * became free in time.
 */
export async function loadPageInBrowser(url: string, options: BrowserLoadOptions = {}): Promise<BrowserLoad> {
  const release = await BROWSER_SLOTS.acquire(options.queueTimeoutMs ?? BROWSER_QUEUE_TIMEOUT_MS);
  let stopped: Promise<unknown> = Promise.resolve();
  try {
    const run = await loadHoldingSlot(url, options);
    stopped = run.stopped;
    return run.load;
  } finally {
    // The browser's slot is free once the browser has stopped, not when the answer goes.
    void stopped.finally(release);
  }
}

/**
 * The load, answered once the page has been looked at, and the browser's shutdown, still under way: closing Chromium
 * and its box takes a quarter to a third of a second, which the person waiting for the result has no need to wait for.
 */
async function loadHoldingSlot(url: string, options: BrowserLoadOptions): Promise<{ load: BrowserLoad; stopped: Promise<unknown> }> {
  const start = performance.now();
  const timeoutMs = options.timeoutMs ?? BROWSER_PAGE_TIMEOUT_MS;
  const deadline = start + timeoutMs;
  const left = () => deadline - performance.now();
  const maxRequests = options.maxRequests ?? PROXY_MAX_REQUESTS;
  const memoryLimitBytes = (options.memoryLimitMb ?? browserMemoryMbFromEnv()) * MB;
  const recorder = new PageRecorder(url, maxRequests);
  const parts: BrowserParts = {};
  let proxy: EgressProxy | undefined;
  let view: PageView;
  try {
    const launched = await launch(parts, options, { policy: resolvePolicy(options.policy), maxRequests, memoryLimitBytes, timeLeft: left });
    proxy = launched.proxy;
    await recorder.watchContext(launched.context);
    const page = await launched.context.newPage();
    recorder.watchPage(page);
    view = await lookAtPage(page, url, recorder, timeoutMs, left);
  } catch (error) {
    await shutDown(parts);
    throw error;
  }
  // Read before the browser closes: what the cap saw while the page ran is all there is to see.
  let memory: MemoryFigures;
  let stopped: Promise<unknown>;
  try {
    memory = await memoryFigures(parts);
  } finally {
    stopped = shutDown(parts).catch(() => undefined);
  }

  const { navigationRefused, proxyOnly } = recorder.proxyView(proxy.events, view.navigationError);
  const stats = proxy.stats();
  const load: BrowserLoad = {
    finalUrl: view.status !== null && view.finalUrl === null ? url : view.finalUrl,
    status: view.status,
    contentType: view.contentType,
    navigationError: view.navigationError,
    errorPage: view.errorPage,
    navigationRefused,
    // Copies: the page runs on until its browser has closed, and the answer is what it had done by now.
    redirects: structuredClone(recorder.redirects),
    requests: structuredClone(recorder.requests),
    requestCount: recorder.requestCount,
    popups: structuredClone(recorder.popups),
    dialogs: structuredClone(recorder.dialogs),
    downloads: recorder.downloads,
    visible: view.visible,
    html: view.html,
    screenshot: view.screenshot,
    bytes: stats.bytes,
    // A page stopped for its memory was not slow.
    timedOut: view.timedOut && !memory.memoryExceeded,
    capped: recorder.cappedRequests ? 'requests' : stats.capped,
    crashed: recorder.crashed,
    memoryExceeded: memory.memoryExceeded,
    memoryLimitBytes,
    memoryCap: memory.memoryCap,
    memoryPeakBytes: memory.memoryPeakBytes,
    proxyOnly,
    elapsedMs: Math.round(performance.now() - start),
  };
  return { load, stopped };
}

/** Navigate, then — leaving time at the end — wait for the page to settle, see what is visible, and take its picture. */
async function lookAtPage(page: Page, url: string, recorder: PageRecorder, timeoutMs: number, left: () => number): Promise<PageView> {
  const view: PageView = { finalUrl: null, status: null, contentType: null, navigationError: null, errorPage: false, timedOut: false, visible: null, html: null, screenshot: null };
  const reserve = Math.min(4_500, timeoutMs * 0.25);
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: Math.max(500, left() - reserve) });
    if (response) {
      view.status = response.status();
      view.contentType = (await within(response.headerValue('content-type'), 500, null)) ?? null;
    }
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
    if (/Timeout/i.test(message)) view.timedOut = true;
    else view.navigationError = oneLine(message.replace(/^page\.goto:\s*/, ''), 200);
  }
  view.status ??= recorder.lastNavigationStatus;
  view.finalUrl = page.url() === 'about:blank' ? null : page.url();

  if (!recorder.crashed && left() > reserve) {
    // A short network idle (Playwright: no request for 500 ms) and, at the same time, at least a moment for timers
    // (alerts shortly after load): waiting for one after the other only added the moment to every probe's time.
    await Promise.all([
      page.waitForLoadState('networkidle', { timeout: Math.max(1, Math.min(4_000, left() - reserve)) }).catch(() => {}),
      sleep(Math.min(400, left() - reserve)),
    ]);
  }
  // A later navigation (a meta refresh, a script) that failed leaves Chromium's own error page on screen: its text and
  // buttons are the browser's, so they say nothing about the login page.
  if (!view.navigationError && page.url().startsWith('chrome-error:')) {
    view.errorPage = true;
    view.navigationError = `${recorder.lastNavigationFailure ?? 'The browser showed its own error page'} at ${recorder.lastNavigationShown()}`;
    view.finalUrl = recorder.lastNavigationShown();
  }
  if (!recorder.crashed && !view.errorPage && left() > 500) {
    view.visible = await within(page.evaluate(VISIBLE_SCRIPT) as Promise<BrowserVisibleContent>, Math.min(1_500, left() - 300), null);
    // No answer: the page's scripts never let go of the main thread (or the tab just crashed).
    if (view.visible === null && !recorder.crashed) view.timedOut = true;
  }
  if (!recorder.crashed && view.visible !== null && left() > 500) {
    const content = await within(page.content(), Math.min(1_500, left() - 300), null);
    view.html = content === null ? null : content.slice(0, MAX_HTML_CHARS);
  }
  if (!recorder.crashed && (view.visible !== null || view.errorPage) && left() > 800) {
    view.screenshot = await takeScreenshot(page, Math.min(3_000, left() - 200));
  }
  if (left() <= 0) view.timedOut = true;
  return view;
}

/**
 * A JPEG of the phone screen (CSS pixels), at most SCREENSHOT_MAX_BYTES, as a data: URL; null if none fits. `mask`:
 * elements painted over (fields holding what a person typed).
 */
export async function takeScreenshot(page: Page, timeoutMs: number, mask: readonly Locator[] = []): Promise<string | null> {
  const end = performance.now() + timeoutMs;
  for (const quality of [60, 35]) {
    const remaining = end - performance.now();
    if (remaining < 200) return null;
    const shot = await page
      .screenshot({ type: 'jpeg', quality, scale: 'css', timeout: remaining, animations: 'disabled', caret: 'hide', mask: [...mask], maskColor: '#444' })
      .catch(() => null);
    if (!shot) return null;
    if (shot.length <= SCREENSHOT_MAX_BYTES) return `data:image/jpeg;base64,${shot.toString('base64')}`;
  }
  return null;
}
