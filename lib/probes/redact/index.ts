// Redacts secrets (client secret, codes, tokens) in a probe's output, whatever encoding a server echoed them in.
// Rather than list every way a secret can be written, the text is decoded the ways a server encodes, and each
// decoded copy is searched for the secret as it was given; a match redacts the stretch of the original text it came
// from. The decoded copies ("views") of a text:
//  - the text itself;
//  - the text with its escapes decoded, up to three times (an escaped body inside another): percent-encoding
//    (`%2B`, `%2b`, `%u00e9`), HTML character references (`&amp;`, `&#43;`, `&#x2B;`) and JSON and JavaScript escapes
//    (`\"`, `\/`, `\u0026`, `\x2b`); a form's `+` for a space is matched by looking for the secret with `+` for space;
//  - every run of base64 or base64url characters decoded from each of its four alignments, so a secret at any
//    byte inside a longer blob is found, padded or not, and every run of hex digits in either case, each also with its
//    escapes decoded (base64 of a form or JSON body).
// Besides the whole secret, its reversed copy and each of its halves are looked for, and a start of it where a text
// is cut short ("…", "...", or where the text or a decoded blob ends), when these pieces are long and mixed enough to
// never be ordinary words, numbers or names (`isDistinctive`). HTTP Basic credentials (`id:secret`, RFC 6749 §2.3.1)
// are looked for whole, so a Basic header is redacted entirely.
// The search is one Aho–Corasick automaton over the bytes of all those needles: linear in the text's length, with
// no regular expression built from a secret, and each secret adds a fixed number of needles no longer than itself.
// Client-safe (lib/report/redact runs it in the browser too); no I/O.

export interface Secret {
  value: string;
  /** Shown in place of the value, e.g. "client secret" → "[redacted client secret]". */
  label: string;
}

export interface BasicPair {
  id: string;
  secret: string;
  /** Defaults to "client credentials". */
  label?: string;
}

export interface Redactor {
  redact(text: string): string;
  /** Deep copy with every string redacted (object keys and the result's own ids aside). Buffers become "[binary]". */
  redactDeep<T>(value: T): T;
}

/** application/x-www-form-urlencoded serialisation of one value (what URLSearchParams produces: space → `+`). */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * Needles shorter than this many bytes are looked for in text views only: a run of base64 or hex decodes to a few
 * bytes of anything, and the shortest secret accepted as input is this long.
 */
const MIN_BINARY_NEEDLE = 4;

/**
 * A secret cut short keeps at least this many of its first characters before it counts: fewer say next to nothing
 * about it, and would match ordinary text by chance.
 */
const MIN_CUT_SECRET = 6;

/** Each half of a secret, and its reversed copy, are looked for only when at least this long. */
const MIN_HALF = 8;

/** Base64 runs shorter than this cannot hold MIN_BINARY_NEEDLE bytes; hex runs need twice the bytes. */
const MIN_BASE64_RUN = 6;
const MIN_HEX_RUN = 2 * MIN_BINARY_NEEDLE;

/** Escapes are decoded at most this many times (JSON in a JSON string in HTML, as a React payload in a page). */
const MAX_UNESCAPES = 3;

/**
 * A piece of a secret counts only when it has characters of two kinds at least — letters, digits, other symbols
 * (separators `_ . -` and spaces are none of these) — so a word, a number, a field name (`client_secret`) or an id
 * made of words (`token.oauth-error`) is never taken for a piece of a secret.
 */
function isDistinctive(piece: string, minLength: number): boolean {
  if ([...piece].length < minLength) return false;
  const kinds = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}\s_.-]/u].filter((kind) => kind.test(piece)).length;
  return kinds >= 2;
}

// ---- Views: bytes decoded from a text, each byte with the stretch of the text it came from --------------------------

/**
 * Bytes decoded from a text, each with the stretch of the original text it came from, in pieces: a needle is never
 * matched across the end of a piece (two base64 runs decoded one after the other are unrelated bytes).
 */
