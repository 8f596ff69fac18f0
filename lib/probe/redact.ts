// Redacts secrets (client secret, codes, tokens) in every encoding they can take in a probe's output:
// raw, percent-encoded (upper- or lower-case hex), form-encoded (`+` for space), RFC 3986 strict, HTML-escaped,
// JSON-escaped (as JavaScript, Go and PHP write it: with `\/`, `\u0026`, `\u0022` and the like, once or twice),
// base64 and base64url (of the secret alone, and of the secret inside a longer base64 blob), inside an HTTP Basic
// header (base64 and base64url of urlenc(id):urlenc(secret) and of id:secret), any of these echoed back by a server,
// and any of these cut short where a text ends or before an ellipsis ("…"), as a shortened quote leaves it.
// Client-safe (base64 comes from btoa: lib/report/redact runs it in the browser too); no I/O.

export interface Secret {
  value: string;
  /** Shown in place of the value, e.g. "client secret" → "[redacted client secret]". */
  label: string;
}

export interface BasicPair {
  id: string;
  secret: string;
}

export interface Redactor {
  redact(text: string): string;
  /** Deep copy with every string (and object key) redacted. Buffers become "[binary]". */
  redactDeep<T>(value: T): T;
  /** The list of literal strings searched for (for tests). */
  readonly variants: ReadonlyArray<string>;
}

