// Steps 1–3 of the rehearsal in the boxed browser: open the authorization request, sign in with the test account (both
// fields on one page, or the user name and then the password on the next), and get past a consent page by choosing
// allow / authorize / accept / continue — never deny or cancel — until the server redirects to Alexa, which the
// redirect catcher sees before anything leaves (./redirect.ts). Where automation cannot go on (a CAPTCHA, a second
// factor, a page it cannot read) the page is handed to a person through the live view when the run allows it.

import 'server-only';
import type { Page } from 'playwright-core';
import type { BrowserSession, ProxyEvent } from '@/lib/net/browser';
import { linkFinding } from './findings';
import type { LinkFinding, LinkInput, LinkLive } from './input';
import { finishByHand } from './live-view';
import { MARK, marked, readPage, type PageReading } from './page-reading';
import type { RedirectCatcher } from './redirect';
import type { RegionRun } from './region';
import { shownUrl } from './authorize';

/** Pages a sign-in may go through (user name, password, interstitials, consent) before the rehearsal gives up. */
const MAX_PAGES = 8;
/** How long a click or submit may take to lead somewhere. */
const NAVIGATION_WAIT_MS = 10_000;

export interface SignInContext {
  session: BrowserSession;
  catcher: RedirectCatcher;
  input: LinkInput;
  run: RegionRun;
  /** Live view: how to tell the person's browser about the hand-off. Absent: no hand-off. */
  live?: { emit: (e: LinkLive) => void; signal?: AbortSignal; client?: string };
}

/** Why the rehearsal stopped before the redirect, or 'redirected' once the catcher has the redirect. */
export type SignInOutcome = 'redirected' | 'stopped';

const FIX_ACCOUNT = 'Check the test account’s user name and password by signing in yourself, then run the rehearsal again.';

/** Opens the request and drives the pages until the server redirects to Alexa or the rehearsal cannot go on. */
export async function authorizeAndSignIn(ctx: SignInContext, requestUrl: string): Promise<SignInOutcome> {
  const { session, catcher, run } = ctx;
  const { page } = session;
  if (!(await authorize(ctx, requestUrl))) return 'stopped';

  // The sign-in page's own address, kept because after the redirect to Alexa is caught the browser shows its error page.
  const state = { usernameSent: false, passwordSent: false, signedIn: false, shot: null as string | null, signInUrl: null as string | null };
  const signedIn = (how: string) => {
    if (state.signedIn) return;
    state.signedIn = true;
    run.end('sign-in', `Signed in as the test account (${how})`, [linkFinding(run.region, 'link.sign-in', 'pass', `The test account signed in (${how}).`, '', { title: `The test account signed in (${how})` }), ...popupFindings(ctx)], { url: state.signInUrl ?? shownUrl(page.url()), screenshot: state.shot ?? undefined });
  };
  const how = () => (state.usernameSent ? 'user name, then password' : 'user name and password on one page');

  for (let visit = 0; visit < MAX_PAGES; visit++) {
    if (catcher.caught) break;
    const reading = await readPage(page);
    if (catcher.caught) break;
    if (!reading) {
      if (session.recorder.lastNavigationStatus === null) return noAnswer(ctx, state.signedIn);
      return handOff(ctx, 'The page stopped answering, so the rehearsal cannot read it.', state.signedIn);
    }
    if (reading.captcha) return handOff(ctx, 'The page asks to solve a CAPTCHA.', state.signedIn);

    if (reading.password) {
      if (state.passwordSent) return failedSignIn(ctx, reading);
      if (reading.username) await marked(page, 'username').fill(ctx.input.testAccount.username);
      await marked(page, 'password').fill(ctx.input.testAccount.password);
      state.passwordSent = true;
      state.signInUrl = shownUrl(page.url());
      state.shot = await session.screenshot([page.locator('input[type=password]'), marked(page, 'username')]);
      await submit(ctx, reading, 'password');
      continue;
    }
    if (reading.username) {
      if (state.usernameSent) return failedSignIn(ctx, reading);
      await marked(page, 'username').fill(ctx.input.testAccount.username);
      state.usernameSent = true;
      await submit(ctx, reading, 'username');
      continue;
    }
    if (reading.secondFactor) return handOff(ctx, 'The page asks for a second factor (a one-time code).', state.signedIn);
    if (state.passwordSent) signedIn(how());
    if (reading.allow) {
      const screenshot = await session.screenshot();
      const url = shownUrl(page.url());
      const isConsent = state.passwordSent || reading.consentWords || reading.deny;
      await act(ctx, () => marked(page, 'allow').click({ noWaitAfter: true }));
      if (isConsent) {
        run.end(
          'consent',
          `Passed a consent page by choosing “${reading.allow}”`,
          [linkFinding(run.region, 'link.consent', 'pass', `A consent page${reading.title ? ` (“${reading.title}”)` : ''} asked to allow access; the rehearsal chose “${reading.allow}”${reading.deny ? ', never the option to deny' : ''}. Alexa users see this page too, once.`, '', { title: 'A consent page was passed' })],
          { url, screenshot: screenshot ?? undefined },
        );
      }
      continue;
    }
    return handOff(ctx, `The page${reading.title ? ` “${reading.title}”` : ''} shows no sign-in form, consent button or redirect the rehearsal recognises${reading.text ? `: “${reading.text.slice(0, 160)}”` : ''}.`, state.signedIn);
  }
  if (!catcher.caught) return handOff(ctx, `After ${MAX_PAGES} pages the server had still not redirected to Alexa.`, state.signedIn);
  if (state.passwordSent) signedIn(how());
  if (!state.signedIn) run.end('sign-in', 'No sign-in page: the server redirected without asking', [linkFinding(run.region, 'link.sign-in', 'skip', 'The server redirected back to Alexa without showing a sign-in page (it already knew the browser, or signs in elsewhere).')], { status: 'skip' });
  if (!run.has('consent')) run.end('consent', 'No consent page', [linkFinding(run.region, 'link.consent', 'pass', 'The server asked for no consent: it redirected back to Alexa after the sign-in.', '', { title: 'No consent page' })]);
  return 'redirected';
}

