// URLs as probes and checks read them: parsed without throwing, their host as host lists compare it, their query
// string or fragment split into pairs. Pure functions, safe in the browser too.
import { withoutTrailing } from '@/lib/text.mjs';

export function parseUrl(text: string, base?: string | URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

/** The host a URL names, as host lists compare them: lower case, without trailing dots or IPv6 brackets. */
export function hostOf(url: string | URL): string | null {
  const parsed = typeof url === 'string' ? parseUrl(url) : url;
  if (!parsed) return null;
  return withoutTrailing(parsed.hostname.toLowerCase(), '.').replace(/^\[|\]$/g, '') || null;
}

/** Percent-decode without throwing on malformed escapes (those are kept as they are). */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One `name=value` pair of a query string or fragment, with the raw (still encoded) value kept. */
export interface RawParam {
  name: string;
  raw: string;
  value: string;
}

/**
 * Split `a=1&b=2` (no leading `?` or `#`) into pairs. Values are form-decoded (`+` is a space), as OAuth servers
 * and Alexa read them; `raw` keeps the text as written.
 */
export function splitParams(text: string): RawParam[] {
  if (text === '') return [];
  const out: RawParam[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const raw = eq === -1 ? '' : part.slice(eq + 1);
    out.push({ name: safeDecode(rawName.replace(/\+/g, ' ')), raw, value: safeDecode(raw.replace(/\+/g, ' ')) });
  }
  return out;
}

/** Parameters that carry a credential: shown masked, and never sent back into a page. */
export const CREDENTIAL_PARAMS: ReadonlySet<string> = new Set(['code', 'access_token', 'refresh_token', 'id_token']);

/**
 * Whether pasted text has a parameter that carries a credential anywhere in it (a query, a fragment, or a second URL
 * on another line), so that it is treated as a secret. Any case: a lookalike is kept back rather than shown.
 */
export function carriesCredential(text: string): boolean {
  return /(?:^|[?#&\s])(?:code|access_token|refresh_token|id_token)=/i.test(text);
}