/** application/x-www-form-urlencoded serialisation of one value (what URLSearchParams produces: space → `+`). */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** RFC 3986 strict percent-encoding (encodeURIComponent plus !'()*). */
function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function htmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function htmlEscapeNumeric(value: string): string {
  return value.replace(/[&<>"'+/=%\\ ]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * One JSON encoder's way of writing a string: `\/` for `/` or not; `\uXXXX` for < > & (Go, and Next.js inside
 * <script>), for those and ' " too (PHP's JSON_HEX_* flags), or for none; non-ASCII as `\uXXXX` or not.
 */
interface JsonStyle {
  slash: boolean;
  hex: 'none' | 'go' | 'php';
  ascii: boolean;
}

const JSON_STYLES: JsonStyle[] = [];
for (const slash of [false, true]) for (const hex of ['none', 'go', 'php'] as const) for (const ascii of [false, true]) JSON_STYLES.push({ slash, hex, ascii });
const PLAIN_JSON = JSON_STYLES[0]!;

function jsonEscape(value: string, style: JsonStyle): string {
  let s = JSON.stringify(value).slice(1, -1);
  if (style.ascii) s = s.replace(/[\u007f-\uffff]/g, unicodeEscape);
  if (style.hex === 'go') s = s.replace(/[<>&\u2028\u2029]/g, unicodeEscape);
  // PHP writes " as \u0022 (instead of \") and ' as \u0027.
  if (style.hex === 'php') s = s.replace(/\\"/g, '\\u0022').replace(/[<>&']/g, unicodeEscape);
  if (style.slash) s = s.replace(/\//g, '\\/');
  return s;
}

/** `value` as a JSON string's content in every encoder's style, once and twice (a JSON body echoed inside another). */
function jsonEscapes(value: string): string[] {
  const out = new Set<string>();
  for (const style of JSON_STYLES) {
    const once = jsonEscape(value, style);
    out.add(once);
    // Some encoders write the hex digits in upper case (\u003C).
    out.add(once.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`));
    out.add(jsonEscape(once, style));
    // JavaScript's JSON.stringify around what another encoder wrote.
    out.add(jsonEscape(once, PLAIN_JSON));
  }
  // Every character but letters, digits and spaces as \uXXXX.
  out.add([...value].map((c) => (/[A-Za-z0-9 ]/.test(c) ? c : unicodeEscape(c))).join(''));
  return [...out];
}

const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

const utf8 = (text: string) => new TextEncoder().encode(text);

/** base64 of the UTF-8 bytes, with btoa: the same in Node and in the browser. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const toBase64Url = (std: string) => std.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function b64(s: string): string[] {
  const std = base64(utf8(s));
  return [std, std.replace(/=+$/, ''), toBase64Url(std)];
}

/** Shorter base64 forms could match by chance; a secret that short gets none. */
const MIN_BASE64_VARIANT = 8;

/**
 * The base64 (and base64url) characters that only `text` decides when it sits `offset` bytes (mod 3) into a longer
 * encoded blob: how a secret looks inside a base64-encoded JSON body, state or token, whatever surrounds it.
 */
function embeddedBase64(text: string, offset: number): string[] {
  const bytes = new Uint8Array([...new Array<number>(offset).fill(0x78), ...utf8(text)]);
  const inner = base64(bytes).slice(4 * Math.ceil(offset / 3), 4 * Math.floor(bytes.length / 3));
  return [inner, inner.replace(/\+/g, '-').replace(/\//g, '_')];
}

/** base64 of the secret, alone or inside a blob, raw or as JSON or a form would have held it. */
function base64Variants(value: string): string[] {
  const out = new Set<string>();
  for (const text of new Set([value, JSON.stringify(value).slice(1, -1), formEncode(value), encodeURIComponent(value)])) {
    for (const b of b64(text)) out.add(b);
    for (let offset = 0; offset < 3; offset++) for (const b of embeddedBase64(text, offset)) out.add(b);
  }
  const all = [...out].filter((b) => b.length >= MIN_BASE64_VARIANT);
  // Standard base64 has `/`, which a JSON encoder may write as `\/`.
  return [...all, ...all.filter((b) => b.includes('/')).map((b) => b.replace(/\//g, '\\/'))];
}

function variantsOf(value: string): string[] {
  const base = new Set<string>([value, encodeURIComponent(value), formEncode(value), strictEncode(value), encodeURI(value), htmlEscape(value), htmlEscapeNumeric(value)]);
  for (const v of [...base]) base.add(lowerHex(v));
  // Double form-encoding happens when an encoded body is itself put in a query or form.
  base.add(formEncode(formEncode(value)));
  base.add(encodeURIComponent(encodeURIComponent(value)));
  const out = new Set<string>();
  for (const v of base) {
    out.add(v);
    for (const j of jsonEscapes(v)) out.add(j);
  }
  // JSON written into an HTML page (an error page that shows the request, say).
  for (const j of jsonEscapes(value)) out.add(htmlEscape(j));
  for (const b of base64Variants(value)) out.add(b);
  return [...out];
}

function basicVariants(pair: BasicPair): string[] {
  const creds = [
    `${formEncode(pair.id)}:${formEncode(pair.secret)}`,
    `${encodeURIComponent(pair.id)}:${encodeURIComponent(pair.secret)}`,
    `${pair.id}:${pair.secret}`,
  ];
  const out = new Set<string>();
  for (const c of creds) {
    for (const b of b64(c)) {
      out.add(b);
      for (const j of jsonEscapes(b)) out.add(j);
    }
  }
  return [...out];
}

/** Fields whose values Link Doctor itself names (a finding's id, status and guide node; the probe's name). */
const OWN_FIELDS = new Set(['probe', 'id', 'status', 'node']);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A secret cut short keeps at least this many of its first characters before it counts: fewer say next to nothing
 * about it, and would match ordinary text by chance.
 */
export const MIN_CUT_SECRET = 6;

/** Build a redactor from the secrets of one probe run. Empty values are ignored. */
export function createRedactor(secrets: ReadonlyArray<Secret>, basicPairs: ReadonlyArray<BasicPair> = []): Redactor {
  const replacement = new Map<string, string>();
  const add = (variant: string, label: string) => {
    if (variant === '') return;
    // Longer secrets win when two share a variant; the first label given for a variant stays.
    if (!replacement.has(variant)) replacement.set(variant, `[redacted ${label}]`);
  };
  for (const p of basicPairs) {
    if (p.secret === '') continue;
    for (const v of basicVariants(p)) add(v, 'client credentials');
  }
  const sorted = [...secrets].filter((s) => s.value !== '').sort((a, b) => b.value.length - a.value.length);
  for (const s of sorted) for (const v of variantsOf(s.value)) add(v, s.label);

  const variants = [...replacement.keys()].sort((a, b) => b.length - a.length);
  const pattern = variants.length ? new RegExp(variants.map(escapeRegExp).join('|'), 'g') : null;

  // Variants by their first MIN_CUT_SECRET characters, to find the start of one that was cut off.
  const byStart = new Map<string, string[]>();
  for (const v of variants) {
    if (v.length <= MIN_CUT_SECRET) continue;
    const start = v.slice(0, MIN_CUT_SECRET);
    byStart.set(start, [...(byStart.get(start) ?? []), v]);
  }
  const longest = variants[0]?.length ?? 0;
  // Every run of MIN_CUT_SECRET characters in a variant: text whose end is none of them holds no cut secret there.
  const grams = new Set<string>();
  for (const v of byStart.values()) for (const c of v) for (let i = 0; i + MIN_CUT_SECRET <= c.length; i++) grams.add(c.slice(i, i + MIN_CUT_SECRET));

  /** The length of the longest start of a variant that ends at `end` (and is not the whole variant), or 0. */
  const cutBefore = (text: string, end: number): { length: number; label: string } | null => {
    if (end < MIN_CUT_SECRET || !grams.has(text.slice(end - MIN_CUT_SECRET, end))) return null;
    for (let length = Math.min(end, longest - 1); length >= MIN_CUT_SECRET; length--) {
      const candidates = byStart.get(text.slice(end - length, end - length + MIN_CUT_SECRET));
      if (!candidates) continue;
      const piece = text.slice(end - length, end);
      const v = candidates.find((c) => c.length > length && c.startsWith(piece));
      if (v) return { length, label: replacement.get(v) ?? '[redacted]' };
    }
    return null;
  };

  /** A secret cut short (a quote shortened with "…", a body cut at a size limit) leaves its start: redact that too. */
  const redactCuts = (text: string): string => {
    const ends = [text.length];
    for (let i = text.indexOf('…'); i >= 0; i = text.indexOf('…', i + 1)) ends.push(i);
    let out = text;
    // From the right, so that earlier positions stay valid.
    for (const end of [...new Set(ends)].sort((a, b) => b - a)) {
      const cut = cutBefore(out, end);
      if (cut) out = `${out.slice(0, end - cut.length)}${cut.label}${out.slice(end)}`;
    }
    return out;
  };

  const redact = (text: string): string => (pattern ? redactCuts(text.replace(pattern, (m) => replacement.get(m) ?? '[redacted]')) : text);

  const redactDeep = <T>(value: T): T => {
    const walk = (v: unknown, depth: number): unknown => {
      if (depth > 64) return '[too deep]';
      if (typeof v === 'string') return redact(v);
      if (v === null || typeof v !== 'object') return v;
      // Buffer is a Uint8Array.
      if (v instanceof Uint8Array) return '[binary]';
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
      const out: Record<string, unknown> = {};
      // Keys are the result's own field names, never data from a server, and so are the values of OWN_FIELDS: left as
      // they are, the result keeps its shape and its links to the guide whatever the secret happens to spell.
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = OWN_FIELDS.has(k) && typeof x === 'string' ? x : walk(x, depth + 1);
      return out;
    };
    return walk(value, 0) as T;
  };

  return { redact, redactDeep, variants };
}
