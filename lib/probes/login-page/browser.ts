// Browser mode: headless Chromium, phone-sized, behind the validating egress proxy, loads the request Alexa would open.
// Every request the page makes counts as a host of the login page, and what it does while loading (pop-ups, dialogs,
// a blank screen, running out of Link Doctor's limits) is seen, not guessed from the source.

import 'server-only';
import { checkedAddresses, defaultLookup, lookupWithin, type LookupFn, type ProbePolicy, type Target } from '@/lib/net';
import { isBrowserUnavailable, isSlotUnavailable, loadPageInBrowser, MB, PROXY_MAX_CONNECTIONS_PER_ADDRESS, type BrowserLoad, type BrowserLoadOptions } from '@/lib/net/browser';
import { shortenRandomRuns } from '@/lib/probes/redact';
import { hostOf } from '@/lib/probes/urls';
import { plural } from '@/lib/probes/wording';
import {
  FIXES,
  LOGIN_MAX_REDIRECTS,
  NO_REDIRECTS,
  NOT_LOADED,
  redirectChainText,
  setDomains,
  shortUrl,
  sourceHintFindings,
  statusFinding,
  type LoginFindings,
  type LoginRun,
} from './findings';
import { mergeHosts, type HostSource } from './hosts';
import { extractHosts, type ExtractedHosts } from './html';

export interface BrowserModeOptions {
  /** Defaults to PROBE_ALLOW_PRIVATE from the environment; tests inject the harness policy. */
  policy?: ProbePolicy;
  /** TEST ONLY: DNS lookup (used by safeFetch and by the browser's egress proxy). */
  lookup?: LookupFn;
  /** Browser mode: the Chromium binary. Default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Browser mode: further settings (timeoutMs, sandbox, caps; tests: testOnlyIgnoreCertErrorsSpki). */
  browser?: Omit<BrowserLoadOptions, 'policy' | 'lookup' | 'chromiumPath'>;
}

const CERT_ERROR = /ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/;

export async function runBrowser(run: LoginRun, target: Target, options: BrowserModeOptions, policy: ProbePolicy & { allowPrivate: boolean }): Promise<void> {
  const { findings, result } = run;
  // A refused login page is refused (API 422) before Chromium starts; a name that does not resolve is a finding.
  const dnsProblem = target.ipLiteral ? null : await precheckDns(target.hostname, options.lookup ?? defaultLookup, policy);
  if (dnsProblem) {
    findings.set('login.reachable', 'fail', dnsProblem, FIXES.publicDns, { title: dnsProblem.replace(/\.$/, '') });
    findings.skipRest(NOT_LOADED);
    return;
  }
  let load: BrowserLoad;
  try {
    load = await loadPageInBrowser(run.requestUrl, {
      ...options.browser,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
    });
  } catch (e) {
    if (isSlotUnavailable(e)) {
      findings.skipRest("Not checked: Link Doctor's browsers are all busy. Try again in a minute, or use static mode.");
      return;
    }
    if (isBrowserUnavailable(e)) {
      findings.skipRest(`Not checked: the headless browser could not start (${e.message}). Use static mode.`);
      return;
    }
    throw e;
  }

  result.browser = {
    requests: load.requests,
    requestCount: load.requestCount,
    popups: load.popups,
    dialogs: load.dialogs,
    downloads: load.downloads,
    visible: load.visible,
    bytes: load.bytes,
    timedOut: load.timedOut,
    capped: load.capped,
    crashed: load.crashed,
    memoryExceeded: load.memoryExceeded,
    otherHosts: load.proxyOnly,
  };
  if (load.screenshot) result.screenshot = load.screenshot;
  result.redirects = load.redirects;
  if (load.finalUrl) result.page = { url: load.finalUrl, status: load.status, contentType: load.contentType, bytes: load.bytes };

  const dom = load.html && load.finalUrl ? extractHosts(load.html, load.finalUrl) : null;
  if (load.html) run.pageHtml = load.html;
  reachableAndRedirects(findings, load);
  if (load.status !== null) statusFinding(run, load.status, load.html?.slice(0, 8192) ?? '');
  // Nothing loaded: nothing to compare (skipped below).
  if (findings.get('login.reachable')?.status !== 'fail') {
    const { required, refused } = pageHosts(load, dom);
    setDomains(run, required, refused);
  }
  popupsAndDialogs(findings, load, dom);
  blankVerdict(findings, load);
  limitsVerdict(findings, load, options.browser?.timeoutMs ?? 20_000);
  findings.skipRest(NOT_LOADED);
}

