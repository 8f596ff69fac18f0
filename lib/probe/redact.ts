// Redacts secrets (client secret, codes, tokens) in every encoding they can take in a probe's output:
// raw, percent-encoded (upper- or lower-case hex), form-encoded (`+` for space), RFC 3986 strict, HTML-escaped,
// JSON-escaped (with and without `\/` and `\uXXXX`), inside an HTTP Basic header (base64 and base64url of
// urlenc(id):urlenc(secret) and of id:secret), and any of these echoed back by a server.
// Server-side helper (uses Buffer for base64); no I/O.

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

function jsonEscapes(value: string): string[] {
  const std = JSON.stringify(value).slice(1, -1);
  const slash = std.replace(/\//g, '\\/');
  const ascii = std.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // Some encoders (e.g. Go's) escape < > & as \u003c \u003e \u0026.
  const html = std.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [std, slash, ascii, html];
}

const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

function b64(s: string): string[] {
  const std = Buffer.from(s, 'utf8').toString('base64');
  const url = Buffer.from(s, 'utf8').toString('base64url');
  return [std, std.replace(/=+$/, ''), url];
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
    for (const j of jsonEscapes(v)) {
      out.add(j);
      // JSON-escaped twice (a JSON body echoed inside another JSON string).
      for (const jj of jsonEscapes(j)) out.add(jj);
    }
  }
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

  const redact = (text: string): string => (pattern ? text.replace(pattern, (m) => replacement.get(m) ?? '[redacted]') : text);

  const redactDeep = <T>(value: T): T => {
    const walk = (v: unknown, depth: number): unknown => {
      if (depth > 64) return '[too deep]';
      if (typeof v === 'string') return redact(v);
      if (v === null || typeof v !== 'object') return v;
      if (Buffer.isBuffer(v) || v instanceof Uint8Array) return '[binary]';
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
