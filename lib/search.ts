/** What the search box needs to know about a node; small enough to ship to the browser. */
export interface SearchEntry {
  id: string;
  title: string;
  summary: string;
  symptoms: string[];
}

export interface SearchMatch {
  id: string;
  title: string;
  summary: string;
  score: number;
  /** The symptom text the query matched, when it matched one. */
  matched?: string;
}

const STOP_WORDS = new Set(
  'a an and are at be but by can do does for from get gets got has have i in is it its my not of on or so that the this to was we were when with you your'.split(
    ' ',
  ),
);

/** Lower-case words, digits kept ("400", "401"), punctuation and quotes dropped. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_]+/gu, ' ')
    .trim();
}

function words(text: string): string[] {
  return normalise(text)
    .split(' ')
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

// Pasted text is usually a whole error page or log line; only its start can matter.
const MAX_QUERY_LENGTH = 2000;

/**
 * Ranks nodes for pasted error text. A known error phrase found in the text wins outright;
 * otherwise nodes score by the share of their words the text contains.
 */
export function searchNodes(query: string, entries: readonly SearchEntry[], limit = 6): SearchMatch[] {
  const text = normalise(query.slice(0, MAX_QUERY_LENGTH));
  if (!text) return [];
  const queryWords = new Set(words(text));
  const padded = ` ${text} `;

  const matches: SearchMatch[] = [];
  for (const entry of entries) {
    let score = 0;
    let matched: string | undefined;
    for (const symptom of entry.symptoms) {
      const phrase = normalise(symptom);
      if (!phrase) continue;
      // Whole-phrase hits: the pasted text contains the error, or a short query is the start of one.
      const hit = padded.includes(` ${phrase} `) || (text.length >= 4 && ` ${phrase} `.includes(` ${text} `));
      if (hit) {
        const phraseScore = 100 + phrase.length;
        if (phraseScore > score) {
          score = phraseScore;
          matched = symptom;
        }
      }
    }
    if (score === 0 && queryWords.size > 0) {
      const own = new Set([...words(entry.title), ...entry.symptoms.flatMap(words), ...words(entry.summary)]);
      let shared = 0;
      for (const w of queryWords) if (own.has(w)) shared++;
      score = (shared / queryWords.size) * 50 + shared;
    }
    if (score >= 10) matches.push({ id: entry.id, title: entry.title, summary: entry.summary, score, matched });
  }
  return matches.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
}

/** True when the best match is a known error phrase, so the user can be taken straight there. */
export function isConfident(matches: readonly SearchMatch[]): boolean {
  const [best, second] = matches;
  return !!best?.matched && (!second?.matched || best.score > second.score);
}