/** Resolve a host once to learn whether it is refused (so a refused login page gives 422 before Chromium starts). */
async function precheckDns(hostname: string, lookup: LookupFn, policy: ProbePolicy & { allowPrivate: boolean }): Promise<string | null> {
  const found = await lookupWithin(lookup, hostname, 5_000);
  if (!found.ok) {
    if (found.failure === 'no-answer' || found.code === 'ENOTFOUND' || found.code === 'ENODATA') return `${hostname} does not exist in DNS (no address found).`;
    const code = found.failure === 'timeout' ? 'ETIMEOUT' : found.code;
    return `Looking up ${hostname} in DNS failed${code ? ` (${code})` : ''}.`;
  }
  checkedAddresses(hostname, found.answers, policy);
  return null;
}

/**
 * The hosts the page needs: every request the browser made (refused ones too, with why), the redirect chain, blocked
 * pop-ups and the rendered DOM. Hosts only the proxy saw (the browser's own services, such as autofill) are not the
 * page's: the result lists them apart.
 */
function pageHosts(load: BrowserLoad, dom: ExtractedHosts | null): { required: HostSource[]; refused: Map<string, string> } {
  const refused = new Map<string, string>();
  const fromRequests: HostSource[] = [];
  for (const r of load.requests) {
    if (!r.host) continue;
    fromRequests.push({ host: r.host, foundIn: [r.type === 'document' ? 'page or frame (browser)' : `${r.type} (browser)`] });
    if (r.refused && !refused.has(r.host)) refused.set(r.host, r.refused);
  }
  const chainHosts: HostSource[] = [];
  for (const h of load.redirects) {
    const a = hostOf(h.url);
    if (a) chainHosts.push({ host: a, foundIn: ['redirect'] });
  }
  const popupHosts: HostSource[] = load.popups.map((p) => hostOf(p.url)).filter((h): h is string => h !== null).map((host) => ({ host, foundIn: ['pop-up (blocked)'] }));
  return { required: mergeHosts(chainHosts, fromRequests, popupHosts, dom?.hosts ?? []), refused };
}

function reachableAndRedirects(findings: LoginFindings, load: BrowserLoad): void {
  // The page ended before it finished loading (a crash, or Link Doctor's memory cap): the server did answer.
  const stopped = load.crashed || load.memoryExceeded;
  const chainText = load.redirects.length ? redirectChainText(load.redirects, load.finalUrl) : '';
  if (load.navigationRefused && load.redirects.length === 0) {
    findings.set('login.reachable', 'fail', `Link Doctor's browser was not allowed to load the page, for safety: ${load.navigationRefused}`, 'Serve the login page from a public address.', { title: `Link Doctor's browser was not allowed to load the page, for safety` });
  } else if (load.navigationRefused) {
    findings.set('login.reachable', 'pass', 'The server answered.', '', { title: 'The server answers' });
    const portOnly = /^Port \d+ is not allowed/.test(load.navigationRefused);
    findings.set(
      'login.redirects',
      portOnly ? 'warn' : 'fail',
      `The page redirects to ${portOnly ? 'a URL' : 'an address'} Link Doctor refused for safety: ${load.navigationRefused}${chainText ? ` The chain: ${chainText}.` : ''}${portOnly ? '' : ' A phone on the internet could not reach it either.'}`,
      portOnly ? FIXES.stayOn443 : FIXES.publicRedirects, { title: `The page redirects to ${portOnly ? 'a URL' : 'an address'} Link Doctor refused for safety` },
    );
  } else if ((load.navigationError && !(stopped && load.status !== null)) || (load.status === null && !stopped)) {
    const err = load.navigationError ?? `Nothing loaded within ${Math.round(load.elapsedMs / 1000)} s.`;
    const after = load.errorPage ? `The login page loaded, but the browser was sent on and ended on its own error page (“Your connection is not private” or the like). ` : '';
    findings.set(
      'login.reachable',
      'fail',
      after + (CERT_ERROR.test(err) ? `The browser refused the certificate: ${err}` : `The browser could not load the login page: ${err}`),
      CERT_ERROR.test(err) ? FIXES.certificate : 'Make sure the login page is reachable from the internet on port 443 and loads within a few seconds.', { title: CERT_ERROR.test(err) ? 'The browser refused the certificate' : 'The browser could not load the login page' },
    );
  } else {
    findings.set('login.reachable', 'pass', `The login page loaded${load.status !== null ? ` (HTTP ${load.status})` : ''}.`, '', { title: `The login page loaded${load.status !== null ? ` (HTTP ${load.status})` : ''}` });
  }
  if (!findings.has('login.redirects') && findings.get('login.reachable')?.status === 'pass') {
    const tooMany = load.redirects.length > LOGIN_MAX_REDIRECTS;
    findings.set(
      'login.redirects',
      tooMany ? 'warn' : 'pass',
      load.redirects.length === 0
        ? NO_REDIRECTS
        : `The browser was redirected ${plural(load.redirects.length, 'time')}: ${chainText}.${tooMany ? ' Every redirect adds a round trip on a phone.' : ''} Every host on the way counts as a host of the login page.`,
      tooMany ? FIXES.fewerRedirects : '', { title: load.redirects.length === 0 ? 'The login page loads without redirects' : `The browser was redirected ${plural(load.redirects.length, 'time')}` },
    );
  }
}