/** Step 1: the request Alexa opens. False when the rehearsal cannot go on. */
async function authorize(ctx: SignInContext, requestUrl: string): Promise<boolean> {
  const { session, catcher, run } = ctx;
  const { page } = session;
  let status: number | null = null;
  let failure: string | null = null;
  // The step's time is the server's and the page's, not the browser's start.
  run.begin();
  try {
    const response = await page.goto(requestUrl, { waitUntil: 'load', timeout: Math.min(20_000, session.timeLeft()) });
    status = response?.status() ?? null;
  } catch (e) {
    failure = e instanceof Error ? (e.message.split('\n')[0] ?? '').replace(/^page\.goto:\s*/, '').slice(0, 200) : 'the page did not load';
  }
  const shown = shownUrl(requestUrl);
  if (catcher.caught) {
    run.end('authorize', 'The authorization URI redirected straight back to Alexa', [linkFinding(run.region, 'link.authorize', 'pass', 'The server answered the authorization request with a redirect to Alexa, without a page.', '', { title: 'The authorization URI redirected straight back to Alexa' })], { url: shown });
    return true;
  }
  if (failure !== null) {
    const refused = proxyRefusal(session.proxyEvents(), requestUrl);
    const detail = refused ? `Link Doctor did not open it: ${refused}` : `The authorization request did not load: ${failure}.`;
    run.end('authorize', 'The authorization URI did not load', [linkFinding(run.region, 'link.authorize', 'fail', detail, 'Make sure the authorization URI is reachable over the internet with HTTPS and a certificate from a public CA.', { title: 'The authorization URI did not load' })], { url: shown });
    return false;
  }
  await settle(page);
  const screenshot = (await session.screenshot()) ?? undefined;
  if (status !== null && status >= 400) {
    const reading = await readPage(page);
    const text = reading?.text ?? '';
    const aboutRedirect = /redirect[_ ]?ur[il]/i.test(text);
    const detail = `The authorization request was answered with HTTP ${status}${text ? `: “${text.slice(0, 240)}”` : ''}.`;
    const fix = aboutRedirect
      ? `Allow ${run.redirectUri} as a redirect URL of this client on your authorization server (each region Alexa uses has its own).`
      : 'Check that the authorization URI is right and that the server accepts the parameters Alexa sends (client_id, response_type=code, scope, state, redirect_uri).';
    run.end('authorize', `The authorization request was refused (HTTP ${status})`, [linkFinding(run.region, 'link.authorize', 'fail', detail, fix, { title: `The authorization request was refused (HTTP ${status})`, ...(aboutRedirect ? { node: 'redirect-uri-invalid' } : {}) })], { url: shown, screenshot });
    return false;
  }
  run.end('authorize', 'Opened the authorization URI as Alexa does', [linkFinding(run.region, 'link.authorize', 'pass', `The authorization request (${requestUrl.length} characters, state ${ctx.input.pkce ? 'and PKCE challenge ' : ''}included) opened a page${status ? ` (HTTP ${status})` : ''}.`, '', { title: `The authorization URI opened a page${status ? ` (HTTP ${status})` : ''}` })], { url: shown, screenshot });
  return true;
}