interface View {
  bytes: Uint8Array;
  /** Start (inclusive) and end (exclusive) in the original text of what each byte was decoded from. */
  from: Int32Array;
  to: Int32Array;
  /** The end (exclusive) of each piece, ascending; the last is bytes.length. */
  pieceEnds: number[];
  /** Per piece: where a match that reaches its last byte ends in the text (after base64 padding), or -1. */
  paddedEnds: number[];
  /** Decoded from base64 or hex: only needles of MIN_BINARY_NEEDLE bytes or more count. */
  binary: boolean;
}

/**
 * Buffers the views of one `redact` call are carved from, reused from call to call: allocating typed arrays for every
 * view of every string costs more than searching them. Views live only during the call that made them. A view
 * larger than POOLED_ENTRIES gets buffers of its own, so one huge text does not keep its memory.
 */
const POOLED_ENTRIES = 1 << 18;
const pool = { bytes: new Uint8Array(0), from: new Int32Array(0), to: new Int32Array(0), used: 0 };

function startPool(): void {
  pool.used = 0;
}

/** Room for `capacity` entries: buffers, and where in them it starts. */
function reserve(capacity: number): { bytes: Uint8Array; from: Int32Array; to: Int32Array; offset: number } {
  if (capacity > POOLED_ENTRIES) return { bytes: new Uint8Array(capacity), from: new Int32Array(capacity), to: new Int32Array(capacity), offset: 0 };
  if (pool.used + capacity > pool.bytes.length) {
    // Grown as calls need it, up to the cap; views made earlier in this call keep the old buffers.
    const size = Math.min(POOLED_ENTRIES, Math.max(2 * pool.bytes.length, 4 * capacity, 1 << 14));
    Object.assign(pool, { bytes: new Uint8Array(size), from: new Int32Array(size), to: new Int32Array(size), used: 0 });
  }
  const offset = pool.used;
  pool.used += capacity;
  return { bytes: pool.bytes, from: pool.from, to: pool.to, offset };
}

/** Builds a view into buffers of a size known in advance (an upper bound on the bytes it will hold). */
class ViewBuilder {
  private readonly bytes: Uint8Array;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly offset: number;
  private length = 0;
  private readonly pieceEnds: number[] = [];
  private readonly paddedEnds: number[] = [];
  private readonly binary: boolean;

  constructor(capacity: number, binary: boolean) {
    this.binary = binary;
    ({ bytes: this.bytes, from: this.from, to: this.to, offset: this.offset } = reserve(capacity));
  }

  byte(value: number, from: number, to: number): void {
    const n = this.offset + this.length++;
    this.bytes[n] = value;
    this.from[n] = from;
    this.to[n] = to;
  }

  /** UTF-8 of a code point; a lone surrogate becomes U+FFFD. */
  codePoint(cp: number, from: number, to: number): void {
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) return this.byte(cp, from, to);
    if (cp < 0x800) return (this.byte(0xc0 | (cp >> 6), from, to), this.byte(0x80 | (cp & 63), from, to));
    if (cp < 0x10000) return (this.byte(0xe0 | (cp >> 12), from, to), this.byte(0x80 | ((cp >> 6) & 63), from, to), this.byte(0x80 | (cp & 63), from, to));
    this.byte(0xf0 | (cp >> 18), from, to);
    this.byte(0x80 | ((cp >> 12) & 63), from, to);
    this.byte(0x80 | ((cp >> 6) & 63), from, to);
    this.byte(0x80 | (cp & 63), from, to);
  }

  /** Ends the piece being built, unless it is empty. */
  endPiece(paddedEnd = -1): void {
    if (this.length === (this.pieceEnds[this.pieceEnds.length - 1] ?? 0)) return;
    this.pieceEnds.push(this.length);
    this.paddedEnds.push(paddedEnd);
  }

  done(): View {
    this.endPiece();
    const [start, end] = [this.offset, this.offset + this.length];
    return {
      bytes: this.bytes.subarray(start, end),
      from: this.from.subarray(start, end),
      to: this.to.subarray(start, end),
      pieceEnds: this.pieceEnds,
      paddedEnds: this.paddedEnds,
      binary: this.binary,
    };
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function textView(text: string): View {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const out = new ViewBuilder(3 * text.length, false);
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    out.codePoint(cp, i, i + width);
    i += width;
  }
  return out.done();
}

