// Loads one page in headless Chromium (playwright-core driving the SYSTEM Chromium) the way the Alexa app
// shows a login page — on a phone, in a fresh profile — and records what it does: every request (scripts' fetch/XHR
// and WebSockets included), pop-up attempts, dialogs, downloads, whether anything visible rendered, and a screenshot.
//
// Safety (security.md requirement 10, H47, H48):
// - Chromium runs in a box (./isolation): a network namespace of its own, whose only way out is a per-page validating
//   egress proxy (./egress-proxy), and a memory cap (PROBE_BROWSER_MEMORY_MB). Where no namespace can be made,
//   nothing runs (BrowserUnavailable).
// - ALL page traffic goes through that proxy: the browser context is created with
//   `proxy: { server: <the proxy's forwarder in the namespace>, bypass: '<-loopback>' }`, so loopback goes through it
//   too. The browser itself is launched with `--proxy-server=<a port where nothing listens>`: Chromium's own background
//   traffic reaches nothing. The services that would use the page's proxy (autofill) are switched off, and WebRTC may
//   use no UDP that does not go through the proxy (there is none): a second wall behind the namespace.
// - Service workers are blocked, downloads refused, pop-ups blocked (window.open is replaced by a recorder that
//   returns null; any other new window is closed at once), dialogs dismissed.
// - At most PROXY_MAX_REQUESTS requests (counted in the browser and again in the proxy) and PROXY_MAX_BYTES bytes per
//   page; the whole load, launch included, is bounded by `timeoutMs` (20 s); the browser is always closed.
// - At most 2 browsers run at once (BROWSER_SLOTS); further runs queue.
// TLS: Chromium verifies certificates itself inside the CONNECT tunnels, with its own trust store. Tests serve pages
// with a throwaway CA that Chromium does not trust, so they pass `testOnlyIgnoreCertErrorsSpki` (the SPKI hash of the
// test certificate), which launches Chromium with --ignore-certificate-errors-spki-list. The app passes it only from
// PROBE_TEST_CHROMIUM_SPKI in private mode (../test-only-spki.ts).

import 'server-only';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { resolvePolicy, type ProbePolicy } from '@/lib/net/address-policy';
import type { LookupFn } from '@/lib/net/outbound';
import type { BrowserDialogRecord, BrowserPopupRecord, BrowserRequestRecord, BrowserSummary, BrowserVisibleContent, LoginRedirectHop } from '@/lib/probes/login-page/input';
import { PROXY_MAX_BYTES, PROXY_MAX_REQUESTS, startEgressProxy, type EgressProxy, type ProxyEvent } from './egress-proxy';
import { openBrowserBox, type BrowserBox } from './isolation';
import { MB, type MemoryCap } from './memory-cap';
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';
import { processWide } from '@/lib/process-wide';
import { browserMemoryMbFromEnv } from '@/lib/server/limits-config.mjs';
import { Semaphore } from './semaphore';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
/** security.md requirement 6: 20 s per Chromium page. */
export const BROWSER_PAGE_TIMEOUT_MS = 20_000;
/** How long a run may wait for a free browser. */
export const BROWSER_QUEUE_TIMEOUT_MS = 60_000;
export const SCREENSHOT_MAX_BYTES = 200 * 1024;
/** Requests listed in the result (all are counted). */
const MAX_REQUEST_RECORDS = 250;
const MAX_POPUPS = 20;
const MAX_DIALOGS = 20;
/** Characters of rendered HTML handed to the static host extraction. */
const MAX_HTML_CHARS = 2 * 1024 * 1024;

/** At most two headless browsers at once in the whole server; the rest wait (up to 20 in the queue). */
export const BROWSER_SLOTS = processWide('browser-slots', () => new Semaphore(2, 20));

/** The phone the page is shown on: Playwright's Pixel 7 (412×915 CSS px, mobile, touch). */
export const PHONE_DEVICE = 'Pixel 7';
/** Appended to the phone's user agent: Link Doctor says who it is. */
export const UA_SUFFIX = 'LinkDoctor/0.1 (+Alexa account-linking diagnostics)';

