// What a sign-in page asks for, read in the page itself: the user-name and password fields, the button that submits
// them, a consent page's allow button (never deny or cancel), an error message, a CAPTCHA or a second factor. The
// elements found are marked with a data attribute so that the rehearsal can fill and click them through Playwright
// (which types and clicks as a person does). Only the main frame is read.

import 'server-only';
import type { Page } from 'playwright-core';

export const MARK = 'data-link-doctor';

export interface PageReading {
  /** A visible password field (marked "password"). */
  password: boolean;
  /** A visible user-name field (marked "username"). */
  username: boolean;
  /** The button that submits the sign-in form (marked "submit"), if one was found. */
  submit: boolean;
  /** An allow / authorize / accept / continue button (marked "allow"), and its text. */
  allow: string | null;
  /** A deny / cancel button is on the page too (it is never clicked). */
  deny: boolean;
  /** The page's words suggest a consent (authorize, permission, access …). */
  consentWords: boolean;
  /** A CAPTCHA widget. */
  captcha: boolean;
  /** A one-time code field or the words of a second factor. */
  secondFactor: boolean;
  /** A visible error message, one line, at most 200 characters. */
  error: string | null;
  title: string;
  /** Visible text, at most 300 characters (for findings when the page cannot be read). */
  text: string;
}

/** Runs in the page: plain function source, so no bundler helpers end up inside. */
const READ_SCRIPT = `((mark) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05;
  };
  const all = (sel) => Array.from(document.querySelectorAll(sel)).filter(visible);
  for (const el of document.querySelectorAll('[' + mark + ']')) el.removeAttribute(mark);
  const label = (el) => [el.name, el.id, el.getAttribute('autocomplete'), el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.type].join(' ').toLowerCase();
  const textOf = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
  const oneLine = (t, n) => t.replace(/\\s+/g, ' ').trim().slice(0, n);

  // Fields that take typing: a user name shown read-only on a password page is not one.
  const editable = (el) => !el.readOnly && !el.disabled;
  const password = all('input[type=password]').filter(editable)[0] || null;
  const textInputs = all('input:not([type]), input[type=text], input[type=email], input[type=tel]').filter(editable);
  const otpLike = (el) => /one-time-code|\\botp\\b|totp|2fa|mfa|passcode|verification|security.?code|auth.?code/.test(label(el));
  const userLike = (el) => /username|user|email|e-mail|login|account|identifier|phone|name/.test(label(el));
  const form = password ? password.form : null;
  let username = textInputs.find((el) => !otpLike(el) && /username|email/.test(el.getAttribute('autocomplete') || '')) ||
    textInputs.find((el) => !otpLike(el) && el.type === 'email') ||
    textInputs.find((el) => !otpLike(el) && userLike(el) && (!form || el.form === form)) ||
    (form ? textInputs.find((el) => el.form === form && !otpLike(el)) : null) || null;
  if (username && password && password.form && username.form && password.form !== username.form) username = null;
  if (password) password.setAttribute(mark, 'password');
  if (username) username.setAttribute(mark, 'username');

  const buttons = all('button, input[type=submit], input[type=button], [role=button], a');
  const denyWords = /\\b(deny|cancel|decline|reject|abort|don.?t allow|do not allow|no thanks|not now|back)\\b|^no$/i;
  const allowWords = /^(allow|authori[sz]e|accept|approve|agree|grant|consent|confirm|continue|yes|ok|proceed|allow access|i agree)\\b/i;
  const fieldForm = (password || username) ? (password || username).form : null;
  let submit = null;
  if (fieldForm) submit = Array.from(fieldForm.querySelectorAll('button:not([type=button]):not([type=reset]), input[type=submit]')).filter(visible).find((b) => !denyWords.test(textOf(b))) || null;
  if (!submit && (password || username)) submit = buttons.find((b) => /^(sign.?in|log.?in|next|continue|submit|weiter|anmelden)\\b/i.test(textOf(b))) || null;
  if (submit) submit.setAttribute(mark, 'submit');

  let allow = null;
  if (!password && !username) {
    allow = buttons.find((b) => b.tagName !== 'A' && allowWords.test(textOf(b)) && !denyWords.test(textOf(b))) ||
      buttons.find((b) => allowWords.test(textOf(b)) && !denyWords.test(textOf(b))) || null;
    if (allow) allow.setAttribute(mark, 'allow');
  }
  const deny = buttons.some((b) => denyWords.test(textOf(b)));

  const body = document.body ? oneLine(document.body.innerText || '', 3000) : '';
  const captcha = !!document.querySelector('iframe[src*="recaptcha"], iframe[src*="hcaptcha"], iframe[src*="turnstile"], iframe[src*="captcha"], .g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey]');
  const secondFactor = !password && (textInputs.some(otpLike) || /verification code|two-step|two-factor|2-step|authenticator app|one-time (pass)?code|security code/i.test(body));
  const errorEl = all('[role=alert], .error, .errors, .alert, .alert-danger, .invalid-feedback, .help-block, .message.error, [class*=error], [id*=error], [class*=danger], [aria-live=assertive]')
    .find((el) => textOf(el).length > 1 && textOf(el).length < 400);
  return {
    password: !!password,
    username: !!username,
    submit: !!submit,
    allow: allow ? oneLine(textOf(allow), 60) : null,
    deny,
    consentWords: /authori[sz]e|permission|consent|allow .* access|wants to access|would like to|scopes?\\b|grant access/i.test(body + ' ' + document.title),
    captcha,
    secondFactor,
    error: errorEl ? oneLine(textOf(errorEl), 200) : null,
    title: oneLine(String(document.title || ''), 120),
    text: oneLine(body, 300),
  };
})`;

/** Reads the page (null when it does not answer within 3 s: a page whose scripts never let go, or a crash). */
export async function readPage(page: Page): Promise<PageReading | null> {
  const reading = page.evaluate(`${READ_SCRIPT}(${JSON.stringify(MARK)})`) as Promise<PageReading>;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([reading.catch(() => null), new Promise<null>((r) => (timer = setTimeout(() => r(null), 3_000)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The element the last reading marked as `what`. */
export const marked = (page: Page, what: 'password' | 'username' | 'submit' | 'allow') => page.locator(`[${MARK}="${what}"]`).first();