const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;

/** The value of `count` hex digits at `at`, or -1. */
function hexAt(bytes: Uint8Array, at: number, count: number): number {
  if (at + count > bytes.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = HEX_VALUE[bytes[i]!]!;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

const ch = (c: string) => c.charCodeAt(0);

/** Named character references a server uses for the characters it escapes (and the ellipsis that marks a cut). */
const NAMED_REFERENCES: Array<[Uint8Array, number]> = (
  [
    ['amp;', 38],
    ['lt;', 60],
    ['gt;', 62],
    ['quot;', 34],
    ['apos;', 39],
    ['AMP;', 38],
    ['LT;', 60],
    ['GT;', 62],
    ['QUOT;', 34],
    ['hellip;', 0x2026],
  ] as const
).map(([name, cp]) => [utf8(name), cp]);

const JSON_SIMPLE_ESCAPES = new Map<number, number>([
  [ch('"'), ch('"')],
  [ch('\\'), ch('\\')],
  [ch('/'), ch('/')],
  [ch("'"), ch("'")],
  [ch('n'), 10],
  [ch('r'), 13],
  [ch('t'), 9],
  [ch('b'), 8],
  [ch('f'), 12],
]);

interface Escape {
  /** A code point, or a raw byte for percent-encoding. */
  value: number;
  raw: boolean;
  length: number;
}

/** A UTF-16 code unit written as `prefix` + 4 hex digits (`\uXXXX`, `%uXXXX`), joined with a following low surrogate. */
function unitEscape(bytes: Uint8Array, at: number, prefix: number): Escape | null {
  const unit = hexAt(bytes, at + 2, 4);
  if (unit < 0) return null;
  if (unit >= 0xd800 && unit <= 0xdbff && bytes[at + 6] === prefix && (bytes[at + 7] === ch('u') || bytes[at + 7] === ch('U'))) {
    const low = hexAt(bytes, at + 8, 4);
    if (low >= 0xdc00 && low <= 0xdfff) return { value: 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), raw: false, length: 12 };
  }
  return { value: unit, raw: false, length: 6 };
}

/** A numeric character reference (`&#43;`, `&#x2B;`, the `;` optional as browsers read it) or a named one, at `&`. */
function referenceAt(bytes: Uint8Array, at: number): Escape | null {
  if (bytes[at + 1] === ch('#')) {
    const isHex = bytes[at + 2] === ch('x') || bytes[at + 2] === ch('X');
    const start = at + (isHex ? 3 : 2);
    let i = start;
    let value = 0;
    while (i < bytes.length && i - start < 8) {
      const digit = HEX_VALUE[bytes[i]!]!;
      if (digit < 0 || (!isHex && digit > 9)) break;
      value = value * (isHex ? 16 : 10) + digit;
      i++;
    }
    if (i === start || value > 0x10ffff || value === 0) return null;
    if (bytes[i] === ch(';')) i++;
    return { value, raw: false, length: i - at };
  }
  for (const [name, value] of NAMED_REFERENCES) {
    if (name.every((b, k) => bytes[at + 1 + k] === b)) return { value, raw: false, length: 1 + name.length };
  }
  return null;
}

function escapeAt(bytes: Uint8Array, at: number): Escape | null {
  const c = bytes[at];
  const next = bytes[at + 1];
  if (c === ch('%')) {
    const byte = hexAt(bytes, at + 1, 2);
    if (byte >= 0) return { value: byte, raw: true, length: 3 };
    if (next === ch('u') || next === ch('U')) return unitEscape(bytes, at, ch('%'));
    return null;
  }
  if (c === ch('&')) return referenceAt(bytes, at);
  if (c === ch('\\') && next !== undefined) {
    if (next === ch('u')) return unitEscape(bytes, at, ch('\\'));
    if (next === ch('x')) {
      const cp = hexAt(bytes, at + 2, 2);
      return cp < 0 ? null : { value: cp, raw: false, length: 4 };
    }
    const simple = JSON_SIMPLE_ESCAPES.get(next);
    return simple === undefined ? null : { value: simple, raw: false, length: 2 };
  }
  return null;
}

/** Whether any byte could start an escape (`%`, `&`, `\\`): most texts have none, and need no decoding. */
function hasEscapeStart(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x25 || bytes[i] === 0x26 || bytes[i] === 0x5c) return true;
  return false;
}

