// Client-safe: zod and types only. What the live view's panel and its routes say to each other:
//   POST /api/link/live/view   { session }          → application/x-ndjson: LiveViewLine, one per line
//   POST /api/link/live/input  { session, events }  → 204, or a JSON error
//   POST /api/link/live/cancel { session }          → 204, or a JSON error
// The session id rides in the body, never in a URL (it would land in logs and history).
import { controlCharacterIn } from '@/lib/probes/control-characters';
import { z } from '@/lib/zod';

/** Keys a person may press besides typing text. Escape stays with the panel: it leaves the live view's focus. */
export const LIVE_KEYS = [
  'Enter',
  'Tab',
  'Shift+Tab',
  'Backspace',
  'Delete',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'Space',
] as const;
export type LiveKey = (typeof LIVE_KEYS)[number];

/** Most characters in one text event, and most events in one request: a person's typing, not a paste of a book. */
export const MAX_LIVE_TEXT = 256;
export const MAX_LIVE_EVENTS = 32;

const sessionSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'The live view session is not valid.');
/** A point as a fraction of the frame image's width or height, so the panel may show the image at any size. */
const fraction = z.number().min(0).max(1);

export const liveInputEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('click'), x: fraction, y: fraction }),
  // Enter, Tab and the like are keys of their own: text holds printable characters only.
  z.object({
    kind: z.literal('text'),
    text: z.string().min(1).max(MAX_LIVE_TEXT).refine((text) => controlCharacterIn(text) === null, 'Send Enter, Tab and other keys as keys.'),
  }),
  z.object({ kind: z.literal('key'), key: z.enum(LIVE_KEYS) }),
  z.object({ kind: z.literal('scroll'), x: fraction, y: fraction, dy: z.number().min(-2000).max(2000) }),
]);
export type LiveInputEvent = z.output<typeof liveInputEventSchema>;

export const liveSessionBodySchema = z.object({ session: sessionSchema });
export const liveInputBodySchema = z.object({
  session: sessionSchema,
  events: z.array(liveInputEventSchema).min(1).max(MAX_LIVE_EVENTS),
});

/** One line of the view's NDJSON answer. `msLeft` is relative, so the countdown needs no agreement between clocks. */
export type LiveViewLine =
  | { type: 'frame'; seq: number; width: number; height: number; jpeg: string; msLeft: number }
  | { type: 'tick'; msLeft: number }
  | { type: 'end'; outcome: 'done' | 'timeout' | 'cancelled' | 'replaced' };
