// Starting and stopping the boxed Chromium for one page: the box (a network namespace of its own and a memory cap,
// ./isolation.ts), the page's egress proxy (./egress-proxy.ts), the browser, and a phone-shaped browser context whose
// every request goes through that proxy. Whatever was started is stopped again by shutDown, however far launch got.
//
// Why these settings:
// - The browser context gets `proxy: { server: <the proxy's forwarder in the namespace>, bypass: '<-loopback>' }`, so
//   loopback goes through the proxy too. The browser itself is launched with `--proxy-server=<a port where nothing
//   listens>`: Chromium's own background traffic reaches nothing.
// - The services that would use the page's proxy (autofill) are switched off, and WebRTC may use no UDP that does not
//   go through the proxy (there is none): a second wall behind the namespace.
// - Service workers are blocked and downloads refused in the context.
// - TLS: Chromium verifies certificates itself inside the CONNECT tunnels, with its own trust store. Tests serve pages
//   with a throwaway CA that Chromium does not trust, so they pass `testOnlyIgnoreCertErrorsSpki` (the SPKI hash of the
//   test certificate), which adds --ignore-certificate-errors-spki-list. The app passes it only from
//   PROBE_TEST_CHROMIUM_SPKI in private mode (./test-only-spki.ts).

import 'server-only';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';
import type { ProbePolicy } from '../address-policy';
import type { LookupFn } from '../resolve';
import { PROXY_MAX_BYTES, startEgressProxy, type EgressProxy } from './egress-proxy';
import { openBrowserBox, type BrowserBox } from './isolation';
import type { MemoryCap } from './memory-cap';
import { oneLine } from './one-line';
import { prepareSpare, takeSpare, type SpareParts } from './warm-spare';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

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

export interface LaunchOptions {
  policy?: ProbePolicy;
  lookup?: LookupFn;
  /** Default: CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
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
  /** The page's user agent. Default: the phone's, with Link Doctor's name appended. */
  userAgent?: string;
  /** Hosts the egress proxy refuses without resolving them, with the reason (see EgressProxyOptions). */
  refuseHosts?: ReadonlyMap<string, string>;
}

/** What launch has started so far: shutDown stops all of it. */
export interface BrowserParts {
  box?: BrowserBox;
  proxy?: EgressProxy;
  browser?: Browser;
  /** Starts the next warm spare once this browser is shut down (./warm-spare.ts). */
  nextSpare?: () => void;
}