/** Pop-ups and dialogs: seen happening while the page loaded (fail), or only in the rendered source (warn). */
function popupsAndDialogs(findings: LoginFindings, load: BrowserLoad, dom: ExtractedHosts | null): void {
  if (findings.get('login.reachable')?.status !== 'fail' || load.popups.length || load.dialogs.length) {
    sourceHintFindings(findings, dom?.sourceHints ?? [], 'Nothing was attempted while the page loaded (Link Doctor clicks nothing). ');
  }
  if (load.popups.length > 0) {
    const list = load.popups.slice(0, 5).map((p) => `${p.via}${p.url ? ` to ${shortUrl(p.url)}` : ''}`).join('; ');
    findings.set(
      'login.popup',
      'fail',
      `The page tried to open ${plural(load.popups.length, 'pop-up window')} while it loaded: ${list}. Link Doctor blocked ${load.popups.length === 1 ? 'it' : 'them'}; inside the Alexa app a pop-up breaks account linking.`,
      'Use full-page redirects for every step of the sign-in, including social login buttons; switch off pop-up modes in your login SDK.', { title: `The page tried to open ${plural(load.popups.length, 'pop-up window')} while it loaded` },
    );
  }
  if (load.dialogs.length > 0) {
    const list = load.dialogs.slice(0, 5).map((d) => `${d.type}(“${shortenRandomRuns(d.message)}”)`).join('; ');
    findings.set(
      'login.dialog',
      'fail',
      `The page showed ${plural(load.dialogs.length, 'dialog')} while it loaded: ${list}. Amazon's requirements exclude JavaScript alerts and message boxes on the login page.`,
      'Show messages on the page itself instead of in alert, confirm or prompt dialogs.', { title: `The page showed ${plural(load.dialogs.length, 'dialog')} while it loaded` },
    );
  }
}

