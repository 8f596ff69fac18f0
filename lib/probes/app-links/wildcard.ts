// Apple's wildcard patterns (apple-app-site-association paths and components): `*` any run of characters, slashes
// included, `?` exactly one. Client-safe: no I/O.

/**
 * A path to match Apple's wildcard patterns against: `*` any run of characters (slashes included), `?` exactly one.
 * The file (up to WELL_KNOWN_MAX_BYTES of patterns) is hostile input, so the cost is bounded by the patterns' length
 * times the path's length / 32, whatever their shape: a pattern is split at its stars; the part before the first star
 * must start the path, the part after the last must end it, and each part between is placed as early as it fits
 * (which is exact for these wildcards), found with bit sets of where each character occurs in the path.
 */
export class WildcardPath {
  private readonly exact: CharPositions;
  private folded: CharPositions | null = null;

  constructor(private readonly path: string) {
    this.exact = new CharPositions(path);
  }

  matches(pattern: string, caseSensitive = true): boolean {
    const text = caseSensitive ? this.exact : (this.folded ??= new CharPositions(this.path.toLowerCase()));
    const parts = (caseSensitive ? pattern : pattern.toLowerCase()).split('*');
    const first = parts[0] ?? '';
    if (parts.length === 1) return first.length === text.length && text.fitsAt(first, 0);
    const last = parts[parts.length - 1] ?? '';
    const end = text.length - last.length;
    if (first.length > end || !text.fitsAt(first, 0) || !text.fitsAt(last, end)) return false;
    let from = first.length;
    for (const part of parts.slice(1, -1)) {
      const at = text.find(part, from, end - part.length);
      if (at === -1) return false;
      from = at + part.length;
    }
    return true;
  }
}

/** Where each character occurs in a text, one bit per position. */
class CharPositions {
  readonly length: number;
  private readonly words: number;
  private readonly at = new Map<string, Uint32Array>();

  constructor(private readonly text: string) {
    this.length = text.length;
    this.words = (text.length >>> 5) + 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      let bits = this.at.get(c);
      if (!bits) this.at.set(c, (bits = new Uint32Array(this.words)));
      bits[i >>> 5]! |= 1 << (i & 31);
    }
  }

  /** Whether `part` (characters and `?`) matches the text at `start`. */
  fitsAt(part: string, start: number): boolean {
    for (let j = 0; j < part.length; j++) {
      const c = part.charAt(j);
      if (c !== '?' && c !== this.text.charAt(start + j)) return false;
    }
    return true;
  }

  /** The first start in [from, to] where `part` matches, or -1: every start tried at once, one word per 32 of them. */
  find(part: string, from: number, to: number): number {
    if (from > to) return -1;
    const starts = new Uint32Array(this.words).fill(0xffffffff);
    for (let j = 0; j < part.length; j++) {
      const c = part.charAt(j);
      if (c === '?') continue;
      const bits = this.at.get(c);
      if (!bits) return -1;
      // A start i fits this character when the character is at i + j: keep the bits of `bits` shifted down by j.
      const skip = j >>> 5;
      const shift = j & 31;
      for (let w = 0; w < this.words; w++) {
        const low = bits[w + skip] ?? 0;
        const high = bits[w + skip + 1] ?? 0;
        starts[w]! &= shift === 0 ? low : (low >>> shift) | (high << (32 - shift));
      }
    }
    for (let w = from >>> 5; w <= to >>> 5; w++) {
      const word = w === from >>> 5 ? starts[w]! & (~0 << (from & 31)) : starts[w]!;
      if (word === 0) continue;
      const first = w * 32 + 31 - Math.clz32(word & -word);
      return first <= to ? first : -1;
    }
    return -1;
  }
}

/** Wildcard match as Apple's patterns use it (see WildcardPath). */
export function wildcardMatch(pattern: string, text: string, caseSensitive = true): boolean {
  return new WildcardPath(text).matches(pattern, caseSensitive);
}
