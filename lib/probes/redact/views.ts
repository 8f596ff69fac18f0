// The decoded copies ("views") of a text that the redactor searches, each byte with the stretch of the text it came
// from:
//  - the text itself;
//  - the text with its escapes decoded, up to MAX_UNESCAPES times (an escaped body inside another): percent-encoding,
//    HTML character references and JSON and JavaScript escapes (./escapes);
//  - every run of base64 or base64url characters decoded from each of its four alignments, so a secret at any
//    byte inside a longer blob is found, padded or not, and every run of hex digits in either case, each also with its
//    escapes decoded (base64 of a form or JSON body).
// Client-safe: no I/O.

import { beforeUnfinishedEscape, ch, escapeAt, HEX_VALUE, hasEscapeStart, hexAt } from './escapes';

/**
 * Needles shorter than this many bytes are looked for in text views only: a run of base64 or hex decodes to a few
 * bytes of anything, and the shortest secret accepted as input is this long.
 */
export const MIN_BINARY_NEEDLE = 4;

/** Base64 runs shorter than this cannot hold MIN_BINARY_NEEDLE bytes; hex runs need twice the bytes. */
const MIN_BASE64_RUN = 6;
const MIN_HEX_RUN = 2 * MIN_BINARY_NEEDLE;

/** Escapes are decoded at most this many times (JSON in a JSON string in HTML, as a React payload in a page). */
export const MAX_UNESCAPES = 3;

/**
 * Bytes decoded from a text, each with the stretch of the original text it came from, in pieces: a needle is never
 * matched across the end of a piece (two base64 runs decoded one after the other are unrelated bytes).
 */
export interface View {
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

export function startPool(): void {
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

export function textView(text: string): View {
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

/** The view with its escapes decoded once (never across a piece's end), or null when it has none. */
export function unescapeView(view: View): View | null {
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

const BASE64_VALUE = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (BASE64_VALUE[ch(c)] = i));
BASE64_VALUE[ch('-')] = 62;
BASE64_VALUE[ch('_')] = 63;

/** Scratch space for the positions of a run's characters (one run at a time). */
let positionScratch = new Int32Array(1024);

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
export function viewsOf(text: string): View[] {
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
