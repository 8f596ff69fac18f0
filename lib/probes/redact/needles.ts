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
export function needlesOf(value: string): Uint8Array[] {
  const whole = [value, value.replace(/ /g, '+')].map(utf8);
  const pieces: string[] = [];
  if (isDistinctive(value, MIN_HALF)) pieces.push(reversed(value));
  const half = Math.floor(value.length / 2);
  // Floor-length halves: whichever side a split puts the middle character on, each part holds one of them.
  if (half >= MIN_HALF) for (const piece of [value.slice(0, half), value.slice(value.length - half)]) if (isDistinctive(piece, MIN_HALF)) pieces.push(piece);
  return [...whole, ...unescapedForms(value), ...pieces.map(utf8)];
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