/** Whether the page showed anything on a phone-sized screen. */
function blankVerdict(findings: LoginFindings, load: BrowserLoad): void {
  const v = load.visible;
  if (load.errorPage) {
    findings.set('login.blank', 'skip', "Not checked: the browser ended on its own error page, not the login page (see why above). What it shows is the browser's, not your page's.");
  } else if (load.memoryExceeded) {
    findings.set('login.blank', 'skip', `Not checked: Link Doctor stopped the page when it used more than ${Math.round(load.memoryLimitBytes / MB)} MB of memory.`);
  } else if (load.crashed) {
    findings.set('login.blank', 'fail', 'The page crashed the browser tab (out of memory or a renderer crash) before showing anything usable.', 'Find what exhausts memory on the page; a login page must load on a phone.', { title: 'The page crashed the browser tab (out of memory or a renderer crash) before showing anything usable' });
  } else if (!v) {
    findings.set(
      'login.blank',
      load.status === null ? 'skip' : 'fail',
      load.status === null ? 'Not checked: the page did not load.' : "The page's scripts kept the browser busy, so it never became ready to show (an endless loop?).",
      load.status === null ? '' : 'Make sure the login page finishes loading on a phone: look for scripts that never end.',
    );
  } else if (v.textLength === 0 && v.fields === 0 && v.media === 0) {
    findings.set(
      'login.blank',
      'fail',
      `Nothing visible rendered on a phone-sized screen: no text, no form field, no image${v.title ? ` (title “${shortenRandomRuns(v.title)}”)` : ''}. This is the blank screen users report, often caused by a script or stylesheet host that failed to load.`,
      'Look at the failed requests below and the Domain List; make sure the page renders without them.', { title: `Nothing visible rendered on a phone-sized screen` },
    );
  } else if (v.fields === 0) {
    findings.set(
      'login.blank',
      'warn',
      `The page shows ${v.textLength} characters of text${v.media ? ` and ${plural(v.media, 'image or frame')}` : ''}, but no form field or button. Is it an error page?`,
      'The authorization URI should open the sign-in form itself.', { title: `The page shows ${v.textLength} characters of text${v.media ? ` and ${plural(v.media, 'image or frame')}` : ''}, but no form field or button` },
    );
  } else {
    findings.set('login.blank', 'pass', `The page shows ${v.textLength} characters of text and ${plural(v.fields, 'form field or button', 'form fields or buttons')}.`, '', { title: `The page shows ${v.textLength} characters of text and ${plural(v.fields, 'form field or button', 'form fields or buttons')}` });
  }
}

/** Whether the page stayed within Link Doctor's limits per page; a page over them may have shown less than it would. */
function limitsVerdict(findings: LoginFindings, load: BrowserLoad, timeoutMs: number): void {
  const memoryMb = Math.round(load.memoryLimitBytes / MB);
  const notes: string[] = [];
  if (load.timedOut) notes.push(`the page was still busy when Link Doctor's ${Math.round(timeoutMs / 1000)} s limit ran out`);
  if (load.capped === 'requests') notes.push('the page made more requests than Link Doctor allows per page (200); later ones were blocked');
  if (load.capped === 'bytes') notes.push('the page transferred more than Link Doctor allows per page (5 MB); the rest was cut off');
  if (load.capped === 'connections') {
    notes.push(`the page opened more connections to one address than Link Doctor allows per page (${PROXY_MAX_CONNECTIONS_PER_ADDRESS}); later ones were refused`);
  }
  if (load.downloads > 0) notes.push(`the page started ${plural(load.downloads, 'download')} (blocked)`);
  if (load.crashed && !load.memoryExceeded) notes.push('the browser tab crashed');
  if (load.memoryExceeded) {
    findings.set(
      'login.limits',
      'fail',
      `While it loaded, the page made the browser use more than ${memoryMb} MB of memory, the most Link Doctor gives one page, so Link Doctor stopped it. A phone has far less memory to spare: there the page would likely be ended the same way, leaving the user a blank screen.${notes.length ? ` Also: ${notes.join('; ')}.` : ''}`,
      "Find what keeps taking memory on the login page with your browser's memory profiler (a script that never stops adding elements or data, huge images or canvases), and keep the page light: a login page needs a few megabytes.",
      { title: `The login page used more than ${memoryMb} MB of memory; Link Doctor stopped it` },
    );
  } else if (notes.length) {
    findings.set('login.limits', 'warn', `The result may be incomplete: ${notes.join('; ')}.`, 'A login page should load quickly and lightly on a phone.', { title: `The result may be incomplete` });
  } else {
    findings.set(
      'login.limits',
      'pass',
      `The page made ${plural(load.requestCount, 'request')} and transferred ${Math.ceil(load.bytes / 1024)} KB in ${(load.elapsedMs / 1000).toFixed(1)} s, within Link Doctor's limits.`, '', { title: `The page made ${plural(load.requestCount, 'request')} and transferred ${Math.ceil(load.bytes / 1024)} KB in ${(load.elapsedMs / 1000).toFixed(1)} s, within Link Doctor's limits` },
    );
  }
}