/** Opens the box and starts Chromium in it, filling in `parts` as it goes: what a warm spare holds ready. */
async function openBoxedChromium(parts: SpareParts, executable: string, options: LaunchOptions, memoryLimitBytes: number, timeoutMs: number): Promise<void> {
  let box: BrowserBox;
  try {
    box = parts.box = await openBrowserBox({
      chromiumPath: executable,
      memoryLimitBytes,
      ...(options.testOnlyMemoryWatchdog ? { memoryWatchdogOnly: true } : {}),
      ...(options.testOnlyUnshare ? { unshare: options.testOnlyUnshare } : {}),
    });
  } catch (e) {
    throw new BrowserUnavailable(e instanceof Error ? e.message : String(e));
  }
  const { chromium } = await import('playwright-core');
  const args = [...CHROMIUM_ARGS, `--proxy-server=${box.launchProxy}`, '--proxy-bypass-list=<-loopback>', '--js-flags=--max-old-space-size=512'];
  if (options.testOnlyIgnoreCertErrorsSpki?.length) args.push(`--ignore-certificate-errors-spki-list=${options.testOnlyIgnoreCertErrorsSpki.join(',')}`);
  try {
    parts.browser = await chromium.launch({
      executablePath: box.executablePath,
      env: box.env,
      headless: true,
      chromiumSandbox: options.sandbox ?? false,
      args,
      timeout: timeoutMs,
      // Never install signal handlers in the server (Playwright's SIGINT handler exits the process); Playwright still
      // kills its browsers when the process exits.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    throw new BrowserUnavailable(e instanceof Error ? oneLine(e.message.split('\n')[0] ?? '', 300) : 'Chromium did not start.');
  }
}

/** What a warm spare must have been launched with to serve this launch; null where the options are tests' own. */
function spareKey(executable: string, options: LaunchOptions, memoryLimitBytes: number): string | null {
  if (options.testOnlyMemoryWatchdog || options.testOnlyUnshare) return null;
  return JSON.stringify([executable, memoryLimitBytes, options.sandbox ?? false, options.testOnlyIgnoreCertErrorsSpki ?? []]);
}

/**
 * Open the box and start the browser (or take the warm spare started just so), start the page's proxy on the box's
 * socket, and make the phone's browser context.
 * @throws BrowserUnavailable when Chromium cannot start here.
 */
export async function launch(
  parts: BrowserParts,
  options: LaunchOptions,
  settings: { policy: ProbePolicy; maxRequests: number; memoryLimitBytes: number; timeLeft: () => number },
): Promise<{ context: BrowserContext; proxy: EgressProxy }> {
  const executable = chromiumPath(options.chromiumPath);
  try {
    await access(executable, constants.X_OK);
  } catch {
    throw new BrowserUnavailable(`there is no Chromium at ${executable}; install Debian's chromium package or set CHROMIUM_PATH`);
  }
  const key = spareKey(executable, options, settings.memoryLimitBytes);
  const spare = key ? await takeSpare(key) : null;
  if (spare) Object.assign(parts, spare);
  else await openBoxedChromium(parts, executable, options, settings.memoryLimitBytes, Math.max(1_000, Math.min(10_000, settings.timeLeft())));
  if (key) {
    parts.nextSpare = () =>
      prepareSpare(key, (next) => openBoxedChromium(next, executable, options, settings.memoryLimitBytes, 10_000), (next) => shutDown(next));
  }
  const box = parts.box!;
  // The browser reaches the proxy only through the box's socket, and only once a context uses it: starting the
  // proxy after Chromium (as a warm spare must) lets nothing through that starting it first would not.
  const proxy = (parts.proxy = await startEgressProxy({
    policy: settings.policy,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    maxRequests: settings.maxRequests,
    maxBytes: options.maxBytes ?? PROXY_MAX_BYTES,
    unixSocketPath: box.proxySocketPath,
    ...(options.refuseHosts ? { refuseHosts: options.refuseHosts } : {}),
  }));
  const { devices } = await import('playwright-core');
  const device = devices[PHONE_DEVICE];
  if (!device) throw new BrowserUnavailable(`Playwright does not know the ${PHONE_DEVICE} device.`);
  const context = await parts.browser!.newContext({
    viewport: device.viewport,
    deviceScaleFactor: device.deviceScaleFactor,
    isMobile: device.isMobile,
    hasTouch: device.hasTouch,
    userAgent: options.userAgent ?? `${device.userAgent} ${UA_SUFFIX}`,
    locale: 'en-US',
    serviceWorkers: 'block',
    acceptDownloads: false,
    proxy: { server: box.contextProxy, bypass: '<-loopback>' },
  });
  return { context, proxy };
}

/**
 * Stop whatever launch started: the browser (forcefully on the second call, which Playwright turns into SIGKILL), the
 * proxy, and the box, after reading what the memory cap saw.
 */
export async function shutDown(parts: BrowserParts): Promise<MemoryFigures> {
  try {
    return await stopParts(parts);
  } finally {
    parts.nextSpare?.();
  }
}

export interface MemoryFigures {
  memoryExceeded: boolean;
  memoryPeakBytes: number | null;
  memoryCap: MemoryCap['kind'] | null;
}

/** What the memory cap has seen so far (nothing, when the box never opened). */
export async function memoryFigures(parts: BrowserParts): Promise<MemoryFigures> {
  if (!parts.box) return { memoryExceeded: false, memoryPeakBytes: null, memoryCap: null };
  return { memoryExceeded: await parts.box.memory.exceeded(), memoryPeakBytes: await parts.box.memory.peakBytes(), memoryCap: parts.box.memory.kind };
}

async function stopParts(parts: BrowserParts): Promise<MemoryFigures> {
  if (parts.browser) {
    const b = parts.browser;
    const closed = await within(b.close().then(() => true), 5_000, false);
    if (!closed) await within(b.close(), 2_000, null);
  }
  await parts.proxy?.close();
  const memory = await memoryFigures(parts);
  await parts.box?.close();
  return memory;
}

/** Resolve with the promise's value, or `fallback` if it rejects or takes longer than `ms` (it keeps running). */
export async function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.catch(() => fallback), new Promise<F>((r) => (timer = setTimeout(() => r(fallback), Math.max(0, ms))))]);
  } finally {
    clearTimeout(timer);
  }
}
