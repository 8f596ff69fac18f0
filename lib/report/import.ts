// The /triage importer: whatever support staff paste (the JSON export, a Markdown issue with the JSON inside, or a
// share link) becomes a validated report or plain sentences saying why not. Client-safe.
import { parseJson } from '@/lib/json';
import { parseReport, type SupportReport } from './schema';
import { decodeShareLink, extractPacked, MAX_DECODED_BYTES, ShareLinkError } from './share';

export type ImportResult = { ok: true; report: SupportReport; from: 'json' | 'markdown' | 'link' } | { ok: false; message: string; problems: string[] };

/**
 * The JSON of a ```json fenced block, as the Markdown export carries it: after the first run of three or more
 * backticks followed by "json" that has a closing fence, the lines up to the first line break followed by as many
 * backticks. A scan in linear time: a regular expression for this tries every opening fence against the rest of the
 * text, so a paste of many fences that never close took quadratic time.
 */
export function fencedJson(text: string): string | null {
  // Where a fence could close: a line break, then a run of at least three backticks.
  const closings: Array<{ at: number; run: number }> = [];
  for (let at = text.indexOf('\n```'); at !== -1; at = text.indexOf('\n```', at + 1)) {
    let end = at + 1;
    while (text.charAt(end) === '`') end++;
    closings.push({ at, run: end - at - 1 });
  }
  // longestFrom[c]: the longest closing run at or after closings[c], so an opening fence that can never close is
  // passed over at once.
  const longestFrom = new Array<number>(closings.length + 1).fill(0);
  for (let c = closings.length - 1; c >= 0; c--) longestFrom[c] = Math.max(closings[c]!.run, longestFrom[c + 1]!);

  let next = 0;
  for (let hit = text.indexOf('```json'); hit !== -1; hit = text.indexOf('```json', hit + 1)) {
    const json = hit + 3;
    let fence = 3;
    while (text.charAt(json - fence - 1) === '`') fence++;
    const lineBreak = text.indexOf('\n', json + 4);
    if (lineBreak === -1) return null;
    const contentStart = lineBreak + 1;
    while (next < closings.length && closings[next]!.at < contentStart) next++;
    // The opening run may be read shorter (from a later backtick), down to three: the longest one that closes wins.
    const length = Math.min(fence, longestFrom[next]!);
    if (length < 3) continue;
    const closing = closings.slice(next).find((c) => c.run >= length);
    return closing ? text.slice(contentStart, closing.at) : null;
  }
  return null;
}

export async function importReport(input: string): Promise<ImportResult> {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Paste a report first: the JSON export, the Markdown with the JSON inside, or a share link.', problems: [] };
  if (text.length > MAX_DECODED_BYTES * 2) {
    return { ok: false, message: `This is more than ${(MAX_DECODED_BYTES * 2) / 1024} KB of text; a report is never that large.`, problems: [] };
  }

  if (!text.startsWith('{') && extractPacked(text) !== null) {
    try {
      return { ok: true, report: await decodeShareLink(text), from: 'link' };
    } catch (error) {
      if (error instanceof ShareLinkError) return { ok: false, message: error.message, problems: error.problems };
      throw error;
    }
  }

  const fenced = text.startsWith('{') ? null : fencedJson(text);
  const json = fenced ?? text;
  if (!json.startsWith('{')) {
    return {
      ok: false,
      message: 'This is not a report: paste the JSON export (it starts with {), the Markdown export, or a share link (…/triage#r=…).',
      problems: [],
    };
  }
  const parsed = parseJson(json, { maxBytes: MAX_DECODED_BYTES });
  if (!parsed.ok) return { ok: false, message: `The report is not valid JSON: ${parsed.error.message}`, problems: [] };
  const result = parseReport(parsed.value);
  if (!result.ok) return { ok: false, message: 'This report does not pass Link Doctor’s checks, so it was changed or made by something else:', problems: result.problems };
  return { ok: true, report: result.report, from: fenced ? 'markdown' : 'json' };
}