/** The view with its escapes decoded once (never across a piece's end), or null when it has none. */
function unescapeView(view: View): View | null {
  const { bytes, from, to } = view;
  if (!hasEscapeStart(bytes)) return null;
  // Every escape is at least as long as the UTF-8 it stands for.
  const out = new ViewBuilder(bytes.length, view.binary);
  let changed = false;
  let start = 0;
  view.pieceEnds.forEach((end, p) => {
    const piece = bytes.subarray(start, end);
    for (let i = 0; i < piece.length; ) {
      const at = start + i;
      const escape = escapeAt(piece, i);
      if (!escape) {
        out.byte(piece[i]!, from[at]!, to[at]!);
        i++;
        continue;
      }
      if (escape.raw) out.byte(escape.value, from[at]!, to[at + escape.length - 1]!);
      else out.codePoint(escape.value, from[at]!, to[at + escape.length - 1]!);
      i += escape.length;
      changed = true;
    }
    out.endPiece(view.paddedEnds[p]);
    start = end;
  });
  return changed ? out.done() : null;
}

/** An escape left unfinished where a text was cut (`%2`, `&#x4`, `\u00`): the bytes before it are where the cut is. */
const UNFINISHED_ESCAPE = /^(?:%(?:[uU][0-9a-fA-F]{0,3}|[0-9a-fA-F])?|&(?:#(?:[xX][0-9a-fA-F]{0,7}|[0-9]{0,7})|[a-zA-Z]{0,6})|\\(?:u[0-9a-fA-F]{0,3}|x[0-9a-fA-F]?)?)$/;

function beforeUnfinishedEscape(bytes: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start && i >= end - 10; i--) {
    const c = bytes[i];
    if (c === ch('%') || c === ch('&') || c === ch('\\')) {
      return UNFINISHED_ESCAPE.test(String.fromCharCode(...bytes.subarray(i, end))) ? i : end;
    }
  }
  return end;
}

const BASE64_VALUE = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (BASE64_VALUE[ch(c)] = i));
BASE64_VALUE[ch('-')] = 62;
BASE64_VALUE[ch('_')] = 63;

/** Scratch space for the positions of a run's characters, and for the states of a search (one runs at a time). */
let positionScratch = new Int32Array(1024);
let stateScratch = new Int32Array(1024);

/**
 * Every base64 (or base64url) run of a text view decoded from each of its four alignments, a piece each; line breaks
 * inside a run (MIME, PEM) are skipped.
 */
function base64View(text: View): View {
  const { bytes, from, to } = text;
  // Four alignments of a run of n characters decode to less than 3n bytes.
  const out = new ViewBuilder(3 * bytes.length, true);
  if (positionScratch.length < bytes.length) positionScratch = new Int32Array(bytes.length);
  const positions = positionScratch;
  for (let i = 0; i < bytes.length; i++) {
    let count = 0;
    for (; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (BASE64_VALUE[b]! >= 0) positions[count++] = i;
      else if (!((b === 10 || b === 13) && count > 0)) break;
    }
    if (count < MIN_BASE64_RUN) continue;
    const last = positions[count - 1]!;
    let padded = last + 1;
    while (bytes[padded] === ch('=') && padded - last <= 2) padded++;
    for (let align = 0; align < 4 && count - align >= MIN_BASE64_RUN; align++) {
      for (let k = align; k + 1 < count; k += 4) {
        const p0 = positions[k]!;
        const p1 = positions[k + 1]!;
        const v0 = BASE64_VALUE[bytes[p0]!]!;
        const v1 = BASE64_VALUE[bytes[p1]!]!;
        out.byte(((v0 << 2) | (v1 >> 4)) & 255, from[p0]!, to[p1]!);
        if (k + 2 >= count) break;
        const p2 = positions[k + 2]!;
        const v2 = BASE64_VALUE[bytes[p2]!]!;
        out.byte(((v1 << 4) | (v2 >> 2)) & 255, from[p1]!, to[p2]!);
        if (k + 3 >= count) break;
        const p3 = positions[k + 3]!;
        out.byte(((v2 << 6) | BASE64_VALUE[bytes[p3]!]!) & 255, from[p2]!, to[p3]!);
      }
      out.endPiece(to[padded - 1]!);
    }
  }
  return out.done();
}