/** The form came back after the user name or password was sent: the sign-in failed, and the page says why if it can. */
async function failedSignIn(ctx: SignInContext, reading: PageReading): Promise<SignInOutcome> {
  const { run, session } = ctx;
  const screenshot = (await session.screenshot([session.page.locator('input[type=password]'), marked(session.page, 'username')])) ?? undefined;
  const said = reading.error ? `, saying “${reading.error}”` : ' (no error message was found on it)';
  run.end(
    'sign-in',
    'The sign-in failed: the form came back',
    [linkFinding(run.region, 'link.sign-in', 'fail', `After the test account’s ${reading.password ? 'password' : 'user name'} was submitted, the sign-in form came back${said}${/[.!?]$/.test(reading.error ?? '') ? '' : '.'} The account’s user name or password is probably wrong, or the account cannot sign in.`, FIX_ACCOUNT, { title: 'The test account could not sign in' })],
    { url: shownUrl(session.page.url()), screenshot },
  );
  return 'stopped';
}

/** The server has not answered the page the last form or click asked for. */
function noAnswer(ctx: SignInContext, signedIn: boolean): SignInOutcome {
  const { run, session } = ctx;
  const step = signedIn ? 'consent' : 'sign-in';
  const url = shownUrl(session.recorder.lastNavigationUrl);
  run.end(step, 'The server did not answer', [linkFinding(run.region, signedIn ? 'link.consent' : 'link.sign-in', 'fail', `The server did not answer ${url} within ${NAVIGATION_WAIT_MS / 1000} s, the page the ${signedIn ? 'consent' : 'sign-in form'} led to.`, 'Check the server’s log for this request: it must answer within a few seconds.', { title: 'The server did not answer' })], { url });
  return 'stopped';
}

/**
 * Where automation cannot go on: with the live view, a person finishes the page and the rehearsal goes on from the
 * redirect; without it, the step fails saying what the page asked for.
 */
async function handOff(ctx: SignInContext, reason: string, signedIn: boolean): Promise<SignInOutcome> {
  const { run, session, catcher, live } = ctx;
  const step = signedIn ? 'consent' : 'sign-in';
  const id = signedIn ? 'link.consent' : 'link.sign-in';
  const screenshot = (await session.screenshot([session.page.locator('input[type=password]')])) ?? undefined;
  if (live) {
    const outcome = await finishByHand({ page: session.page, region: run.region, reason, done: () => catcher.caught !== null, emit: live.emit, ...(live.signal ? { signal: live.signal } : {}), ...(live.client ? { client: live.client } : {}) }).catch(() => 'cancelled' as const);
    if (catcher.caught) {
      run.end(step, 'Finished by hand in the live view', [linkFinding(run.region, id, 'warn', `${reason} A person finished it in the live view, and the server then redirected to Alexa. Alexa users have to do the same.`, '', { title: 'Finished by hand in the live view' })], { screenshot });
      if (step === 'sign-in' && !run.has('consent')) run.end('consent', 'No consent page the rehearsal saw', [], { status: 'skip' });
      return 'redirected';
    }
    const why = outcome === 'timeout' ? 'the live view’s time ran out' : 'the live view was closed';
    run.end(step, 'Not finished in the live view', [linkFinding(run.region, id, 'fail', `${reason} It was handed to a person in the live view, but ${why} before the server redirected to Alexa.`, 'Run the rehearsal again and finish the page in the live view.', { title: 'The sign-in was not finished' })], { screenshot });
    return 'stopped';
  }
  run.end(step, 'The rehearsal cannot go on by itself', [linkFinding(run.region, id, 'fail', `${reason} The rehearsal cannot go on by itself.`, 'Run it again with the live view on, to finish this page by hand; or give a test account that signs in with a user name and password only.', { title: signedIn ? 'A page after the sign-in could not be passed' : 'The sign-in could not be automated' })], { url: shownUrl(session.page.url()), screenshot });
  return 'stopped';
}

