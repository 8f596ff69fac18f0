// What the page does while it loads, recorded from the browser's side: every request (scripts' fetch/XHR and
// WebSockets included) and its answer or failure, the main frame's redirects, pop-up attempts, dialogs and downloads.
// Pop-ups are blocked (window.open is replaced by a recorder that returns null; any other new window is closed at
// once), dialogs dismissed, downloads cancelled, and requests beyond the cap aborted in the browser (the proxy refuses
// them as well). Afterwards the proxy's events say which of these requests it refused, and why.

import 'server-only';
import type { BrowserContext, Page, Request } from 'playwright-core';
import type { BrowserDialogRecord, BrowserPopupRecord, BrowserRequestRecord, LoginRedirectHop } from '@/lib/probes/login-page/input';
import { oneLine } from './one-line';
import type { ProxyEvent } from './proxy-gate';

/** Requests listed in the result (all are counted). */
const MAX_REQUEST_RECORDS = 250;
const MAX_POPUPS = 20;
const MAX_DIALOGS = 20;

/** Runs in the page before any of its scripts: window.open records the attempt and opens nothing. */
const INIT_SCRIPT = `(() => {
  const record = window.__linkDoctorPopup;
  const blocked = function open(url, target) {
    try { record(String(url === undefined ? '' : url).slice(0, 2000), String(target === undefined ? '' : target).slice(0, 100)); } catch (e) {}
    return null;
  };
  try { Object.defineProperty(window, 'open', { value: blocked, writable: false, configurable: false }); } catch (e) {}
})();`;

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

export class PageRecorder {
  /** The requests listed (at most MAX_REQUEST_RECORDS). */
  readonly requests: BrowserRequestRecord[] = [];
  /** All requests, listed or not. */
  requestCount = 0;
  /** Requests the browser routed (beyond the cap, aborted). */
  routed = 0;
  readonly popups: BrowserPopupRecord[] = [];
  readonly dialogs: BrowserDialogRecord[] = [];
  downloads = 0;
  crashed = false;
  /** The main frame's redirect chain, hop by hop (also when the last hop then fails). */
  readonly redirects: LoginRedirectHop[] = [];
  /** The main frame's last request and its answer: known even when the page crashes or is stopped before it loads. */
  lastNavigationUrl: string;
  lastNavigationStatus: number | null = null;
  /** Chromium's error text when the main frame's last request failed (net::ERR_CERT_AUTHORITY_INVALID …). */
  lastNavigationFailure: string | null = null;
  private lastNavigation: Request | undefined;
  private readonly records = new Map<Request, BrowserRequestRecord>();
  private mainPage: Page | undefined;

  constructor(
    url: string,
    private readonly maxRequests: number,
  ) {
    this.lastNavigationUrl = url;
  }

  /** The page went over the request cap in the browser (the proxy's own caps are in its stats). */
  get cappedRequests(): boolean {
    return this.routed > this.maxRequests;
  }

  /** Watch the context before any page opens: pop-ups, dialogs, the request cap, every request and its answer. */
  async watchContext(context: BrowserContext): Promise<void> {
    // Pop-ups: window.open is replaced before any page script runs; other new windows are closed on sight.
    await context.exposeBinding('__linkDoctorPopup', (source, target: unknown) => {
      if (this.popups.length >= MAX_POPUPS) return;
      const raw = String(target ?? '');
      let absolute = raw;
      try {
        if (raw !== '') absolute = new URL(raw, source.frame.url()).href;
      } catch {
        // not a URL: shown as given
      }
      this.popups.push({ url: absolute === '' ? '' : displayUrl(absolute).url, via: 'window.open' });
    });
    await context.addInitScript({ content: INIT_SCRIPT });
    context.on('page', (p) => {
      if (p === this.mainPage || this.mainPage === undefined) return;
      const opened = p.url();
      if (this.popups.length < MAX_POPUPS) this.popups.push({ url: opened === 'about:blank' ? '' : displayUrl(opened).url, via: 'new window' });
      p.close({ runBeforeUnload: false }).catch(() => {});
    });
    context.on('dialog', (d) => {
      if (this.dialogs.length < MAX_DIALOGS) this.dialogs.push({ type: d.type(), message: oneLine(d.message()) });
      d.dismiss().catch(() => {});
    });

    // Requests: count them all; beyond the cap, abort in the browser (the proxy refuses beyond it as well).
    await context.route('**/*', (route) => {
      this.routed++;
      if (this.routed > this.maxRequests) return route.abort('blockedbyclient');
      return route.continue();
    });
    context.on('request', (req) => this.onRequest(req));
    context.on('response', (res) => {
      const r = this.records.get(res.request());
      if (r) r.status = res.status();
      if (res.request() === this.lastNavigation) this.lastNavigationStatus = res.status();
    });
    context.on('requestfailed', (req) => {
      const r = this.records.get(req);
      if (r) r.failure = oneLine(req.failure()?.errorText ?? 'failed', 120);
      if (req === this.lastNavigation) this.lastNavigationFailure = oneLine(req.failure()?.errorText ?? 'failed', 120);
    });
  }