/** Every run of hex digits of a text view, either case, decoded from both alignments, a piece each. */
function hexView(text: View): View {
  const { bytes, from, to } = text;
  const out = new ViewBuilder(bytes.length, true);
  for (let i = 0; i < bytes.length; i++) {
    const start = i;
    while (i < bytes.length && HEX_VALUE[bytes[i]!]! >= 0) i++;
    if (i - start < MIN_HEX_RUN) continue;
    for (const align of [0, 1]) {
      for (let k = start + align; k + 1 < i; k += 2) out.byte(hexAt(bytes, k, 2), from[k]!, to[k + 1]!);
      out.endPiece();
    }
  }
  return out.done();
}

/** The views of a text to search: the text, its escapes decoded, and its base64 and hex runs decoded. */
function viewsOf(text: string): View[] {
  let view = textView(text);
  const views = [view];
  for (let k = 0; k < MAX_UNESCAPES; k++) {
    const next = unescapeView(view);
    if (!next) break;
    views.push((view = next));
  }
  for (const binary of [base64View(view), hexView(view)]) {
    if (binary.bytes.length === 0) continue;
    views.push(binary);
    const unescaped = unescapeView(binary);
    if (unescaped) views.push(unescaped);
  }
  return views;
}

// ---- The needles and their automaton ---------------------------------------------------------------------------------

/**
 * Aho–Corasick over bytes. Each node knows the longest needle that ends there (for matches), and whether it lies on
 * a needle whose start counts when a text is cut (for cuts).
 */
class NeedleIndex {
  private readonly edges = new Map<number, number>();
  private readonly depths: number[] = [0];
  private readonly parents: number[] = [0];
  private readonly lastBytes: number[] = [0];
  /** Label of the needle that ends at a node (-1: none), and of the first cuttable needle through it. */
  private readonly ends: number[] = [-1];
  private readonly cutLabels: number[] = [-1];
  private fail = new Int32Array(1);
  /** Where the root goes on each byte: most of a text never leaves it. */
  private readonly fromRoot = new Int32Array(256);
  /** Longest needle ending at a node (0: none), and its label; the same among needles for binary views. */
  match = new Int32Array(1);
  matchLabel = new Int32Array(1);
  binaryMatch = new Int32Array(1);
  binaryLabel = new Int32Array(1);

  get empty(): boolean {
    return this.depths.length === 1;
  }

  add(needle: Uint8Array, label: number, cuttable: boolean): void {
    if (needle.length === 0) return;
    let node = 0;
    for (const b of needle) {
      let next = this.edges.get(node * 256 + b);
      if (next === undefined) {
        next = this.depths.length;
        this.edges.set(node * 256 + b, next);
        this.depths.push(this.depths[node]! + 1);
        this.parents.push(node);
        this.lastBytes.push(b);
        this.ends.push(-1);
        this.cutLabels.push(-1);
      }
      node = next;
      if (cuttable && this.cutLabels[node] === -1) this.cutLabels[node] = label;
    }
    // The first label given for a needle stays.
    if (this.ends[node] === -1) this.ends[node] = label;
  }

