// The /triage importer: whatever support staff paste (the JSON export, a Markdown issue with the JSON inside, the text
// for Amazon with its share link, or a share link) becomes a validated report or plain sentences saying why not. Client-safe.
import { parseJson } from '@/lib/json';
import { parseReport, type SupportReport } from './schema';
import { TEXT_EXPORT_HEADING } from './render';
import { decodeShareLink, extractPacked, isShareLinkError, MAX_DECODED_BYTES } from './share';

/** The most a pasted report may be: its Markdown export, the JSON inside and the table around it, of the largest report. */
export const MAX_PASTE_BYTES = MAX_DECODED_BYTES * 2;

/** Bytes of `text` in UTF-8, as a form sends it, without building the bytes. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // A surrogate pair is one four-byte character: two units, two bytes each.
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

export type ImportResult = { ok: true; report: SupportReport; from: 'json' | 'markdown' | 'link' | 'text' } | { ok: false; message: string; problems: string[] };

/** A share link inside other text: /triage#r=1.… up to the first character a link never has. */
const SHARE_LINK_IN_TEXT = /\/triage#r=[0-9]+\.[A-Za-z0-9_-]+/g;

/** The text's own share link: the last one, after what the user typed (a description could quote another). */
function lastShareLink(text: string): string | null {
  return [...text.matchAll(SHARE_LINK_IN_TEXT)].at(-1)?.[0] ?? null;
}

async function openShareLink(link: string, from: 'link' | 'text'): Promise<ImportResult> {
  try {
    return { ok: true, report: await decodeShareLink(link), from };
  } catch (error) {
    if (isShareLinkError(error)) return { ok: false, message: error.message, problems: error.problems };
    throw error;
  }
}

/**
 * The JSON of the ```json fenced block, as the Markdown export carries it: the first such fence that starts a line
 * (a value of the report, in a code span inside the table, may hold ```json too), up to the fence that closes it.
 * Line by line, so its time is linear in the paste's length however many fences never close.
 */
export function fencedJson(text: string): string | null {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^`{3,}json/.test(line));
  if (start < 0) return null;
  const fence = /^`+/.exec(lines[start]!)![0];
  const end = lines.findIndex((line, i) => i > start && line.trimEnd().startsWith(fence) && /^`+$/.test(line.trimEnd()));
  return end < 0 ? null : lines.slice(start + 1, end).join('\n');
}

export async function importReport(input: string): Promise<ImportResult> {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Paste a report first: the JSON export, the Markdown with the JSON inside, the text for Amazon, or a share link.', problems: [] };
  if (utf8Length(text) > MAX_PASTE_BYTES) {
    return { ok: false, message: `This is more than ${MAX_PASTE_BYTES / 1024} KB of text; a report is never that large.`, problems: [] };
  }

  // The Markdown first: its values may hold "&r=", which would pass for a share link's parameter.
  const fenced = text.startsWith('{') ? null : fencedJson(text);
  if (!text.startsWith('{') && fenced === null && !text.startsWith(TEXT_EXPORT_HEADING) && extractPacked(text) !== null) return openShareLink(text, 'link');

  // The text for Amazon (its .txt download, or the case as pasted) carries the share link on a line of its own.
  const linked = fenced === null && !text.startsWith('{') ? lastShareLink(text) : null;
  if (linked) return openShareLink(linked, 'text');
  if (fenced === null && text.startsWith(TEXT_EXPORT_HEADING)) {
    return {
      ok: false,
      message: 'This is the text for Amazon, but without its share link (it was made before the link was ready, or the link was cut out), so it cannot be opened here. Ask for the share link, or the JSON or Markdown export.',
      problems: [],
    };
  }

  const json = fenced ?? text;
  if (!json.startsWith('{')) {
    return {
      ok: false,
      message: 'This is not a report: paste the JSON export (it starts with {), the Markdown export, the text for Amazon (.txt), or a share link (…/triage#r=…).',
      problems: [],
    };
  }
  const parsed = parseJson(json, { maxBytes: MAX_DECODED_BYTES });
  if (!parsed.ok) return { ok: false, message: `The report is not valid JSON: ${parsed.error.message}`, problems: [] };
  const result = parseReport(parsed.value);
  if (!result.ok) return { ok: false, message: 'This report does not pass Link Doctor’s checks, so it was changed or made by something else:', problems: result.problems };
  return { ok: true, report: result.report, from: fenced ? 'markdown' : 'json' };
}
