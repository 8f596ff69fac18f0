// Where everything in the two pictures goes: the timing waterfall (one bar per request, split into its phases, drawn
// against Alexa's 4.5 s line) and the sequence of the linking (Alexa app → your login page → Alexa → your token URI,
// each hop with its outcome). Pure and client-safe: the SVG components only draw what this computes, and the text
// equivalents come from here too, so the picture and its words cannot disagree.
//
// Each picture is laid out for a few widths (PICTURE_WIDTHS); the page shows the one that fits its column (a container
// query), so text stays at about its drawn size — never under 12 px on a 390 px phone — instead of shrinking with a
// scaled drawing.

import { ALEXA_TOKEN_DEADLINE_MS } from '@/lib/alexa';

/** The drawing widths, narrowest first; pictures.css shows each where it is drawn at 0.9 to 1.4 times its size. */
export const PICTURE_WIDTHS = [320, 480, 720] as const;
export type PictureWidth = (typeof PICTURE_WIDTHS)[number];

/** Text size in the drawing's units, and how wide a character is on average (system sans-serif, a little generous). */
export const FONT_SIZE = 13.5;
const CHAR_WIDTH = FONT_SIZE * 0.58;
/** The distance between two lines of text. */
export const LINE_HEIGHT = 18;
const LINE = LINE_HEIGHT;
const PAD = 6;

/** Splits text into lines of at most `width` drawing units (by an average character width), breaking at spaces. */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(8, Math.floor(width / CHAR_WIDTH));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max) line = next;
    else {
      if (line) lines.push(line);
      // A word longer than a line (a URL) is cut, not allowed to run off the drawing.
      let rest = word;
      while (rest.length > max) {
        lines.push(rest.slice(0, max));
        rest = rest.slice(max);
      }
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A duration as people read it: "0.4 ms", "35 ms", "1.23 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  return `${Math.round(ms)} ms`;
}

// ---- The timing waterfall -----------------------------------------------------------------------------------------

export const PHASES = ['dns', 'connect', 'tls', 'firstByte', 'rest'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  dns: 'DNS lookup',
  connect: 'Connect',
  tls: 'TLS handshake',
  firstByte: 'First byte',
  rest: 'Rest of the answer',
};

/** One request as lib/net timed it (phases in ms; `total` is this request's own duration). */
export interface TimingRow {
  label: string;
  /** When the request started, in ms after the first one started (requests timed on their own start at 0). */
  startMs?: number;
  timing: { dns?: number; connect?: number; tls?: number; firstByte?: number; total: number };
  /** The request got no complete answer: why, in words. */
  failure?: string;
}

export type RowVerdict = 'within' | 'over' | 'failed';

export interface LaidOutSegment {
  phase: Phase;
  ms: number;
  x: number;
  width: number;
}

export interface LaidOutRow {
  label: string[];
  labelY: number;
  verdict: RowVerdict;
  /** What the verdict says under the bar (failures and overruns), wrapped. */
  note: string[];
  noteY: number;
  bar: { x: number; y: number; width: number; height: number };
  segments: LaidOutSegment[];
  total: { text: string; x: number; y: number };
}

export interface WaterfallLayout {
  width: number;
  height: number;
  plot: { x0: number; x1: number; top: number; bottom: number };
  deadline: { x: number; label: string; labelX: number; labelY: number; anchor: 'start' | 'end' };
  ticks: Array<{ x: number; label: string }>;
  axisY: number;
  rows: LaidOutRow[];
}

const BAR = 16;
const TOTAL_GUTTER = 58;
const TICK_STEPS = [100, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000];

/** The phases of a request in order, with what is left of its total after them as the rest of the answer. */
export function phasesOf(timing: TimingRow['timing']): Array<{ phase: Phase; ms: number }> {
  const out: Array<{ phase: Phase; ms: number }> = [];
  let sum = 0;
  for (const phase of ['dns', 'connect', 'tls', 'firstByte'] as const) {
    const ms = timing[phase];
    if (ms === undefined) continue;
    out.push({ phase, ms });
    sum += ms;
  }
  const rest = Math.round((timing.total - sum) * 10) / 10;
  if (rest > 0) out.push({ phase: 'rest', ms: rest });
  return out;
}

export function rowVerdict(row: TimingRow, deadlineMs = ALEXA_TOKEN_DEADLINE_MS): RowVerdict {
  if (row.failure) return 'failed';
  return row.timing.total > deadlineMs ? 'over' : 'within';
}

function verdictNote(row: TimingRow, deadlineMs: number): string {
  const verdict = rowVerdict(row, deadlineMs);
  if (verdict === 'failed') return `✗ No complete answer: ${row.failure}`;
  if (verdict === 'over') return `✗ Over Alexa's ${deadlineMs / 1000} s limit by ${formatMs(row.timing.total - deadlineMs)}`;
  return '';
}