  /** The main frame's last request's URL as results show it (no query: it may carry the state or a code). */
  lastNavigationShown(): string {
    return displayUrl(this.lastNavigationUrl).url;
  }

  /** Watch the page itself: crashes, downloads, WebSockets. */
  watchPage(page: Page): void {
    this.mainPage = page;
    page.on('crash', () => {
      this.crashed = true;
    });
    page.on('download', (d) => {
      this.downloads++;
      d.cancel().catch(() => {});
    });
    page.on('websocket', (ws) => {
      const shown = displayUrl(ws.url());
      const r = this.add({ url: shown.url, host: shown.host, type: 'websocket', method: 'GET' });
      ws.on('socketerror', (err) => {
        r.failure = oneLine(String(err), 120);
      });
    });
  }

  /**
   * Mark the requests whose host:port the proxy refused with its reason (and the navigation, if that failed), and
   * list the hosts only the proxy saw (at most 50).
   */
  proxyView(events: readonly ProxyEvent[], navigationError: string | null): { navigationRefused: string | null; proxyOnly: Array<{ host: string; refused?: string }> } {
    const refusals = new Map<string, string>();
    const seenByProxy = new Map<string, ProxyEvent>();
    for (const e of events) {
      if (!e.host) continue;
      const key = `${e.host}:${e.port}`;
      if (e.outcome === 'refused' || e.outcome === 'cap') refusals.set(key, e.reason ?? 'refused');
      if (!seenByProxy.has(key) || e.outcome !== 'allowed') seenByProxy.set(key, e);
    }
    const explained = new Set<string>();
    for (const r of this.requests) {
      const key = hostPort(r.url);
      if (!key) continue;
      explained.add(key);
      const why = refusals.get(key);
      if (why && (r.failure !== undefined || r.status === undefined || r.type === 'websocket')) r.refused = oneLine(why);
    }
    let navigationRefused: string | null = null;
    if (navigationError) {
      const key = hostPort(this.lastNavigationUrl);
      const why = key ? refusals.get(key) : undefined;
      if (why) navigationRefused = oneLine(why);
    }
    const proxyOnly: Array<{ host: string; refused?: string }> = [];
    for (const [key, e] of seenByProxy) {
      if (explained.has(key) || proxyOnly.length >= 50) continue;
      proxyOnly.push({ host: e.host, ...(e.outcome === 'refused' || e.outcome === 'cap' ? { refused: oneLine(e.reason ?? 'refused') } : {}) });
    }
    return { navigationRefused, proxyOnly };
  }

  private onRequest(req: Request): void {
    const shown = displayUrl(req.url());
    if (!/^https?:/.test(shown.url)) return; // data:, blob:, about: — nothing on the network
    this.records.set(req, this.add({ url: shown.url, host: shown.host, type: req.resourceType(), method: req.method() }));
    let mainFrameNavigation = false;
    try {
      mainFrameNavigation = req.isNavigationRequest() && this.mainPage !== undefined && req.frame() === this.mainPage.mainFrame();
    } catch {
      mainFrameNavigation = false;
    }
    if (mainFrameNavigation) {
      this.lastNavigation = req;
      this.lastNavigationStatus = null;
      this.lastNavigationFailure = null;
      this.lastNavigationUrl = req.url();
      const from = req.redirectedFrom();
      if (from && this.redirects.length < 20) this.redirects.push({ url: displayUrl(from.url()).url, status: this.records.get(from)?.status ?? 0, location: shown.url });
    }
  }

  private add(r: BrowserRequestRecord): BrowserRequestRecord {
    this.requestCount++;
    if (this.requests.length < MAX_REQUEST_RECORDS) this.requests.push(r);
    return r;
  }
}