  build(): void {
    const count = this.depths.length;
    this.fail = new Int32Array(count);
    this.match = new Int32Array(count);
    this.matchLabel = new Int32Array(count);
    this.binaryMatch = new Int32Array(count);
    this.binaryLabel = new Int32Array(count);
    for (let b = 0; b < 256; b++) this.fromRoot[b] = this.edges.get(b) ?? 0;
    // Shallower nodes first, so a node's failure link and its answers are known before its children need them.
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => this.depths[a]! - this.depths[b]!);
    for (const node of order) {
      if (node === 0) continue;
      const parent = this.parents[node]!;
      this.fail[node] = parent === 0 ? 0 : this.next(this.fail[parent]!, this.lastBytes[node]!);
      const f = this.fail[node]!;
      const label = this.ends[node]!;
      const depth = this.depths[node]!;
      [this.match[node], this.matchLabel[node]] = label >= 0 ? [depth, label] : [this.match[f]!, this.matchLabel[f]!];
      [this.binaryMatch[node], this.binaryLabel[node]] =
        label >= 0 && depth >= MIN_BINARY_NEEDLE ? [depth, label] : [this.binaryMatch[f]!, this.binaryLabel[f]!];
    }
  }

  next(state: number, byte: number): number {
    for (; state !== 0; state = this.fail[state]!) {
      const to = this.edges.get(state * 256 + byte);
      if (to !== undefined) return to;
    }
    return this.fromRoot[byte]!;
  }

  /** The longest text ending at `state` that starts a cuttable needle: its length and label, or null. */
  cutAt(state: number): { length: number; label: number } | null {
    for (let s = state; s !== 0; s = this.fail[s]!) {
      if (this.cutLabels[s]! >= 0) return { length: this.depths[s]!, label: this.cutLabels[s]! };
    }
    return null;
  }
}

const reversed = (s: string) => [...s].reverse().join('');

/** The secret as the escape decoder turns it (a secret that itself looks escaped, `a%2Bb` or `x&amp;y`), at each pass. */
function unescapedForms(value: string): Uint8Array[] {
  const forms: Uint8Array[] = [];
  let view: View | null = textView(value);
  for (let k = 0; k < MAX_UNESCAPES && (view = unescapeView(view)); k++) forms.push(view.bytes.slice());
  return forms;
}

/** What is looked for for one secret: it whole as written and decoded, reversed, and each half. */
function needlesOf(value: string): Uint8Array[] {
  const whole = [value, value.replace(/ /g, '+')].map(utf8);
  const pieces: string[] = [];
  if (isDistinctive(value, MIN_HALF)) pieces.push(reversed(value));
  const half = Math.floor(value.length / 2);
  // Floor-length halves: whichever side a split puts the middle character on, each part holds one of them.
  if (half >= MIN_HALF) for (const piece of [value.slice(0, half), value.slice(value.length - half)]) if (isDistinctive(piece, MIN_HALF)) pieces.push(piece);
  return [...whole, ...unescapedForms(value), ...pieces.map(utf8)];
}

interface Span {
  start: number;
  end: number;
  label: number;
}

/** Cut points of a piece: before each "…" or "...", and at its end. */
function cutPoints(bytes: Uint8Array, start: number, end: number): number[] {
  const points: number[] = [];
  for (let i = start; i + 2 < end; i++) {
    const ellipsis = bytes[i] === 0xe2 && bytes[i + 1] === 0x80 && bytes[i + 2] === 0xa6;
    const dots = bytes[i] === ch('.') && bytes[i + 1] === ch('.') && bytes[i + 2] === ch('.');
    if (ellipsis || dots) points.push(i);
  }
  points.push(end);
  return points;
}

/** Adds the span of bytes first..last of piece `piece`, or stretches the last span when this one continues it. */
function addSpan(spans: Span[], view: View, piece: number, first: number, last: number, label: number): void {
  const start = view.from[first]!;
  const padded = view.paddedEnds[piece]!;
  const end = last === view.pieceEnds[piece]! - 1 && padded >= 0 ? padded : view.to[last]!;
  const previous = spans[spans.length - 1];
  // A secret repeated, or matched again in another view, mostly continues the span before.
  if (previous && previous.label === label && start >= previous.start && start <= previous.end) previous.end = Math.max(previous.end, end);
  else spans.push({ start, end, label });
}

