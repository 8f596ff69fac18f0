// The live view: when sign-in cannot be automated (a CAPTCHA, a second factor, a form the rehearsal cannot read), the
// person finishes it in that same boxed browser, shown inside the Link Doctor page. Its screen is streamed with CDP's
// Page.startScreencast (small JPEG frames at a few per second) and the person's clicks and typing are forwarded
// (./live-input.ts), until the engine sees the Alexa redirect, the person cancels, or the time limit passes. It is
// the same page in the same box: the same egress proxy and limits apply, and the frames show exactly what the page
// shows (a password field shows dots). Nothing the person types is kept, logged or echoed.

import 'server-only';
import type { CDPSession, Page } from 'playwright-core';
import type { AlexaRegion } from '@/lib/alexa';
import { requestCaller } from '@/lib/limits/request-client';
import type { LinkLive } from './input';
import { inputForwarder } from './live-input';
import { FRAME_INTERVAL_MS, LiveSession, liveViewMs, registerSession, unregisterSession, type LiveOutcome } from './live-session';

export interface HandOff {
  page: Page; // the boxed browser's page, as sign-in left it
  region: AlexaRegion;
  reason: string; // e.g. "The page asks for a second factor"
  done: () => boolean; // true once the engine has caught the Alexa redirect (or the page moved on)
  emit: (e: LinkLive) => void;
  signal?: AbortSignal;
  /**
   * The client address that started the run (`requestCaller().client`): only it may watch and type. Without it, the
   * address of the request in whose async context this runs.
   */
  client?: string;
  /** TEST ONLY: a time limit other than liveViewMs(). */
  testOnlyLimitMs?: number;
}

/** JPEG quality and the most a frame may be (base64 characters); a larger frame is skipped, the next one shown. */
const FRAME_QUALITY = 60;
export const MAX_FRAME_BASE64 = 256 * 1024;
/** How often the engine's done() is asked. */
const DONE_POLL_MS = 200;

async function clientOfRequest(): Promise<string> {
  try {
    return (await requestCaller()).client;
  } catch {
    return 'unknown'; // outside a request (a script, a test): no address to compare, the id alone admits
  }
}

/** How long after the last acknowledged frame a screencast that may have dropped one shows the page afresh. */
const QUIET_MS = 300;
/** Chromium drops the frames the page paints while this many are unacknowledged. */
const FRAMES_IN_FLIGHT = 2;

/**
 * Streams the page into `session` with CDP's screencast, frames at the page's CSS size; resolves to a function that
 * stops it.
 *
 * Acknowledging a frame a little late slows Chromium down to about what a viewer is sent anyway (the view's stream,
 * ./live-routes.ts, sends at most one frame per FRAME_INTERVAL_MS). But a frame painted while FRAMES_IN_FLIGHT are
 * unacknowledged is dropped, not sent later: the last keystroke of a burst could stay unseen until something else
 * changes on the page. So when that may have happened and the page has gone quiet, the screencast starts again,
 * which sends the page as it is now.
 */
async function startScreencast(page: Page, session: LiveSession): Promise<() => Promise<void>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const viewport = page.viewportSize() ?? { width: 412, height: 915 };
  const start = () =>
    cdp.send('Page.startScreencast', { format: 'jpeg', quality: FRAME_QUALITY, maxWidth: viewport.width, maxHeight: viewport.height });
  let inFlight = 0;
  let mayHaveDropped = false;
  let stopped = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  cdp.on('Page.screencastFrame', ({ data, metadata, sessionId }) => {
    clearTimeout(quiet);
    if (data.length <= MAX_FRAME_BASE64) session.setFrame(data, Math.round(metadata.deviceWidth), Math.round(metadata.deviceHeight));
    if (++inFlight >= FRAMES_IN_FLIGHT) mayHaveDropped = true;
    setTimeout(() => {
      inFlight = Math.max(0, inFlight - 1);
      cdp.send('Page.screencastFrameAck', { sessionId }).catch(() => undefined);
      if (inFlight > 0 || !mayHaveDropped) return;
      quiet = setTimeout(() => {
        if (stopped) return;
        mayHaveDropped = false;
        void cdp.send('Page.stopScreencast').then(start).catch(() => undefined);
      }, QUIET_MS);
    }, FRAME_INTERVAL_MS / 2);
  });
  await start();
  return async () => {
    stopped = true;
    clearTimeout(quiet);
    await cdp.send('Page.stopScreencast').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  };
}

/** Streams the page to a person and forwards their input until done() or the time limit. */
export async function finishByHand(h: HandOff): Promise<'done' | 'timeout' | 'cancelled'> {
  if (h.signal?.aborted) return 'cancelled';
  if (h.done()) return 'done';
  const limitMs = h.testOnlyLimitMs ?? liveViewMs();
  const session = new LiveSession(h.client ?? (await clientOfRequest()), h.region, h.reason, limitMs, inputForwarder(h.page));
  registerSession(session);

  const onAbort = () => session.end('cancelled');
  const onClose = () => session.end(h.done() ? 'done' : 'cancelled');
  h.signal?.addEventListener('abort', onAbort);
  h.page.once('close', onClose);
  const limit = setTimeout(() => session.end('timeout'), limitMs);
  const poll = setInterval(() => {
    if (h.done()) session.end('done');
  }, DONE_POLL_MS);
  let stop: (() => Promise<void>) | undefined;
  try {
    stop = await startScreencast(h.page, session);
    h.emit({ type: 'live', session: session.id, region: h.region, reason: h.reason, expiresAt: new Date(session.expiresAt).toISOString() });
    return await session.whenEnded();
  } catch {
    // The page went away under the screencast (closed, crashed): nobody can finish anything in it now.
    session.end(h.done() ? 'done' : 'cancelled');
    return session.outcome as LiveOutcome;
  } finally {
    clearTimeout(limit);
    clearInterval(poll);
    h.signal?.removeEventListener('abort', onAbort);
    h.page.off('close', onClose);
    session.end('cancelled'); // no-op when it ended already; tells a viewer it is over
    unregisterSession(session);
    await stop?.();
  }
}