const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-pings',
  // Autofill asks Google's servers about every form, through the page's own proxy.
  '--disable-features=AutofillServerCommunication',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
];

export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
}

export interface BrowserLoadOptions {
  policy?: ProbePolicy;
  lookup?: LookupFn;
  /** Default: CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Whole run, launch included. Default 20 s. */
  timeoutMs?: number;
  /** How long to wait for a free browser. Default 60 s. */
  queueTimeoutMs?: number;
  /** Chromium's sandbox. Off by default: it cannot start as root (containers); turn it on where the server runs as a normal user. */
  sandbox?: boolean;
  maxRequests?: number;
  maxBytes?: number;
  /** The browser's memory cap, all its processes together. Default PROBE_BROWSER_MEMORY_MB (1024). */
  memoryLimitMb?: number;
  /** TEST ONLY: cap memory with the watchdog even where a cgroup could be made. */
  testOnlyMemoryWatchdog?: boolean;
  /** TEST ONLY: the unshare program (to see what happens where no network namespace can be made). */
  testOnlyUnshare?: string;
  /**
   * TEST ONLY: SPKI hashes (base64 SHA-256) of certificates whose errors Chromium ignores
   * (--ignore-certificate-errors-spki-list), so that loopback test servers with a throwaway CA can be loaded over https.
   * Never set by the app.
   */
  testOnlyIgnoreCertErrorsSpki?: readonly string[];
}