/**
 * Finds every needle in the view, and every start of one where a piece is cut. `shortenedAt` holds where in the
 * text shortenRandomRuns cut a run: the start it kept was random-looking, so a start of a secret there counts however
 * it looks, down to MIN_BINARY_NEEDLE bytes (the 8 hex digits it keeps of a hex run).
 */
function search(index: NeedleIndex, view: View, spans: Span[], shortenedAt: ReadonlySet<number>): void {
  const { bytes } = view;
  if (stateScratch.length < bytes.length) stateScratch = new Int32Array(bytes.length);
  const states = stateScratch;
  const match = view.binary ? index.binaryMatch : index.match;
  const matchLabel = view.binary ? index.binaryLabel : index.matchLabel;
  let start = 0;
  view.pieceEnds.forEach((end, piece) => {
    let state = 0;
    for (let i = start; i < end; i++) {
      state = index.next(state, bytes[i]!);
      states[i] = state;
      const length = match[state]!;
      if (length > 0) addSpan(spans, view, piece, i - length + 1, i, matchLabel[state]!);
    }
    for (const point of cutPoints(bytes, start, end)) {
      const cutEnd = beforeUnfinishedEscape(bytes, start, point);
      if (cutEnd === start) continue;
      const cut = index.cutAt(states[cutEnd - 1]!);
      const shortened = shortenedAt.has(view.to[cutEnd - 1]!);
      if (!cut || cut.length < (shortened ? MIN_BINARY_NEEDLE : MIN_CUT_SECRET)) continue;
      if (!shortened && !isDistinctive(fromUtf8(bytes.subarray(cutEnd - cut.length, cutEnd)), MIN_CUT_SECRET)) continue;
      addSpan(spans, view, piece, cutEnd - cut.length, cutEnd - 1, cut.label);
    }
    start = end;
  });
}

/** The text with each stretch redacted; overlapping stretches become one, named after the longest of them. */
function applySpans(text: string, spans: Span[], labels: string[]): string {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length; ) {
    let { start, end, label } = spans[i]!;
    let longest = end - start;
    for (i++; i < spans.length && spans[i]!.start < end; i++) {
      const s = spans[i]!;
      if (s.end - s.start > longest || (s.end - s.start === longest && s.label < label)) [longest, label] = [s.end - s.start, s.label];
      end = Math.max(end, s.end);
    }
    out += `${text.slice(at, start)}[redacted ${labels[label]}]`;
    at = end;
  }
  return out + text.slice(at);
}

/** Fields whose values Link Doctor itself names (a finding's id, status and guide node; the probe's name). */
const OWN_FIELDS = new Set(['probe', 'id', 'status', 'node']);

/** Build a redactor from the secrets of one probe run. Empty values are ignored. */
export function createRedactor(secrets: ReadonlyArray<Secret>, basicPairs: ReadonlyArray<BasicPair> = []): Redactor {
  const labels: string[] = [];
  const index = new NeedleIndex();
  const labelOf = (label: string) => (labels.includes(label) ? labels.indexOf(label) : labels.push(label) - 1);
  for (const pair of basicPairs) {
    if (pair.secret === '') continue;
    const label = labelOf(pair.label ?? 'client credentials');
    // Decoded, urlenc(id):urlenc(secret) reads as id:secret with `+` for spaces. Its start is the client ID, no
    // secret: a text cut after it is not cut inside a secret.
    const credentials = `${pair.id}:${pair.secret}`;
    for (const form of new Set([credentials, credentials.replace(/ /g, '+')])) index.add(utf8(form), label, false);
  }
  // Longer secrets first: when two share a needle, the longer one's label stays.
  const sorted = [...secrets].filter((s) => s.value !== '').sort((a, b) => b.value.length - a.value.length);
  for (const s of sorted) {
    const label = labelOf(s.label);
    for (const needle of needlesOf(s.value)) index.add(needle, label, true);
  }
  index.build();

  const redact = (text: string): string => {
    if (index.empty || text === '') return text;
    const spans: Span[] = [];
    startPool();
    const shortenedAt = new Set([...text.matchAll(SHORTENED_MARK)].map((m) => m.index));
    for (const view of viewsOf(text)) search(index, view, spans, shortenedAt);
    return spans.length ? applySpans(text, spans, labels) : text;
  };

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

  return { redact, redactDeep };
}

