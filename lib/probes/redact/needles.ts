// The matcher: what is looked for for each secret (it whole as written and decoded, reversed, and each half) and the
// one Aho–Corasick automaton over the bytes of all those needles, run over each view of a text; and the text with
// each stretch a match came from redacted. Linear in the text's length, with no regular expression built from a
// secret. Client-safe: no I/O.

import { beforeUnfinishedEscape, ch, utf8 } from './escapes';
import { MAX_UNESCAPES, MIN_BINARY_NEEDLE, textView, unescapeView, type View } from './views';

const fromUtf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * A secret cut short keeps at least this many of its first characters before it counts: fewer say next to nothing
 * about it, and would match ordinary text by chance.
 */
const MIN_CUT_SECRET = 6;

/** Each half of a secret, and its reversed copy, are looked for only when at least this long. */
const MIN_HALF = 8;

/**
 * Where a match of a needle counts, in text views (decoded base64 and hex runs are no ordinary text: there a needle
 * counts anywhere, from MIN_BINARY_NEEDLE bytes on):
 *  - ANYWHERE: long and mixed enough never to be ordinary text (a word, a number, a field name) or part of it;
 *  - TOKEN: where it stands as a token of its own, with no letter, digit or `_` just before or after it, so a word or
 *    number it spells inside another ("rt" in "port", "443" in "14430") is left alone;
 *  - VALUE: too short or plain to tell from text ("rt", "443", "token"): only where it is a whole value — quoted
 *    (a JSON string, an HTML attribute, a finding's quote), a form or query parameter's value, a header's value, after
 *    "Bearer", an element's text, or a whole string of the result.
 */
export const Rule = { ANYWHERE: 0, TOKEN: 1, VALUE: 2 } as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

/** A secret shorter than this, or plain (one kind of character) and shorter than MIN_PLAIN_TOKEN, is a VALUE. */
const MIN_MIXED_TOKEN = 6;
const MIN_PLAIN_TOKEN = 8;

/** How far a match of the secret as given counts (its pieces are looked for only when distinctive: ANYWHERE). */
export function ruleOf(value: string): Rule {
  if (isDistinctive(value, MIN_HALF)) return Rule.ANYWHERE;
  if (isDistinctive(value, MIN_MIXED_TOKEN) || [...value].length >= MIN_PLAIN_TOKEN) return Rule.TOKEN;
  return Rule.VALUE;
}

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

/**
 * Aho–Corasick over bytes. Each node knows the longest needle that ends there (for matches), and whether it lies on
 * a needle whose start counts when a text is cut (for cuts).
 */
export class NeedleIndex {
  private readonly edges = new Map<number, number>();
  private readonly depths: number[] = [0];
  private readonly parents: number[] = [0];
  private readonly lastBytes: number[] = [0];
  /** Label of the needle that ends at a node (-1: none), and of the first cuttable needle through it. */
  private readonly ends: number[] = [-1];
  /** The rule of the needle that ends at a node: the most lenient when several secrets share it. */
  readonly rules: Rule[] = [Rule.ANYWHERE];
  /** The node of the next shorter needle that ends where this node's does (0: none). */
  shorter = new Int32Array(1);
  private readonly cutLabels: number[] = [-1];
  private fail = new Int32Array(1);
  /** Where the root goes on each byte: most of a text never leaves it. */
  private readonly fromRoot = new Int32Array(256);
  /** The node of the longest needle ending at a node (0: none); the same among needles for binary views. */
  match = new Int32Array(1);
  binaryMatch = new Int32Array(1);

  get empty(): boolean {
    return this.depths.length === 1;
  }

  depth(node: number): number {
    return this.depths[node]!;
  }

  label(node: number): number {
    return this.ends[node]!;
  }

