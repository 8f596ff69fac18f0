// Small helpers shared by the pure checks in lib/checks. No I/O, no Node-only APIs: safe in the browser too.

import { z } from '@/lib/zod';
import { type Finding, type FindingStatus } from '@/lib/probes/findings';
import type { NodeId } from '@/lib/tree';
import { withoutControlCharacters } from './control-characters';
import { withoutTrailing } from '@/lib/text.mjs';

/** Cap on a pasted request or response: a few KB in practice, so four times the largest seen leaves plenty of room. */
export const MAX_TEXT_INPUT = 16 * 1024;
/** Cap on a pasted URL. Alexa's own state is 600+ characters, so leave plenty of room. */
export const MAX_URL_INPUT = 8 * 1024;
/** Alexa takes up to 15 scopes; twice as many can be entered, so that a check can say there are too many. */
const MAX_SCOPES = 30;
const MAX_SCOPE_CHARS = 128;
/** The scopes as one text: each one and a separator. */
export const MAX_SCOPES_TEXT = MAX_SCOPES * (MAX_SCOPE_CHARS + 1);

/**
 * Scopes as a form gives them (one text, separated by spaces or commas) or as a list; absent stays undefined, so that
 * a check can tell "not given" from "none".
 */
export const scopesSchema = z
  .union([
    z.string().max(MAX_SCOPES_TEXT, { error: 'The scopes are too long.' }),
    z.array(z.string().max(MAX_SCOPE_CHARS, { error: 'A scope is too long.' })).max(MAX_SCOPES, { error: `Enter at most ${MAX_SCOPES} scopes.` }),
  ])
  .optional()
  .transform((v) => (v === undefined ? undefined : (typeof v === 'string' ? v.split(/[\s,]+/) : v).map((s) => s.trim()).filter(Boolean)));

export type { Finding, FindingStatus };

/** The authorization URI as a form or the API gives it. http is accepted so that a check can report it, not refuse it. */
export const authorizationUriSchema = withoutControlCharacters(
  z
    .string({ error: 'Enter the authorization URI.' })
    .trim()
    .min(1, { error: 'Enter the authorization URI.' })
    .max(MAX_URL_INPUT, { error: `The authorization URI is too long (over ${MAX_URL_INPUT} characters).` }),
  'authorization URI',
).pipe(z.url({ protocol: /^https?$/, error: 'Enter the full authorization URI, starting with https://' }));

/**
 * Builds findings whose `node` is checked against the symptom tree by the type system: a module lists the nodes it
 * may emit once (`NODES`), and every finding it builds must use one of them.
 */
export function findingBuilder<N extends NodeId>() {
  return (id: string, status: FindingStatus, title: string, detail: string, fix: string, node: N): Finding => ({
    id,
    status,
    title,
    detail,
    fix,
    node,
  });
}

/** Show a secret without revealing it: the first 4 characters and its length, or "[redacted]" when it is short. */
export function mask(secret: string): string {
  if (secret === '') return '(empty)';
  if (secret.length <= 8) return `[redacted, ${secret.length} characters]`;
  return `${secret.slice(0, 4)}… (${secret.length} characters)`;
}

/** A value for the evidence in a finding: quoted, control characters made visible, cut to `max` characters. */
export function show(value: string, max = 120): string {
  // Escape control characters instead of printing them.
  // eslint-disable-next-line no-control-regex
  const visible = value.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const cut = visible.length > max ? `${visible.slice(0, max)}… (${value.length} characters)` : visible;
  return `"${cut}"`;
}

/** JSON-ish rendering of any value for evidence, cut short. Strings are shown with `show`. */
export function showValue(value: unknown, max = 80): string {
  if (typeof value === 'string') return show(value, max);
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What kind of JSON value this is, in words ("an array", "a string", …). */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** The host a URL names, as host lists compare them: lower case, without trailing dots or IPv6 brackets. */
export function hostOf(url: string | URL): string | null {
  const parsed = typeof url === 'string' ? parseUrl(url) : url;
  if (!parsed) return null;
  return withoutTrailing(parsed.hostname.toLowerCase(), '.').replace(/^\[|\]$/g, '') || null;
}

export function parseUrl(text: string, base?: string | URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

/** The worst status among findings: fail > warn > pass > skip. */
export function worstStatus(findings: readonly Finding[]): FindingStatus {
  const rank: Record<FindingStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };
  let worst: FindingStatus = 'skip';
  for (const f of findings) if (rank[f.status] > rank[worst]) worst = f.status;
  return worst;
}

/** One `name=value` pair of a query string or fragment, with the raw (still encoded) value kept. */
export interface RawParam {
  name: string;
  raw: string;
  value: string;
}

/** Percent-decode without throwing on malformed escapes (those are kept as they are). */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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

/** Replace every occurrence of each secret in `text` with its masked form. */
export function maskAll(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(mask(s));
  }
  return out;
}