/** What loading the page found: the summary users see, plus what the probe needs to build it. */
export interface BrowserLoad extends Omit<BrowserSummary, 'otherHosts'> {
  /** The URL the page ended on, or null if nothing loaded. */
  finalUrl: string | null;
  status: number | null;
  contentType: string | null;
  /** Why the navigation failed (Chromium's error text, plain). */
  navigationError: string | null;
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

/** Thrown when Chromium cannot be started at all (missing binary, no resources). */
export class BrowserUnavailable extends Error {
  override readonly name = 'BrowserUnavailable';
  constructor(message: string) {
    super(message);
    markErrorKind(this, 'BrowserUnavailable');
  }
}

export function isBrowserUnavailable(e: unknown): e is BrowserUnavailable {
  return hasErrorKind(e, 'BrowserUnavailable');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Resolve with the promise's value, or `fallback` if it rejects or takes longer than `ms` (it keeps running). */
async function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => fallback), new Promise<F>((r) => (timer = setTimeout(() => r(fallback), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}

/** One line, no control characters, bounded. */
function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Scheme, host, port and path of a URL — query and fragment dropped (they may carry the state or tokens). */
function displayUrl(raw: string): { url: string; host: string } {
  try {
    const u = new URL(raw);
    return { url: oneLine(`${u.protocol}//${u.host}${u.pathname}`, 300), host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase() };
  } catch {
    return { url: oneLine(raw, 300), host: '' };
  }
}

function hostPort(raw: string): string | null {
  try {
    const u = new URL(raw);
    const port = u.port || (u.protocol === 'http:' || u.protocol === 'ws:' ? '80' : '443');
    return `${u.hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${port}`;
  } catch {
    return null;
  }
}

/** Runs in the page before any of its scripts: window.open records the attempt and opens nothing. */
const INIT_SCRIPT = `(() => {
  const record = window.__linkDoctorPopup;
  const blocked = function open(url, target) {
    try { record(String(url === undefined ? '' : url).slice(0, 2000), String(target === undefined ? '' : target).slice(0, 100)); } catch (e) {}
    return null;
  };
  try { Object.defineProperty(window, 'open', { value: blocked, writable: false, configurable: false }); } catch (e) {}
})();`;

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
  try {
    return await loadHoldingSlot(url, options);
  } finally {
    release();
  }
}

async function loadHoldingSlot(url: string, options: BrowserLoadOptions): Promise<BrowserLoad> {
  const start = performance.now();
  const timeoutMs = options.timeoutMs ?? BROWSER_PAGE_TIMEOUT_MS;
  const deadline = start + timeoutMs;
  const left = () => deadline - performance.now();
  const maxRequests = options.maxRequests ?? PROXY_MAX_REQUESTS;
  const policy = resolvePolicy(options.policy);

  // --- state recorded while the page runs (read at the end, whatever happened)
  const records = new Map<Request, BrowserRequestRecord>();
  const recordList: BrowserRequestRecord[] = [];
  let requestCount = 0;
  let routed = 0;
  const popups: BrowserPopupRecord[] = [];
  const dialogs: BrowserDialogRecord[] = [];
  let downloads = 0;
  let crashed = false;
  let timedOut = false;
  let finalUrl: string | null = null;
  let status: number | null = null;
  let contentType: string | null = null;
  let navigationError: string | null = null;
  let lastNavigationUrl = url;
  // The main frame's last request and its answer: known even when the page crashes or is stopped before it loads.
  let lastNavigation: Request | undefined;
  let lastNavigationStatus: number | null = null;
  const redirects: LoginRedirectHop[] = [];
  let visible: BrowserVisibleContent | null = null;
  let html: string | null = null;
  let screenshot: string | null = null;

  const addRecord = (r: BrowserRequestRecord): BrowserRequestRecord => {
    requestCount++;
    if (recordList.length < MAX_REQUEST_RECORDS) recordList.push(r);
    return r;
  };

  const memoryLimitBytes = (options.memoryLimitMb ?? browserMemoryMbFromEnv()) * MB;
  let memoryExceeded = false;
  let memoryPeakBytes: number | null = null;
  let proxy: EgressProxy | undefined;
  let box: BrowserBox | undefined;
  let browser: Browser | undefined;
  try {
    const executable = chromiumPath(options.chromiumPath);
    try {
      await access(executable, constants.X_OK);
    } catch {
      throw new BrowserUnavailable(`there is no Chromium at ${executable}; install Debian's chromium package or set CHROMIUM_PATH`);
    }
    try {
      box = await openBrowserBox({
        chromiumPath: executable,
        memoryLimitBytes,
        ...(options.testOnlyMemoryWatchdog ? { memoryWatchdogOnly: true } : {}),
        ...(options.testOnlyUnshare ? { unshare: options.testOnlyUnshare } : {}),
      });
    } catch (e) {
      throw new BrowserUnavailable(e instanceof Error ? e.message : String(e));
    }
    proxy = await startEgressProxy({
      policy,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      maxRequests,
      maxBytes: options.maxBytes ?? PROXY_MAX_BYTES,
      unixSocketPath: box.proxySocketPath,
    });
    const { chromium, devices } = await import('playwright-core');
    const args = [...CHROMIUM_ARGS, `--proxy-server=${box.launchProxy}`, '--proxy-bypass-list=<-loopback>', '--js-flags=--max-old-space-size=512'];
    if (options.testOnlyIgnoreCertErrorsSpki?.length) args.push(`--ignore-certificate-errors-spki-list=${options.testOnlyIgnoreCertErrorsSpki.join(',')}`);
    try {
      browser = await chromium.launch({
        executablePath: box.executablePath,
        env: box.env,
        headless: true,
        chromiumSandbox: options.sandbox ?? false,
        args,
        timeout: Math.max(1_000, Math.min(10_000, left())),
        // Never install signal handlers in the server (Playwright's SIGINT handler exits the process); Playwright still
        // kills its browsers when the process exits.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (e) {
      throw new BrowserUnavailable(e instanceof Error ? oneLine(e.message.split('\n')[0] ?? '', 300) : 'Chromium did not start.');
    }

    const device = devices[PHONE_DEVICE];
    if (!device) throw new BrowserUnavailable(`Playwright does not know the ${PHONE_DEVICE} device.`);
    const context: BrowserContext = await browser.newContext({
      viewport: device.viewport,
      deviceScaleFactor: device.deviceScaleFactor,
      isMobile: device.isMobile,
      hasTouch: device.hasTouch,
      userAgent: `${device.userAgent} ${UA_SUFFIX}`,
      locale: 'en-US',
      serviceWorkers: 'block',
      acceptDownloads: false,
      proxy: { server: box.contextProxy, bypass: '<-loopback>' },
    });

    // Pop-ups: window.open is replaced before any page script runs; other new windows are closed on sight.
    await context.exposeBinding('__linkDoctorPopup', (source, target: unknown) => {
      if (popups.length >= MAX_POPUPS) return;
      const raw = String(target ?? '');
      let absolute = raw;
      try {
        if (raw !== '') absolute = new URL(raw, source.frame.url()).href;
      } catch {
        // not a URL: shown as given
      }
      popups.push({ url: absolute === '' ? '' : displayUrl(absolute).url, via: 'window.open' });
    });
    await context.addInitScript({ content: INIT_SCRIPT });
    let mainPage: Page | undefined;
    context.on('page', (p) => {
      if (p === mainPage || mainPage === undefined) return;
      const opened = p.url();
      if (popups.length < MAX_POPUPS) popups.push({ url: opened === 'about:blank' ? '' : displayUrl(opened).url, via: 'new window' });
      p.close({ runBeforeUnload: false }).catch(() => {});
    });
    context.on('dialog', (d) => {
      if (dialogs.length < MAX_DIALOGS) dialogs.push({ type: d.type(), message: oneLine(d.message()) });
      d.dismiss().catch(() => {});
    });

    // Requests: count them all; beyond the cap, abort in the browser (the proxy refuses beyond it as well).
    await context.route('**/*', (route) => {
      routed++;
      if (routed > maxRequests) return route.abort('blockedbyclient');
      return route.continue();
    });
    context.on('request', (req) => {
      const shown = displayUrl(req.url());
      if (!/^https?:/.test(shown.url)) return; // data:, blob:, about: — nothing on the network
      records.set(req, addRecord({ url: shown.url, host: shown.host, type: req.resourceType(), method: req.method() }));
      // The main frame's redirect chain, hop by hop (also when the last hop then fails).
      let mainFrameNavigation = false;
      try {
        mainFrameNavigation = req.isNavigationRequest() && mainPage !== undefined && req.frame() === mainPage.mainFrame();
      } catch {
        mainFrameNavigation = false;
      }
      if (mainFrameNavigation) {
        lastNavigation = req;
        lastNavigationStatus = null;
        lastNavigationUrl = req.url();
        const from = req.redirectedFrom();
        if (from && redirects.length < 20) redirects.push({ url: displayUrl(from.url()).url, status: records.get(from)?.status ?? 0, location: shown.url });
      }
    });
    context.on('response', (res) => {
      const r = records.get(res.request());
      if (r) r.status = res.status();
      if (res.request() === lastNavigation) lastNavigationStatus = res.status();
    });
    context.on('requestfailed', (req) => {
      const r = records.get(req);
      if (r) r.failure = oneLine(req.failure()?.errorText ?? 'failed', 120);
    });

    const page = await context.newPage();
    mainPage = page;
    page.on('crash', () => {
      crashed = true;
    });
    page.on('download', (d) => {
      downloads++;
      d.cancel().catch(() => {});
    });
    page.on('websocket', (ws) => {
      const shown = displayUrl(ws.url());
      const r = addRecord({ url: shown.url, host: shown.host, type: 'websocket', method: 'GET' });
      ws.on('socketerror', (err) => {
        r.failure = oneLine(String(err), 120);
      });
    });

    // --- navigate; leave time at the end to look at the page and take the screenshot
    const reserve = Math.min(4_500, timeoutMs * 0.25);
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: Math.max(500, left() - reserve) });
      if (response) {
        status = response.status();
        contentType = (await within(response.headerValue('content-type'), 500, null)) ?? null;
      }
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e);
      if (/Timeout/i.test(message)) timedOut = true;
      else navigationError = oneLine(message.replace(/^page\.goto:\s*/, ''), 200);
    }
    status ??= lastNavigationStatus;
    finalUrl = page.url() === 'about:blank' ? null : page.url();

    if (!crashed && left() > reserve) {
      // Short network idle (Playwright: no request for 500 ms), then a moment for timers (alerts on load).
      await page.waitForLoadState('networkidle', { timeout: Math.max(1, Math.min(4_000, left() - reserve)) }).catch(() => {});
      await sleep(Math.min(400, left() - reserve));
    }
    if (!crashed && left() > 500) {
      visible = await within(page.evaluate(VISIBLE_SCRIPT) as Promise<BrowserVisibleContent>, Math.min(1_500, left() - 300), null);
      // No answer: the page's scripts never let go of the main thread (or the tab just crashed).
      if (visible === null && !crashed) timedOut = true;
    }
    if (!crashed && visible !== null && left() > 500) {
      const content = await within(page.content(), Math.min(1_500, left() - 300), null);
      html = content === null ? null : content.slice(0, MAX_HTML_CHARS);
    }
    if (!crashed && visible !== null && left() > 800) {
      screenshot = await takeScreenshot(page, Math.min(3_000, left() - 200));
    }
    if (left() <= 0) timedOut = true;
  } finally {
    // Always: close the browser (forcefully on the second call, which Playwright turns into SIGKILL), the proxy, and
    // the box, after reading what the memory cap saw.
    if (browser) {
      const b = browser;
      const closed = await within(b.close().then(() => true), 5_000, false);
      if (!closed) await within(b.close(), 2_000, null);
    }
    await proxy?.close();
    if (box) {
      memoryExceeded = await box.memory.exceeded();
      memoryPeakBytes = await box.memory.peakBytes();
      await box.close();
    }
  }

