// Decoding one escape in a text's bytes, as servers escape what they echo: percent-encoding (`%2B`, `%u00e9`), HTML
// character references (`&amp;`, `&#43;`, `&#x2B;`) and JSON and JavaScript escapes (`\"`, `\u0026`, `\x2b`); and
// finding where a text cut short ends inside an unfinished one. Client-safe: no I/O.

export const ch = (c: string) => c.charCodeAt(0);

export const utf8 = (text: string) => new TextEncoder().encode(text);

export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;

/** The value of `count` hex digits at `at`, or -1. */
export function hexAt(bytes: Uint8Array, at: number, count: number): number {
  if (at + count > bytes.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = HEX_VALUE[bytes[i]!]!;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

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

export interface Escape {
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

export function escapeAt(bytes: Uint8Array, at: number): Escape | null {
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
export function hasEscapeStart(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x25 || bytes[i] === 0x26 || bytes[i] === 0x5c) return true;
  return false;
}

/** An escape left unfinished where a text was cut (`%2`, `&#x4`, `\u00`): the bytes before it are where the cut is. */
const UNFINISHED_ESCAPE = /^(?:%(?:[uU][0-9a-fA-F]{0,3}|[0-9a-fA-F])?|&(?:#(?:[xX][0-9a-fA-F]{0,7}|[0-9]{0,7})|[a-zA-Z]{0,6})|\\(?:u[0-9a-fA-F]{0,3}|x[0-9a-fA-F]?)?)$/;

export function beforeUnfinishedEscape(bytes: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start && i >= end - 10; i--) {
    const c = bytes[i];
    if (c === ch('%') || c === ch('&') || c === ch('\\')) {
      return UNFINISHED_ESCAPE.test(String.fromCharCode(...bytes.subarray(i, end))) ? i : end;
    }
  }
  return end;
}
