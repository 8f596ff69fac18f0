// Bounded JSON parsing for untrusted input, pasted text and response bodies alike: at most 32 levels deep, in linear
// time, no BOM or UTF-16, so that a hostile document cannot exhaust the stack or stall the server. JSON.parse does the
// parsing; on failure a small linear scanner finds where the text goes wrong, so the message can say where without
// quoting the text (it may hold a token).

/** Default cap: pasted text and response bodies alike are refused above it. */
export const MAX_JSON_INPUT = 256 * 1024;

export const MAX_JSON_DEPTH = 32;

export type JsonError =
  | { reason: 'empty' | 'too-large' | 'too-deep' | 'bom' | 'utf16'; message: string }
  | { reason: 'syntax'; message: string; position: number; line: number; column: number };

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: JsonError };

export interface JsonLimits {
  maxBytes?: number;
  maxDepth?: number;
}

/** Parse untrusted JSON (text or UTF-8 bytes): refuses empty input, BOMs, UTF-16, input over `maxBytes` and nesting over `maxDepth`. */
export function parseJson(input: string | Uint8Array, limits: JsonLimits = {}): JsonResult {
  const maxBytes = limits.maxBytes ?? MAX_JSON_INPUT;
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxBytes) {
    return { ok: false, error: { reason: 'too-large', message: `The JSON is too long: ${size} characters, the limit is ${maxBytes}.` } };
  }
  if (typeof input !== 'string' && looksLikeUtf16(input)) {
    return { ok: false, error: { reason: 'utf16', message: 'The body is UTF-16 encoded; JSON must be UTF-8.' } };
  }
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { ignoreBOM: true }).decode(input);
  if (text.charCodeAt(0) === 0xfeff) {
    return { ok: false, error: { reason: 'bom', message: 'The text starts with a byte-order mark (BOM), which JSON does not allow. Remove it.' } };
  }
  if (text.trim() === '') return { ok: false, error: { reason: 'empty', message: 'The text is empty: paste the JSON.' } };
  if (jsonDepth(text, maxDepth) > maxDepth) {
    return { ok: false, error: { reason: 'too-deep', message: `The JSON is nested more than ${maxDepth} levels deep; that is not what Alexa or SMAPI produce.` } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: syntaxError(text) };
  }
}

/** A JSON object (not null, not an array), whose fields can be read by name. */
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

function looksLikeUtf16(bytes: Uint8Array): boolean {
  const [b0, b1] = bytes;
  return (b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe) || (bytes.length >= 2 && (b0 === 0 || b1 === 0));
}

/** Nesting depth outside strings, in one pass; stops once `limit` is exceeded. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Where `text` stops being JSON, as a position, line and column, with a plain description. */
function syntaxError(text: string): JsonError & { reason: 'syntax' } {
  const { position, expected } = locateJsonError(text);
  const { line, column } = lineAndColumn(text, position);
  const found = position >= text.length ? 'the text ends there' : `found ${describeChar(text.charAt(position))}`;
  return {
    reason: 'syntax',
    position,
    line,
    column,
    message: `Not valid JSON at line ${line}, column ${column} (character ${position + 1}): expected ${expected}, ${found}.`,
  };
}

function describeChar(ch: string): string {
  if (ch === '\n') return 'a line break';
  if (ch === '\t') return 'a tab';
  if (ch === ' ') return 'a space';
  if (ch === "'") return "a single quote (JSON strings use double quotes)";
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  return `"${ch}"`;
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const ANY_VALUE = 'a value (object, array, string, number, true, false or null)';
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * A linear JSON syntax scanner (no values built) that returns the position of the first error and what was expected
 * there. Only called after JSON.parse failed and the depth check passed, so its recursion is bounded.
 */
export function locateJsonError(text: string): { position: number; expected: string } {
  let i = 0;
  class Stop {
    constructor(readonly position: number, readonly expected: string) {}
  }
  const skipWs = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) throw new Stop(i, ANY_VALUE);
    i += word.length;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'a closing double quote');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, 'an escaped character (control characters must be written as \\n, \\t, …)');
      if (c === 0x5c) {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (!/[0-9a-fA-F]/.test(text.charAt(i + k))) throw new Stop(i + k, 'a hex digit of a \\u escape');
          }
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') {
          i += 2;
        } else {
          throw new Stop(i + 1, 'a valid escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)');
        }
        continue;
      }
      i++;
    }
  };
  const digits = () => {
    const start = i;
    while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    if (i === start) throw new Stop(i, 'a digit');
  };
  const number = () => {
    if (text.charAt(i) === '-') i++;
    if (text.charAt(i) === '0') {
      i++;
      if (/[0-9]/.test(text.charAt(i))) throw new Stop(i, 'the end of the number (numbers cannot start with 0)');
    } else digits();
    if (text.charAt(i) === '.') {
      i++;
      digits();
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      i++;
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    skipWs();
    const ch = text.charAt(i);
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || /[0-9]/.test(ch)) return number();
    throw new Stop(i, ANY_VALUE);
  };
  const object = () => {
    i++;
    skipWs();
    if (text.charAt(i) === '}') {
      i++;
      return;
    }
    for (;;) {
      skipWs();
      if (text.charAt(i) !== '"') throw new Stop(i, 'a property name in double quotes');
      string();
      skipWs();
      if (text.charAt(i) !== ':') throw new Stop(i, '":" after the property name');
      i++;
      value();
      skipWs();
      const c = text.charAt(i);
      if (c === ',') {
        i++;
        skipWs();
        if (text.charAt(i) === '}') throw new Stop(i, 'another property (JSON allows no trailing comma)');
        continue;
      }
      if (c === '}') {
        i++;
        return;
      }
      throw new Stop(i, '"," or "}" after a property value');
    }
  };
  const array = () => {
    i++;
    skipWs();
    if (text.charAt(i) === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipWs();
      const c = text.charAt(i);
      if (c === ',') {
        i++;
        skipWs();
        if (text.charAt(i) === ']') throw new Stop(i, 'another element (JSON allows no trailing comma)');
        continue;
      }
      if (c === ']') {
        i++;
        return;
      }
      throw new Stop(i, '"," or "]" after an array element');
    }
  };
  try {
    value();
    skipWs();
    if (i < text.length) return { position: i, expected: 'the end of the text (something follows the JSON value)' };
    // JSON.parse failed for a reason the scanner does not model (e.g. a lone surrogate is fine; should not happen).
    return { position: Math.max(0, text.length - 1), expected: 'valid JSON' };
  } catch (e) {
    if (e instanceof Stop) return { position: e.position, expected: e.expected };
    throw e;
  }
}