// ---- Random-looking runs in quoted server text ------------------------------------------------------------------------

/** Characters kept from the start of a shortened run: enough for support to tell one token or id from another. */
const RANDOM_RUN_KEPT = 8;
/** Runs shorter than this are left whole: shortening them would hide little. */
const MIN_RANDOM_RUN = 24;
/** Parts of a run (between `/` and `.`) with fewer letters and digits than this neither make nor break a random run. */
const MIN_RANDOM_PART = 8;
/** How often neighbouring letters and digits change kind (lower, upper, digit) in base64; words and names rarely do. */
const MIN_KIND_CHANGES = 0.4;

const shortenedRun = (run: string) => `${run.slice(0, RANDOM_RUN_KEPT)}…[${run.length} characters]`;
/** The mark shortenedRun leaves after the start it keeps. */
const SHORTENED_MARK = /…\[\d+ characters\]/g;

type PartKind = 'random' | 'short' | 'ordinary';

function partKind(part: string): PartKind {
  const alnum = part.replace(/[^A-Za-z0-9]/g, '');
  if (alnum.length < MIN_RANDOM_PART) return 'short';
  // Hex ids, hashes and UUIDs: letters and digits of one case.
  if (/^[0-9a-fA-F-]+=*$/.test(part) && /[0-9]/.test(part) && /[a-fA-F]/.test(part)) return 'random';
  const kind = (c: string) => (c >= 'a' && c <= 'z' ? 0 : c >= 'A' && c <= 'Z' ? 1 : 2);
  let changes = 0;
  let pairs = 0;
  const kinds = new Set<number>();
  // Only neighbours within a stretch of letters and digits: `-`, `_` and `+` start a new stretch.
  for (const stretch of part.match(/[A-Za-z0-9]+/g) ?? []) {
    for (let i = 0; i < stretch.length; i++) {
      kinds.add(kind(stretch[i]!));
      if (i > 0) (pairs++, (changes += kind(stretch[i]!) === kind(stretch[i - 1]!) ? 0 : 1));
    }
  }
  return kinds.size >= 2 && pairs > 0 && changes / pairs >= MIN_KIND_CHANGES ? 'random' : 'ordinary';
}

/** A run of token characters with its random-looking stretches of parts shortened. */
function shortenRun(run: string): string {
  const parts = [...run.matchAll(/[^/.]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: partKind(m[0]) }));
  let out = '';
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.kind !== 'random') continue;
    // A stretch of random parts, with short ones between them (base64's `/` falls anywhere).
    let last = i;
    for (let j = i + 1; j < parts.length && parts[j]!.kind !== 'ordinary'; j++) if (parts[j]!.kind === 'random') last = j;
    const { start } = parts[i]!;
    const { end } = parts[last]!;
    if (end - start >= MIN_RANDOM_RUN) {
      out += `${run.slice(at, start)}${shortenedRun(run.slice(start, end))}`;
      at = end;
    }
    i = last;
  }
  return out + run.slice(at);
}

/**
 * Quoted server text with each long random-looking run (a token, a JWT, a hash, a base64 blob) cut to its first
 * characters and its length, e.g. "eyJhbGci…[155 characters]": a server may echo secrets Link Doctor was never told
 * about, or in a form it cannot decode, and a run like that says nothing more to a reader. Prose, URLs, error codes,
 * field names and numbers are left as they are. Apply it to text quoted from a server, before redaction.
 */
export function shortenRandomRuns(text: string): string {
  return text.replace(/[A-Za-z0-9+/_.-]+=*/g, shortenRun);
}
