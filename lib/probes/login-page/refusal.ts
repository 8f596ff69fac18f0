// What a 4xx answer to the authorization request says, read from its whole text rather than from one word in it: an
// OAuth error object (JSON), or the visible text of an error page. Kinds, checked in this order:
// - `token-endpoint`: an OAuth error about grants, or "use POST": the URI is a token endpoint, not a login page;
// - `redirect-uri`: the error names the redirect URI (the server refuses Alexa's redirect URL);
// - `too-large`: the server says the request, a header or the cookies are too large (or answers 414 or 431);
// - `cookie-missing`: the server expected a cookie that the request did not carry;
// - `oauth-error`: any other OAuth error; `unknown`: nothing recognisable.
// Linear in the text, which the callers cap at a few KB.

import { isRecord, parseJson } from '@/lib/json';
import { shortenRandomRuns } from '@/lib/probes/redact';

export type RefusalKind = 'token-endpoint' | 'redirect-uri' | 'too-large' | 'cookie-missing' | 'oauth-error' | 'unknown';

export interface Refusal {
  kind: RefusalKind;
  /** What the answer says, in one line, random-looking runs shortened; '' when it says nothing readable. */
  said: string;
  /** The OAuth `error` code, when the answer carries one. */
  error?: string;
  /** For `token-endpoint`: what gave it away, in words. */
  why?: string;
}

/** The text of an answer worth quoting, and the OAuth error code when the body is an OAuth error object. */
function readText(body: string): { text: string; error?: string } {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    const parsed = parseJson(trimmed, { maxBytes: 16 * 1024 });
    if (parsed.ok && isRecord(parsed.value)) {
      const v = parsed.value;
      if (typeof v.error === 'string') {
        const description = typeof v.error_description === 'string' ? `: ${v.error_description}` : '';
        return { text: `${v.error}${description}`, error: v.error };
      }
      if (typeof v.message === 'string') return { text: v.message };
    }
  }
  // An HTML page: its text without tags, scripts and styles.
  const text = trimmed
    .replace(/<script\b[^<>]*>[^<]*<\/script\s*>/gi, ' ')
    .replace(/<style\b[^<>]*>[^<]*<\/style\s*>/gi, ' ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return { text };
}

/** `pathname` is the authorization URI's path: a 404 or 405 to a GET of a path ending in /token is a token endpoint too. */
export function readRefusal(status: number, body: string, pathname = ''): Refusal {
  const { text, error } = readText(body.slice(0, 8192));
  const said = shortenRandomRuns(text.length > 240 ? `${text.slice(0, 240)}…` : text);
  const base = { said, ...(error ? { error } : {}) };
  const lower = text.toLowerCase();
  if ((error && /^(unsupported_grant_type|invalid_grant)$/.test(error)) || /grant_type|\bmethod\b.{0,40}\bpost\b|\bpost\b.{0,20}\b(only|required)\b|\(get on /.test(lower)) {
    return { kind: 'token-endpoint', ...base, why: 'its error is one a token endpoint gives (it expects a POST with a grant)' };
  }
  if ((status === 404 || status === 405) && /\/(oauth2?\/)?token\/?$/i.test(pathname)) {
    return { kind: 'token-endpoint', ...base, why: `it answered HTTP ${status} to a GET, and its path ends in ${pathname.slice(pathname.lastIndexOf('/', pathname.length - 2))}` };
  }
  if (status === 405) return { kind: 'token-endpoint', ...base, why: 'it does not allow a GET (HTTP 405), as a token endpoint that accepts only POST does' };
  if (/redirect[_\s-]?ur[il]/.test(lower)) return { kind: 'redirect-uri', ...base };
  if (status === 414 || status === 431 || /too (large|long|big)|header.{0,20}(size|limit)|exceeds? .{0,30}(size|length|limit)/.test(lower)) {
    return { kind: 'too-large', ...base };
  }
  if (/cookies?\b.{0,40}\b(not found|missing|expired|required|absent|not set|not present)|\bno .{0,30}cookie/.test(lower)) return { kind: 'cookie-missing', ...base };
  if (error) return { kind: 'oauth-error', ...base };
  return { kind: 'unknown', ...base };
}