/** The waterfall of `rows` at one drawing width, against the deadline (Alexa's 4.5 s for the token URI). */
export function layoutWaterfall(rows: readonly TimingRow[], width: PictureWidth, deadlineMs = ALEXA_TOKEN_DEADLINE_MS): WaterfallLayout {
  const x0 = PAD;
  const x1 = width - TOTAL_GUTTER;
  const latestEnd = Math.max(0, ...rows.map((r) => (r.startMs ?? 0) + r.timing.total));
  // The deadline is always on the drawing, with room after it; a slower request stretches the scale instead.
  const maxMs = Math.max(deadlineMs * 1.12, latestEnd * 1.04);
  const xOf = (ms: number) => x0 + (ms / maxMs) * (x1 - x0);

  const top = PAD + LINE + 4; // the deadline's label sits above the rows
  let y = top;
  const laidOut: LaidOutRow[] = rows.map((row) => {
    const label = wrapText(row.label, width - 2 * PAD);
    const labelY = y + FONT_SIZE;
    y += label.length * LINE;
    const barY = y + 2;
    const start = row.startMs ?? 0;
    let at = start;
    const segments: LaidOutSegment[] = phasesOf(row.timing).map(({ phase, ms }) => {
      const seg = { phase, ms, x: xOf(at), width: Math.max(0, xOf(at + ms) - xOf(at)) };
      at += ms;
      return seg;
    });
    // A request of a few milliseconds is still drawn: at least 2 units wide.
    const barX = xOf(start);
    const barWidth = Math.max(2, xOf(start + row.timing.total) - barX);
    y = barY + BAR + 4;
    const note = wrapText(verdictNote(row, deadlineMs), width - 2 * PAD);
    const noteY = y + FONT_SIZE;
    y += note.length * LINE + 8;
    return {
      label,
      labelY,
      verdict: rowVerdict(row, deadlineMs),
      note,
      noteY,
      bar: { x: barX, y: barY, width: barWidth, height: BAR },
      segments,
      total: { text: formatMs(row.timing.total), x: barX + barWidth + 4, y: barY + BAR - 3.5 },
    };
  });
  const bottom = y;
  const axisY = bottom + FONT_SIZE + 2;

  const step = TICK_STEPS.find((s) => maxMs / s <= (width < 480 ? 5 : 9)) ?? 60_000;
  const ticks: WaterfallLayout['ticks'] = [];
  for (let ms = 0; ms <= maxMs; ms += step) ticks.push({ x: xOf(ms), label: ms === 0 ? '0' : ms >= 1000 ? `${ms / 1000} s` : `${ms} ms` });

  const deadlineX = xOf(deadlineMs);
  const label = `Alexa's limit: ${deadlineMs / 1000} s`;
  const labelFits = deadlineX - label.length * CHAR_WIDTH - 4 >= PAD;
  return {
    width,
    height: axisY + PAD,
    plot: { x0, x1, top, bottom },
    deadline: { x: deadlineX, label, labelX: labelFits ? deadlineX - 4 : deadlineX + 4, labelY: PAD + FONT_SIZE, anchor: labelFits ? 'end' : 'start' },
    ticks,
    axisY,
    rows: laidOut,
  };
}

/** The same figures as words: one line per request, for the table beside the picture and for its summary. */
export interface WaterfallTextRow {
  label: string;
  phases: Record<Phase, string>;
  total: string;
  verdict: string;
}

export function waterfallText(rows: readonly TimingRow[], deadlineMs = ALEXA_TOKEN_DEADLINE_MS): WaterfallTextRow[] {
  return rows.map((row) => {
    const phases = Object.fromEntries(PHASES.map((p) => [p, '—'])) as Record<Phase, string>;
    for (const { phase, ms } of phasesOf(row.timing)) phases[phase] = formatMs(ms);
    const verdict = rowVerdict(row, deadlineMs);
    return {
      label: row.label,
      phases,
      total: formatMs(row.timing.total),
      verdict:
        verdict === 'failed'
          ? `Failed: ${row.failure}`
          : verdict === 'over'
            ? `Over Alexa's ${deadlineMs / 1000} s limit`
            : `Within Alexa's ${deadlineMs / 1000} s limit`,
    };
  });
}

/** One sentence for the picture's accessible name. */
export function waterfallSummary(rows: readonly TimingRow[], deadlineMs = ALEXA_TOKEN_DEADLINE_MS): string {
  const text = waterfallText(rows, deadlineMs);
  const over = rows.filter((r) => rowVerdict(r, deadlineMs) !== 'within').length;
  const each = text.map((r) => `${r.label}: ${r.total}`).join('; ');
  return `Timing of ${rows.length === 1 ? 'the request' : `${rows.length} requests`} against Alexa's ${deadlineMs / 1000} s limit${over ? `, ${over} failed or over it` : ', all within it'}. ${each}.`;
}

