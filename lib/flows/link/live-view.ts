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
import { LIVE_VIEW_MS, LiveSession, registerSession, unregisterSession, type LiveOutcome } from './live-session';

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
  /** TEST ONLY: a shorter time limit than LIVE_VIEW_MS. */
  testOnlyLimitMs?: number;
}

/** Frames at most this often: enough to see typing appear, little enough for a phone's connection. */
export const FRAME_INTERVAL_MS = 200;
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

/**
 * Streams the page and forwards the person's input (CDP screencast, scaled to the page's CSS size) and holds the frames
 * in `session`; resolves to a function that stops it.
 */
async function startScreencast(page: Page, session: LiveSession): Promise<() => Promise<void>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let lastFrameAt = 0;
  cdp.on('Page.screencastFrame', ({ data, metadata, sessionId }) => {
    if (data.length <= MAX_FRAME_BASE64) session.setFrame(data, Math.round(metadata.deviceWidth), Math.round(metadata.deviceHeight));
    // Chromium sends the next frame only after this one is acknowledged: delaying the ack is the rate limit.
    const wait = Math.max(0, lastFrameAt + FRAME_INTERVAL_MS - Date.now());
    lastFrameAt = Date.now() + wait;
    setTimeout(() => cdp.send('Page.screencastFrameAck', { sessionId }).catch(() => undefined), wait);
  });
  const viewport = page.viewportSize() ?? { width: 412, height: 915 };
  await cdp.send('Page.startScreencast', {
    format: 'jpeg',
    quality: FRAME_QUALITY,
    maxWidth: viewport.width,
    maxHeight: viewport.height,
  });
  return async () => {
    await cdp.send('Page.stopScreencast').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  };
}

/** Streams the page to a person and forwards their input until done() or the time limit. */
export async function finishByHand(h: HandOff): Promise<'done' | 'timeout' | 'cancelled'> {
  if (h.signal?.aborted) return 'cancelled';
  if (h.done()) return 'done';
  const limitMs = h.testOnlyLimitMs ?? LIVE_VIEW_MS;
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