/** A pop-up tried during the sign-in: Alexa's in-app browser opens none. */
function popupFindings(ctx: SignInContext): LinkFinding[] {
  const popups = ctx.session.recorder.popups;
  if (popups.length === 0) return [];
  return [linkFinding(ctx.run.region, 'link.popup', 'warn', `The sign-in tried to open ${popups.length === 1 ? 'a pop-up window' : `${popups.length} pop-up windows`} (${popups.slice(0, 3).map((p) => p.url || 'blank').join(', ')}); the Alexa app does not open them.`, 'Keep the whole sign-in in one page: no window.open and no target=_blank.', { title: `The sign-in tried to open ${popups.length === 1 ? 'a pop-up window' : `${popups.length} pop-up windows`}; the Alexa app opens none` })];
}

/** Submits the field just filled: its form's button when one was found, else Enter in the field. */
async function submit(ctx: SignInContext, reading: PageReading, field: 'username' | 'password'): Promise<void> {
  const { page } = ctx.session;
  await act(ctx, () => (reading.submit ? marked(page, 'submit').click({ noWaitAfter: true }) : marked(page, field).press('Enter', { noWaitAfter: true })));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Does `action` and waits for where it leads, at most NAVIGATION_WAIT_MS: the redirect to Alexa, a new document once
 * the server has answered, or — a page that changes itself with scripts — the elements acted on gone, or an error
 * message shown. While a navigation waits for the server's answer, it waits on.
 */
async function act(ctx: SignInContext, action: () => Promise<void>): Promise<void> {
  const { session, catcher } = ctx;
  const { page } = session;
  const doc = `${Date.now()}-${Math.random()}`;
  await page.evaluate(`window.__linkDoctorDocument = ${JSON.stringify(doc)}`).catch(() => {});
  // The click itself does not wait for the page it leads to: that is this function's job.
  await action().catch(() => {});
  const deadline = performance.now() + NAVIGATION_WAIT_MS;
  while (performance.now() < deadline && !catcher.caught) {
    await Promise.race([sleep(250), catcher.wait]);
    if (catcher.caught || session.recorder.lastNavigationStatus === null) continue;
    const seen = await page
      .evaluate(`window.__linkDoctorDocument !== ${JSON.stringify(doc)} ? 'new' : (${PAGE_CHANGED})(${JSON.stringify(MARK)}) ? 'changed' : 'same'`)
      .catch(() => 'busy');
    if (seen === 'new' || seen === 'changed') break;
  }
  if (!catcher.caught) await settle(page);
}

/** Runs in the page: none of the elements the last reading marked is visible any more, or an error message is. */
const PAGE_CHANGED = `(mark) => {
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden'; };
  const marked = Array.from(document.querySelectorAll('[' + mark + ']'));
  if (marked.length > 0 && !marked.some(shown)) return true;
  return Array.from(document.querySelectorAll('[role=alert], [aria-live=assertive]')).some((el) => shown(el) && (el.innerText || '').trim().length > 1);
}`;

/** Waits for the page to load and go quiet, briefly. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load', { timeout: NAVIGATION_WAIT_MS }).catch(() => {});
  await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => {});
}

/** The egress proxy's reason for refusing the URL's host, if it did. */
function proxyRefusal(events: readonly ProxyEvent[], url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return events.find((e) => e.host === host && (e.outcome === 'refused' || e.outcome === 'cap' || e.outcome === 'failed'))?.reason ?? null;
}