  add(needle: Uint8Array, label: number, cuttable: boolean, rule: Rule = Rule.ANYWHERE): void {
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
        this.rules.push(Rule.VALUE);
        this.cutLabels.push(-1);
      }
      node = next;
      if (cuttable && this.cutLabels[node] === -1) this.cutLabels[node] = label;
    }
    // The first label given for a needle stays.
    if (this.ends[node] === -1) this.ends[node] = label;
    this.rules[node] = Math.min(this.rules[node]!, rule) as Rule;
  }

  build(): void {
    const count = this.depths.length;
    this.fail = new Int32Array(count);
    this.match = new Int32Array(count);
    this.binaryMatch = new Int32Array(count);
    this.shorter = new Int32Array(count);
    for (let b = 0; b < 256; b++) this.fromRoot[b] = this.edges.get(b) ?? 0;
    // Shallower nodes first, so a node's failure link and its answers are known before its children need them.
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => this.depths[a]! - this.depths[b]!);
    for (const node of order) {
      if (node === 0) continue;
      const parent = this.parents[node]!;
      this.fail[node] = parent === 0 ? 0 : this.next(this.fail[parent]!, this.lastBytes[node]!);
      const f = this.fail[node]!;
      const ends = this.ends[node]! >= 0;
      this.match[node] = ends ? node : this.match[f]!;
      this.binaryMatch[node] = ends && this.depths[node]! >= MIN_BINARY_NEEDLE ? node : this.binaryMatch[f]!;
      this.shorter[node] = this.match[f]!;
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
export function needlesOf(value: string): Array<{ needle: Uint8Array; rule: Rule }> {
  const rule = ruleOf(value);
  const whole = [value, value.replace(/ /g, '+')].map(utf8);
  const pieces: string[] = [];
  if (isDistinctive(value, MIN_HALF)) pieces.push(reversed(value));
  const half = Math.floor(value.length / 2);
  // Floor-length halves: whichever side a split puts the middle character on, each part holds one of them.
  if (half >= MIN_HALF) for (const piece of [value.slice(0, half), value.slice(value.length - half)]) if (isDistinctive(piece, MIN_HALF)) pieces.push(piece);
  return [...[...whole, ...unescapedForms(value)].map((needle) => ({ needle, rule })), ...pieces.map((p) => ({ needle: utf8(p), rule: Rule.ANYWHERE }))];
}

/** The code point whose UTF-8 ends just before `at` (-1 at `start`), or starts at `at` (-1 at `end`). */
function codePointBefore(bytes: Uint8Array, start: number, at: number): number {
  let i = at - 1;
  while (i > start && i > at - 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  return i < start ? -1 : new TextDecoder().decode(bytes.subarray(i, at)).codePointAt(0) ?? -1;
}
function codePointAt(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end) return -1;
  let i = at + 1;
  while (i < end && i < at + 4 && (bytes[i]! & 0xc0) === 0x80) i++;
  return new TextDecoder().decode(bytes.subarray(at, i)).codePointAt(0) ?? -1;
}

const isTokenCharacter = (cp: number) => cp >= 0 && /[\p{L}\p{N}\p{M}_]/u.test(String.fromCodePoint(cp));

/** Quotes and the quote that closes each, around a whole value. */
const CLOSING_QUOTE = new Map<number, number>(
  [['"', '"'], ["'", "'"], ['`', '`'], ['\u201c', '\u201d'], ['\u2018', '\u2019'], ['\u00ab', '\u00bb'], ['>', '<']].map(([a, b]) => [a!.codePointAt(0)!, b!.codePointAt(0)!]),
);
/** What may follow a form or query parameter's value, and a header's or a JSON number's. */
const AFTER_PARAMETER = new Set([...'&#;,"\'<> \t\r\n'].map((c) => c.codePointAt(0)!));
const AFTER_HEADER = new Set([...',;}\r\n'].map((c) => c.codePointAt(0)!));
const BEARER = utf8('bearer ');

/** Whether bytes first..last of a piece (start..end) are where the rule lets a secret count. */
function counts(rule: Rule, bytes: Uint8Array, start: number, end: number, first: number, last: number): boolean {
  if (rule === Rule.ANYWHERE) return true;
  const before = codePointBefore(bytes, start, first);
  const after = codePointAt(bytes, last + 1, end);
  if (isTokenCharacter(before) || isTokenCharacter(after)) return false;
  if (rule === Rule.TOKEN) return true;
  if (before === -1 && after === -1) return true;
  if (before !== -1 && CLOSING_QUOTE.get(before) === after) return true;
  if (before === ch('=')) return after === -1 || AFTER_PARAMETER.has(after);
  // A header's value (`Name: value`), a JSON number or a YAML value: after a colon and spaces, up to the line's end.
  let i = first;
  while (i > start && (bytes[i - 1] === ch(' ') || bytes[i - 1] === 9)) i--;
  if (i > start && bytes[i - 1] === ch(':')) return after === -1 || AFTER_HEADER.has(after) || (after === ch(' ') && bytes[last + 2] === ch('}'));
  // After "Bearer " (an Authorization header's credentials quoted on their own).
  if (first - start >= BEARER.length && BEARER.every((b, k) => (bytes[first - BEARER.length + k]! | 0x20) === b)) return !isTokenCharacter(after);
  return false;
}

export interface Span {
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

/** Scratch space for the states of a search (one runs at a time). */
let stateScratch = new Int32Array(1024);

/**
 * Finds every needle in the view, and every start of one where a piece is cut. `shortenedAt` holds where in the
 * text shortenRandomRuns cut a run: the start it kept was random-looking, so a start of a secret there counts however
 * it looks, down to MIN_BINARY_NEEDLE bytes (the 8 hex digits it keeps of a hex run).
 */
export function search(index: NeedleIndex, view: View, spans: Span[], shortenedAt: ReadonlySet<number>): void {
  const { bytes } = view;
  if (stateScratch.length < bytes.length) stateScratch = new Int32Array(bytes.length);
  const states = stateScratch;
  const match = view.binary ? index.binaryMatch : index.match;
  let start = 0;
  view.pieceEnds.forEach((end, piece) => {
    let state = 0;
    for (let i = start; i < end; i++) {
      state = index.next(state, bytes[i]!);
      states[i] = state;
      // The longest needle ending here that counts where it stands.
      for (let node = match[state]!; node !== 0; node = index.shorter[node]!) {
        const length = index.depth(node);
        if (view.binary ? length < MIN_BINARY_NEEDLE : !counts(index.rules[node]!, bytes, start, end, i - length + 1, i)) continue;
        addSpan(spans, view, piece, i - length + 1, i, index.label(node));
        break;
      }
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
export function applySpans(text: string, spans: Span[], labels: string[]): string {
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
