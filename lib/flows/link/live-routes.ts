// The live view's three routes (app/api/link/live/{view,input,cancel}/route.ts). Each route reads its JSON body the
// API's one way (readJsonBody: same-site or non-browser callers, JSON, the route's body limit); here it is checked,
// the session found by the id in the body and the client's address, and answered. A session that does not exist and one started by another address get the
// same 404, so the answers tell nothing about other people's sessions.

import 'server-only';
import { requestCaller } from '@/lib/limits/request-client';
import { inputIssues } from '@/lib/probes/execute';
import { errorResponse, limitedResponse, NO_STORE } from '@/lib/probes/respond';
import type { z } from '@/lib/zod';
import { isLiveInputRefused } from './live-input';
import { liveInputBodySchema, liveSessionBodySchema, type LiveViewLine } from './live-protocol';
import { findSession, FRAME_INTERVAL_MS, type LiveSession } from './live-session';

/** A line every few seconds even when the page is still, so the countdown stays right and a dead viewer is noticed. */
const TICK_MS = 5000;

async function sessionFor<S extends z.ZodType<{ session: string }>>(
  body: unknown,
  schema: S,
): Promise<{ ok: true; session: LiveSession; body: z.output<S> } | { ok: false; response: Response }> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, response: errorResponse(400, 'invalid_input', 'The live view request is not valid.', { issues: inputIssues(parsed.error) }) };
  }
  const session = findSession(parsed.data.session, (await requestCaller()).client);
  if (!session) {
    return {
      ok: false,
      response: errorResponse(404, 'live_view_not_found', 'This live view has ended, or it belongs to a run started from another address.'),
    };
  }
  return { ok: true, session, body: parsed.data };
}

/**
 * POST /api/link/live/view: the frames, as NDJSON lines (LiveViewLine), newest only — a slow connection skips frames
 * rather than falling behind — until the hand-off ends. A newer viewer takes over and this one ends with "replaced".
 */
export async function liveViewResponse(body: unknown): Promise<Response> {
  const found = await sessionFor(body, liveSessionBodySchema);
  if (!found.ok) return found.response;
  const { session } = found;
  const viewer = session.attachViewer();
  const encoder = new TextEncoder();
  let sentSeq = 0;
  let sentAt = 0;
  let tickedAt = 0;
  let closed = false;
  const line = (value: LiveViewLine) => encoder.encode(`${JSON.stringify(value)}\n`);
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (closed) return;
        for (;;) {
          const ending: LiveViewLine | null = !session.isViewer(viewer)
            ? { type: 'end', outcome: 'replaced' }
            : session.outcome
              ? { type: 'end', outcome: session.outcome }
              : null;
          if (ending) {
            closed = true;
            session.detachViewer(viewer);
            controller.enqueue(line(ending));
            controller.close();
            return;
          }
          const frame = session.frame;
          const sinceFrame = Date.now() - sentAt;
          if (frame && frame.seq > sentSeq && sinceFrame < FRAME_INTERVAL_MS) {
            await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS - sinceFrame));
            continue;
          }
          if (frame && frame.seq > sentSeq) {
            sentSeq = frame.seq;
            sentAt = Date.now();
            tickedAt = Date.now();
            controller.enqueue(line({ type: 'frame', ...frame, msLeft: session.msLeft() }));
            return;
          }
          if (Date.now() - tickedAt >= TICK_MS) {
            tickedAt = Date.now();
            controller.enqueue(line({ type: 'tick', msLeft: session.msLeft() }));
            return;
          }
          await session.nextChange(TICK_MS - (Date.now() - tickedAt));
        }
      },
      cancel() {
        closed = true;
        session.detachViewer(viewer);
      },
    },
    // Pull only when the connection takes more: a frame waiting in a queue would be a stale one.
    { highWaterMark: 0 },
  );
  return new Response(stream, { headers: { ...NO_STORE, 'Content-Type': 'application/x-ndjson; charset=utf-8' } });
}

/** POST /api/link/live/input: the person's clicks and typing, to the page. 204; nothing typed is echoed. */
export async function liveInputResponse(body: unknown): Promise<Response> {
  const found = await sessionFor(body, liveInputBodySchema);
  if (!found.ok) return found.response;
  try {
    await found.session.deliver(found.body.events);
  } catch (error) {
    if (isLiveInputRefused(error)) return limitedResponse(error.message, 1);
    // The page moved on under the input (a navigation mid-click): the next frame shows where it is now.
  }
  return new Response(null, { status: 204, headers: NO_STORE });
}

/** POST /api/link/live/cancel: the person gives up; the rehearsal ends the sign-in with a finding that says so. */
export async function liveCancelResponse(body: unknown): Promise<Response> {
  const found = await sessionFor(body, liveSessionBodySchema);
  if (!found.ok) return found.response;
  found.session.end('cancelled');
  return new Response(null, { status: 204, headers: NO_STORE });
}