  // Mark requests whose host:port the proxy refused, and collect hosts only the proxy saw.
  const refusals = new Map<string, string>();
  const seenByProxy = new Map<string, ProxyEvent>();
  for (const e of proxy.events) {
    if (!e.host) continue;
    const key = `${e.host}:${e.port}`;
    if (e.outcome === 'refused' || e.outcome === 'cap') refusals.set(key, e.reason ?? 'refused');
    if (!seenByProxy.has(key) || e.outcome !== 'allowed') seenByProxy.set(key, e);
  }
  const explained = new Set<string>();
  for (const r of recordList) {
    const key = hostPort(r.url);
    if (!key) continue;
    explained.add(key);
    const why = refusals.get(key);
    if (why && (r.failure !== undefined || r.status === undefined || r.type === 'websocket')) r.refused = oneLine(why);
  }
  let navigationRefused: string | null = null;
  if (navigationError) {
    const key = hostPort(lastNavigationUrl);
    const why = key ? refusals.get(key) : undefined;
    if (why) navigationRefused = oneLine(why);
  }
  const proxyOnly: BrowserLoad['proxyOnly'] = [];
  for (const [key, e] of seenByProxy) {
    if (explained.has(key) || proxyOnly.length >= 50) continue;
    proxyOnly.push({ host: e.host, ...(e.outcome === 'refused' || e.outcome === 'cap' ? { refused: oneLine(e.reason ?? 'refused') } : {}) });
  }
  const stats = proxy.stats();
  const capped = routed > maxRequests ? 'requests' : stats.capped;
  if (status !== null && finalUrl === null) finalUrl = url;