// ---- The sequence of the linking ------------------------------------------------------------------------------------

export const PARTICIPANTS = ['Alexa app', 'Your login page', 'Alexa', 'Your token URI'] as const;

export const HOPS = ['login', 'redirect', 'token', 'refresh'] as const;
export type Hop = (typeof HOPS)[number];

/** What is known of a hop: its worst finding's status, or that nothing checked it (`unknown`). */
export type HopStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'unknown';

export const HOP_MESSAGES: Record<Hop, { from: number; to: number; text: string }> = {
  login: { from: 0, to: 1, text: 'The Alexa app opens your login page; the user signs in' },
  redirect: { from: 1, to: 2, text: 'Your login page redirects to Alexa with the code' },
  token: { from: 2, to: 3, text: 'Alexa sends the code to your token URI for tokens' },
  refresh: { from: 2, to: 3, text: 'Alexa refreshes the access token at your token URI' },
};

/** The status in words: the picture never relies on colour alone. */
export function hopStatusWords(status: HopStatus, first: boolean): string {
  switch (status) {
    case 'pass':
      return 'works';
    case 'warn':
      return 'works, with a warning';
    case 'fail':
      return first ? 'FAILS HERE' : 'fails';
    case 'skip':
      return 'not reached';
    case 'unknown':
      return 'not checked';
  }
}

export interface LaidOutHop {
  hop: Hop;
  status: HopStatus;
  /** The first failing hop: the one the linking breaks at. */
  first: boolean;
  label: string[];
  labelY: number;
  arrow: { x1: number; x2: number; y: number };
  /** Where the status mark (a tick, a cross …) sits on the arrow. */
  mark: { x: number; y: number };
}

export interface SequenceLayout {
  width: number;
  height: number;
  participants: Array<{ x: number; lines: string[]; boxX: number; boxWidth: number }>;
  headerHeight: number;
  lifeline: { top: number; bottom: number };
  hops: LaidOutHop[];
}

/** The first hop that fails, in the order of the linking. */
export function firstFailingHop(statuses: Partial<Record<Hop, HopStatus>>): Hop | undefined {
  return HOPS.find((h) => statuses[h] === 'fail');
}

export function hopLine(hop: Hop, status: HopStatus, first: boolean): string {
  return `${HOPS.indexOf(hop) + 1}. ${HOP_MESSAGES[hop].text}: ${hopStatusWords(status, first)}`;
}

export function layoutSequence(statuses: Partial<Record<Hop, HopStatus>>, width: PictureWidth): SequenceLayout {
  const column = (width - 2 * PAD) / PARTICIPANTS.length;
  const xOf = (i: number) => PAD + column * (i + 0.5);
  const participants = PARTICIPANTS.map((name, i) => {
    const lines = wrapText(name, column - 8);
    return { x: xOf(i), lines, boxX: PAD + column * i + 2, boxWidth: column - 4 };
  });
  const headerHeight = Math.max(...participants.map((p) => p.lines.length)) * LINE + 10;
  const failing = firstFailingHop(statuses);
  let y = PAD + headerHeight + 10;
  const hops = HOPS.map((hop): LaidOutHop => {
    const status = statuses[hop] ?? 'unknown';
    const first = hop === failing;
    const label = wrapText(hopLine(hop, status, first), width - 2 * PAD);
    const labelY = y + FONT_SIZE;
    y += label.length * LINE + 4;
    const { from, to } = HOP_MESSAGES[hop];
    const arrowY = y + 10;
    y = arrowY + 18;
    return { hop, status, first, label, labelY, arrow: { x1: xOf(from), x2: xOf(to), y: arrowY }, mark: { x: (xOf(from) + xOf(to)) / 2, y: arrowY } };
  });
  return { width, height: y + PAD, participants, headerHeight, lifeline: { top: PAD + headerHeight, bottom: y }, hops };
}

/** One sentence for the picture's accessible name. */
export function sequenceSummary(statuses: Partial<Record<Hop, HopStatus>>): string {
  const failing = firstFailingHop(statuses);
  const lead = failing
    ? `The linking fails at step ${HOPS.indexOf(failing) + 1} of ${HOPS.length}: “${HOP_MESSAGES[failing].text}”.`
    : HOPS.every((h) => statuses[h] === 'pass' || statuses[h] === 'warn')
      ? 'Every step of the linking works.'
      : 'No step of the linking was found failing.';
  return `Sequence of the account linking: ${PARTICIPANTS.join(', ')}. ${lead}`;
}
