/** What the search box needs to know about a node; small enough to ship to the browser. */
export interface SearchEntry {
  id: string;
  title: string;
  summary: string;
  /** Error texts people paste: a hit takes the user straight to the step. `…` stands for a few words (a skill name). */
  symptoms: string[];
  /** Codes, names and plain words that point at the step: a hit ranks it high. `…` as in symptoms. */
  keywords: string[];
}

export interface SearchMatch {
  id: string;
  title: string;
  summary: string;
  score: number;
  /** The symptom or keyword the query matched, when it matched one. */
  matched?: string;
  /** Whether `matched` is a pasted error text (a symptom) or a keyword. */
  via?: 'symptom' | 'keyword';
}

const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from get gets got has have i in is it its me my not of on or so that the this to was we were when with you your what why how our us'.split(
    ' ',
  ),
);

/** Lower-case words, digits kept ("400", "401"), underscores kept (`invalid_grant`), punctuation and quotes dropped. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .trim();
}

/** A light stem, the same on both sides, so "pop-ups" finds "pop-up" and "tokens" finds "token". */
function stem(word: string): string {
  if (/\d/.test(word) || word.includes('_')) return word;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

function tokens(text: string): string[] {
  const normalised = normalise(text);
  return normalised ? normalised.split(' ').map(stem) : [];
}

function contentWords(text: string): string[] {
  return tokens(text).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

// A skill name in Alexa's message ("We were unable to link My Skill at this time") is at most this many words.
const MAX_GAP_WORDS = 8;

/** A phrase as word runs; `…` between runs allows up to MAX_GAP_WORDS other words. */
function phraseParts(phrase: string): string[][] {
  return phrase
    .split('…')
    .map(tokens)
    .filter((part) => part.length > 0);
}

function runAt(words: readonly string[], run: readonly string[], at: number): boolean {
  for (let i = 0; i < run.length; i++) if (words[at + i] !== run[i]) return false;
  return true;
}

/** Whether the words contain the phrase's runs in order, each within MAX_GAP_WORDS of the previous one. */
function containsPhrase(words: readonly string[], parts: readonly string[][]): boolean {
  const [first, ...rest] = parts;
  if (!first) return false;
  for (let start = 0; start + first.length <= words.length; start++) {
    if (!runAt(words, first, start)) continue;
    let end = start + first.length;
    let ok = true;
    for (const part of rest) {
      let found = -1;
      for (let at = end; at <= Math.min(end + MAX_GAP_WORDS, words.length - part.length); at++) {
        if (runAt(words, part, at)) {
          found = at;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      end = found + part.length;
    }
    if (ok) return true;
  }
  return false;
}

/** A query of a few words typed as the start or middle of a phrase ("missing-state", "unable to link"). */
function isInsidePhrase(query: readonly string[], parts: readonly string[][]): boolean {
  if (query.length < 2) return false;
  return parts.some((part) => part.length >= query.length && part.some((_, i) => runAt(part, query, i)));
}

// Pasted text is usually a whole error page or log line; only its start can matter.
const MAX_QUERY_LENGTH = 2000;

const SYMPTOM_SCORE = 100;
const KEYWORD_SCORE = 60;
// Shared words alone never reach a keyword hit; they rank steps within a tier.
const WORDS_SCORE = 30;
const MIN_SCORE = 10;
const UNKNOWN_WORD_WEIGHT = 1;

interface Prepared {
  entry: SearchEntry;
  phrases: { text: string; via: 'symptom' | 'keyword'; parts: string[][] }[];
  words: Set<string>;
}

const prepared = new WeakMap<readonly SearchEntry[], { entries: Prepared[]; idf: Map<string, number> }>();

/** Parses the index once per index: its phrases as word runs, each node's words and how rare each word is. */
function prepare(entries: readonly SearchEntry[]) {
  const cached = prepared.get(entries);
  if (cached) return cached;
  const list = entries.map((entry) => ({
    entry,
    phrases: [
      ...entry.symptoms.map((text) => ({ text, via: 'symptom' as const, parts: phraseParts(text) })),
      ...entry.keywords.map((text) => ({ text, via: 'keyword' as const, parts: phraseParts(text) })),
    ],
    words: new Set(contentWords([entry.title, entry.summary, ...entry.symptoms, ...entry.keywords].join(' '))),
  }));
  const documentFrequency = new Map<string, number>();
  for (const { words } of list) for (const w of words) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  const idf = new Map([...documentFrequency].map(([w, df]) => [w, Math.log(1 + list.length / df)]));
  const result = { entries: list, idf };
  prepared.set(entries, result);
  return result;
}

/**
 * Ranks nodes for pasted error text or a description. A known error text (symptom) found in the query wins;
 * a keyword (an error code, a status, a provider) comes next; otherwise nodes score by the rare words they share
 * with the query.
 */
export function searchNodes(query: string, entries: readonly SearchEntry[], limit = 6): SearchMatch[] {
  const words = tokens(query.slice(0, MAX_QUERY_LENGTH));
  if (words.length === 0) return [];
  const { entries: index, idf } = prepare(entries);
  const queryWords = new Set(words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)));
  // A word no step uses ("problem") weighs as a common one: it dilutes the match without ruling it out.
  let queryWeight = 0;
  for (const w of queryWords) queryWeight += idf.get(w) ?? UNKNOWN_WORD_WEIGHT;

  const matches: SearchMatch[] = [];
  for (const { entry, phrases, words: own } of index) {
    let phraseScore = 0;
    let matched: string | undefined;
    let via: SearchMatch['via'];
    let hits = 0;
    for (const phrase of phrases) {
      // A phrase found whole in the query counts by its length; a query found inside a longer phrase, by its own.
      const whole = containsPhrase(words, phrase.parts);
      if (!whole && !isInsidePhrase(words, phrase.parts)) continue;
      hits++;
      const length = whole ? phrase.parts.flat().join(' ').length : words.join(' ').length / 2;
      const score = phrase.via === 'symptom' ? SYMPTOM_SCORE + Math.min(length, 60) : KEYWORD_SCORE + Math.min(length, 30);
      if (score > phraseScore) {
        phraseScore = score;
        matched = phrase.text;
        via = phrase.via;
      }
    }
    let shared = 0;
    for (const w of queryWords) if (own.has(w)) shared += idf.get(w) ?? 0;
    const wordScore = queryWeight > 0 ? (shared / queryWeight) * WORDS_SCORE : 0;
    // Further phrase hits and shared words only break ties between steps of the same tier.
    const score = phraseScore + Math.min(Math.max(0, hits - 1) * 3, 6) + wordScore;
    if (phraseScore > 0 || score >= MIN_SCORE) {
      matches.push({ id: entry.id, title: entry.title, summary: entry.summary, score, ...(matched ? { matched, via } : {}) });
    }
  }
  return matches.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
}

/** True when the best match is a known error text or keyword well ahead of the next, so the user can go straight there. */
export function isConfident(matches: readonly SearchMatch[]): boolean {
  const [best, second] = matches;
  if (!best?.matched) return false;
  if (!second) return true;
  return best.score - second.score >= (best.via === 'symptom' ? 1 : 10);
}