  return {
    finalUrl,
    status,
    contentType,
    navigationError,
    navigationRefused,
    redirects,
    requests: recordList,
    requestCount,
    popups,
    dialogs,
    downloads,
    visible,
    html,
    screenshot,
    bytes: stats.bytes,
    // A page stopped for its memory was not slow.
    timedOut: timedOut && !memoryExceeded,
    capped,
    crashed,
    memoryExceeded,
    memoryLimitBytes,
    memoryCap: box?.memory.kind ?? null,
    memoryPeakBytes,
    proxyOnly,
    elapsedMs: Math.round(performance.now() - start),
  };
}

/** A JPEG of the phone screen (CSS pixels), at most SCREENSHOT_MAX_BYTES, as a data: URL; null if none fits. */
async function takeScreenshot(page: Page, timeoutMs: number): Promise<string | null> {
  const end = performance.now() + timeoutMs;
  for (const quality of [60, 35]) {
    const remaining = end - performance.now();
    if (remaining < 200) return null;
    const shot = await page
      .screenshot({ type: 'jpeg', quality, scale: 'css', timeout: remaining, animations: 'disabled', caret: 'hide' })
      .catch(() => null);
    if (!shot) return null;
    if (shot.length <= SCREENSHOT_MAX_BYTES) return `data:image/jpeg;base64,${shot.toString('base64')}`;
  }
  return null;
}
