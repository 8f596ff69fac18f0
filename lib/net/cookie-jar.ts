// A small cookie jar for one probe run, so that a sign-in flow which sets a cookie on one redirect and reads it on the
// next (an interaction or CSRF cookie) sees what a browser would send. It is deliberately narrower than a browser:
// - every cookie is host-only: sent back only to the exact host that set it (a Domain attribute is not honoured, so
//   no cookie ever reaches another host, and no public-suffix list is needed);
// - sent only on paths under its Path (default: the directory of the URL that set it), only over https when Secure;
// - bounded: at most MAX_COOKIES cookies of at most MAX_COOKIE_BYTES each; further ones are dropped and counted;
// - values never leave the jar except in the Cookie header of a request to their own host: `summary()` gives names
//   and sizes only.
// It lives as long as the run that made it, in memory only.

import 'server-only';

export const MAX_COOKIES = 30;
export const MAX_COOKIE_BYTES = 4096;

interface StoredCookie {
  host: string;
  path: string;
  name: string;
  value: string;
  secure: boolean;
  expiresAt: number | null;
}

export interface CookieSummary {
  host: string;
  name: string;
  bytes: number;
}

export class CookieJar {
  private cookies: StoredCookie[] = [];
  /** Cookies the server set that the jar did not keep (over a bound, or malformed). */
  dropped = 0;

  /** Store the Set-Cookie headers of a response from `url`. */
  store(url: URL, headers: ReadonlyArray<readonly [string, string]>): void {
    for (const [name, value] of headers) {
      if (name === 'set-cookie') this.storeOne(url, value);
    }
  }

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt === null || c.expiresAt > now);
    const host = url.hostname.toLowerCase();
    const matching = this.cookies
      .filter((c) => c.host === host && pathMatches(url.pathname, c.path) && (!c.secure || url.protocol === 'https:'))
      // Longer paths first, as browsers order them.
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** Names and sizes of the cookies kept, never their values. */
  summary(): CookieSummary[] {
    return this.cookies.map((c) => ({ host: c.host, name: c.name, bytes: c.name.length + c.value.length + 1 }));
  }

  private storeOne(url: URL, line: string): void {
    if (line.length > MAX_COOKIE_BYTES) {
      this.dropped++;
      return;
    }
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
    const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
    // A name must be a token, and neither may carry control characters (they would break the Cookie header).
    // eslint-disable-next-line no-control-regex
    if (!name || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || /[\x00-\x1f\x7f]/.test(value)) {
      this.dropped++;
      return;
    }
    let path: string | null = null;
    let secure = false;
    let expiresAt: number | null = null;
    let maxAgeSeen = false;
    for (const attribute of attributes) {
      const aEq = attribute.indexOf('=');
      const key = (aEq < 0 ? attribute : attribute.slice(0, aEq)).trim().toLowerCase();
      const val = aEq < 0 ? '' : attribute.slice(aEq + 1).trim();
      if (key === 'path' && val.startsWith('/')) path = val;
      else if (key === 'secure') secure = true;
      else if (key === 'max-age' && /^-?\d+$/.test(val)) {
        maxAgeSeen = true;
        expiresAt = Date.now() + Math.max(-1, Number(val)) * 1000;
      } else if (key === 'expires' && !maxAgeSeen) {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expiresAt = t;
      }
    }
    const cookie: StoredCookie = { host: url.hostname.toLowerCase(), path: path ?? defaultPath(url.pathname), name, value, secure, expiresAt };
    this.cookies = this.cookies.filter((c) => !(c.host === cookie.host && c.path === cookie.path && c.name === cookie.name));
    // An expiry in the past deletes the cookie, as browsers do.
    if (expiresAt !== null && expiresAt <= Date.now()) return;
    if (this.cookies.length >= MAX_COOKIES) {
      this.dropped++;
      return;
    }
    this.cookies.push(cookie);
  }
}

/** The directory of a request path: the default Path of a cookie that names none. */
function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
