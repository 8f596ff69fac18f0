// A session in the boxed Chromium for a flow that drives a page — types, clicks, follows it from page to page — rather
// than loading one page and looking at it (./load-page.ts). Same box, same egress proxy, same recorder and caps; the
// caller gets the page and works with it, and everything is closed when its function returns, throws or runs out of
// time. The Link as Alexa rehearsal signs in with a test account this way.

import 'server-only';
import type { Locator, Page } from 'playwright-core';
import { browserMemoryMbFromEnv } from '@/lib/server/limits-config.mjs';
import { resolvePolicy } from '../address-policy';
import { PROXY_MAX_REQUESTS } from './egress-proxy';
import { launch, shutDown, type BrowserParts, type LaunchOptions } from './launch';
import { BROWSER_QUEUE_TIMEOUT_MS, BROWSER_SLOTS, takeScreenshot } from './load-page';
import { MB } from './memory-cap';
import { PageRecorder } from './page-recorder';
import type { ProxyEvent } from './proxy-gate';

/** A session may last two minutes, launch included, unless the caller asks for more (a person finishing by hand). */
export const BROWSER_SESSION_TIMEOUT_MS = 120_000;
/** The longest session anyone may ask for. */
export const BROWSER_SESSION_MAX_MS = 10 * 60_000;

export interface BrowserSessionOptions extends LaunchOptions {
  /** The whole session, launch included; the browser is closed at the end whatever the caller is doing. Default 2 min. */
  timeoutMs?: number;
  /** How long to wait for a free browser. Default 60 s. */
  queueTimeoutMs?: number;
}

export interface BrowserSession {
  page: Page;
  /**
   * Every request the page made (query and fragment dropped), its redirects, pop-ups and dialogs, and the main frame's
   * last navigation (its status null while no answer has come).
   */
  recorder: Pick<PageRecorder, 'requests' | 'requestCount' | 'redirects' | 'popups' | 'dialogs' | 'crashed' | 'lastNavigationUrl' | 'lastNavigationStatus'>;
  /** What the egress proxy decided, connection by connection. */
  proxyEvents(): readonly ProxyEvent[];
  /** Milliseconds left before the session is closed. */
  timeLeft(): number;
  /** A JPEG of the phone screen (≤ 200 KB) as a data: URL, with `mask` painted over; null if none could be taken. */
  screenshot(mask?: readonly Locator[]): Promise<string | null>;
}

/** The session ran out of time: the browser was closed under the caller's feet. */
export class BrowserSessionTimedOut extends Error {
  override readonly name = 'BrowserSessionTimedOut';
}

/**
 * Runs `use` with a page in a fresh boxed Chromium (holding one of the BROWSER_SLOTS), then closes everything. When the
 * time is up the browser is closed and `use`'s pending page calls fail; its own result is then awaited no longer and
 * BrowserSessionTimedOut is thrown. Throws BrowserUnavailable or SlotUnavailable as loadPageInBrowser does.
 */
export async function withBrowserSession<T>(options: BrowserSessionOptions, use: (session: BrowserSession) => Promise<T>): Promise<T> {
  const release = await BROWSER_SLOTS.acquire(options.queueTimeoutMs ?? BROWSER_QUEUE_TIMEOUT_MS);
  const timeoutMs = Math.min(options.timeoutMs ?? BROWSER_SESSION_TIMEOUT_MS, BROWSER_SESSION_MAX_MS);
  const deadline = performance.now() + timeoutMs;
  const timeLeft = () => Math.max(0, deadline - performance.now());
  const maxRequests = options.maxRequests ?? PROXY_MAX_REQUESTS;
  const parts: BrowserParts = {};
  let timer: NodeJS.Timeout | undefined;
  try {
    const session = (async () => {
      const launched = await launch(parts, options, {
        policy: resolvePolicy(options.policy),
        maxRequests,
        memoryLimitBytes: (options.memoryLimitMb ?? browserMemoryMbFromEnv()) * MB,
        timeLeft,
      });
      const recorder = new PageRecorder('about:blank', maxRequests);
      await recorder.watchContext(launched.context);
      const page = await launched.context.newPage();
      recorder.watchPage(page);
      const proxy = launched.proxy;
      return use({
        page,
        recorder,
        proxyEvents: () => proxy.events,
        timeLeft,
        screenshot: (mask = []) => (timeLeft() > 1_000 && !recorder.crashed ? takeScreenshot(page, Math.min(3_000, timeLeft() - 500), mask) : Promise.resolve(null)),
      });
    })();
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BrowserSessionTimedOut(`The browser session ran out of its ${Math.round(timeoutMs / 1000)} s.`)), timeoutMs);
    });
    // The session's own rejection after a timeout is expected (its page was closed): do not let it go unhandled.
    session.catch(() => {});
    return await Promise.race([session, timedOut]);
  } finally {
    clearTimeout(timer);
    await shutDown(parts);
    release();
  }
}
