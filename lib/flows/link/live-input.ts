// The person's clicks and typing, on their way from the live view's panel to the boxed browser's page. Playwright's
// mouse and keyboard send them as the CDP input events (Input.dispatchMouseEvent, Input.dispatchKeyEvent,
// Input.insertText) a real one would. Nothing here keeps, logs or returns what was typed.

import 'server-only';
import type { Page } from 'playwright-core';
import type { LiveInputEvent } from './live-protocol';

/** Events per second a person can plausibly make, with a burst for a quick word; beyond it, input is refused. */
export const LIVE_EVENTS_PER_SECOND = 20;
const BURST = 60;
/** Characters typed in one live view, all together: a sign-in needs far fewer. */
export const MAX_LIVE_TYPED = 4096;

/** Input that was refused because it came too fast or too much; the message is for the person. */
export class LiveInputRefused extends Error {
  override readonly name = 'LiveInputRefused';
}

/** By name, not instanceof: the session's forwarder was made in /api/link's bundle, the input route has its own copy. */
export function isLiveInputRefused(error: unknown): error is LiveInputRefused {
  return error instanceof Error && error.name === 'LiveInputRefused';
}


/**
 * Sends batches of input to `page` in the order they arrive (one batch finishes before the next starts), within the
 * rate and typing limits. Points are fractions of the frame, scaled here to the page's viewport.
 */
export function inputForwarder(page: Page): (events: readonly LiveInputEvent[]) => Promise<void> {
  let tokens = BURST;
  let refilledAt = Date.now();
  let typed = 0;
  let queue: Promise<void> = Promise.resolve();

  const admit = (events: readonly LiveInputEvent[]) => {
    const now = Date.now();
    tokens = Math.min(BURST, tokens + ((now - refilledAt) / 1000) * LIVE_EVENTS_PER_SECOND);
    refilledAt = now;
    if (events.length > tokens) throw new LiveInputRefused('Input is coming faster than a person types; wait a moment.');
    const text = events.reduce((sum, event) => sum + (event.kind === 'text' ? event.text.length : 0), 0);
    if (typed + text > MAX_LIVE_TYPED) throw new LiveInputRefused(`More than ${MAX_LIVE_TYPED} characters were typed in this live view.`);
    tokens -= events.length;
    typed += text;
  };

  const send = async (event: LiveInputEvent) => {
    const viewport = page.viewportSize() ?? { width: 412, height: 915 };
    switch (event.kind) {
      case 'click':
        return page.mouse.click(event.x * viewport.width, event.y * viewport.height);
      case 'scroll':
        await page.mouse.move(event.x * viewport.width, event.y * viewport.height);
        return page.mouse.wheel(0, event.dy);
      case 'key':
        return page.keyboard.press(event.key === 'Space' ? ' ' : event.key);
      case 'text':
        // Key by key, so the page's own key handlers (a code field that moves to the next box) see real typing.
        return page.keyboard.type(event.text);
    }
  };

  return (events) => {
    admit(events);
    const run = queue.then(async () => {
      for (const event of events) await send(event);
    });
    // One failed batch (the page navigated away mid-click) must not block the next.
    queue = run.catch(() => undefined);
    return run;
  };
}
