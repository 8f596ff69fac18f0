import { expect, test } from '@playwright/test';
import { chromium, devices, type Browser, type Page } from 'playwright-core';
import type { LinkLive } from './input';
import { inputForwarder, isLiveInputRefused, MAX_LIVE_TYPED } from './live-input';
import { liveInputBodySchema } from './live-protocol';
import { findSession, type LiveSession } from './live-session';
import { finishByHand, MAX_FRAME_BASE64 } from './live-view';

// finishByHand against a real Chromium page (the boxed browser's page is a Playwright page like this one): the frames
// it streams, the input it forwards, and how it ends.

let browser: Browser;
test.beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
});
test.afterAll(() => browser.close());

const CLIENT = '203.0.113.7';

/** A second-factor page: a code field and a submit that reports what was entered. */
const SECOND_FACTOR = `<!doctype html><meta name="viewport" content="width=device-width">
<h1>Enter your code</h1>
<form onsubmit="event.preventDefault(); window.entered(document.getElementById('code').value)">
  <label>Code <input id="code" inputmode="numeric" style="font-size:24px;width:90%"></label>
  <label>Password <input id="password" type="password" style="font-size:24px;width:90%"></label>
  <button>Verify</button>
</form>`;

async function phonePage(): Promise<{ page: Page; entered: () => string | null }> {
  const context = await browser.newContext({ ...devices['Pixel 7'] });
  const page = await context.newPage();
  let entered: string | null = null;
  await page.exposeFunction('entered', (value: string) => (entered = value));
  await page.setContent(SECOND_FACTOR);
  return { page, entered: () => entered };
}

/** Starts a hand-off and waits for its session and first frame. */
async function handOff(page: Page, done: () => boolean, options: { limitMs?: number; signal?: AbortSignal } = {}) {
  const emitted: LinkLive[] = [];
  const outcome = finishByHand({
    page,
    region: 'NA',
    reason: 'The page asks for a second factor',
    done,
    emit: (e) => emitted.push(e),
    client: CLIENT,
    signal: options.signal,
    testOnlyLimitMs: options.limitMs,
  });
  await expect.poll(() => emitted.length).toBe(1);
  const session = findSession(emitted[0]!.session, CLIENT) as LiveSession;
  expect(session).not.toBeNull();
  await expect.poll(() => session.frame?.seq ?? 0).toBeGreaterThan(0);
  return { outcome, live: emitted[0]!, session };
}

/** The frame once the page has stopped changing (no new frame for a second). */
async function settledFrame(session: LiveSession): Promise<string> {
  for (let seq = -1; seq !== session.frame!.seq; ) {
    seq = session.frame!.seq;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return session.frame!.jpeg;
}

/** The centre of an element as fractions of the viewport, as the panel sends a click on the picture. */
async function fractionsOf(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  const viewport = page.viewportSize()!;
  return { x: (box.x + box.width / 2) / viewport.width, y: (box.y + box.height / 2) / viewport.height };
}

test('a person finishes a second factor through the live view: frames of the page, a click, typing, Enter', async () => {
  const { page, entered } = await phonePage();
  const { outcome, live, session } = await handOff(page, () => entered() !== null);

  expect(live).toMatchObject({ type: 'live', region: 'NA', reason: 'The page asks for a second factor' });
  expect(live.session).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 random bits
  expect(Date.parse(live.expiresAt) - Date.now()).toBeGreaterThan(170_000); // about three minutes
  const first = session.frame!;
  expect(Buffer.from(first.jpeg, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // a JPEG
  expect(first.jpeg.length).toBeLessThanOrEqual(MAX_FRAME_BASE64);
  expect({ width: first.width, height: first.height }).toEqual(page.viewportSize()); // the page's CSS size

  await session.deliver([{ kind: 'click', ...(await fractionsOf(page, '#code')) }]);
  await expect(page.locator('#code')).toBeFocused();
  await session.deliver([{ kind: 'text', text: '123456' }]);
  // The page changed, so a new frame shows it.
  await expect.poll(() => session.frame!.seq).toBeGreaterThan(first.seq);
  await session.deliver([{ kind: 'key', key: 'Enter' }]);

  expect(await outcome).toBe('done');
  expect(entered()).toBe('123456');
  expect(findSession(live.session, CLIENT)).toBeNull(); // gone once it ended
  await page.context().close();
});

test('a session is found only with its id and by the client that started it', async () => {
  const { page } = await phonePage();
  const abort = new AbortController();
  const { outcome, live } = await handOff(page, () => false, { signal: abort.signal });
  expect(findSession(live.session, CLIENT)).not.toBeNull();
  expect(findSession(live.session, '198.51.100.1')).toBeNull();
  expect(findSession(`${live.session.slice(0, -1)}${live.session.endsWith('A') ? 'B' : 'A'}`, CLIENT)).toBeNull();
  expect(findSession(undefined, CLIENT)).toBeNull();
  abort.abort(); // the run went away (the person closed the page)
  expect(await outcome).toBe('cancelled');
  await page.context().close();
});

test('the time limit ends the hand-off, and cancelling ends it at once', async () => {
  const { page } = await phonePage();
  const started = Date.now();
  const timed = await handOff(page, () => false, { limitMs: 1500 });
  expect(await timed.outcome).toBe('timeout');
  expect(Date.now() - started).toBeLessThan(5000);
  expect(timed.session.outcome).toBe('timeout');

  const cancelled = await handOff(page, () => false);
  cancelled.session.end('cancelled'); // what POST /api/link/live/cancel does
  expect(await cancelled.outcome).toBe('cancelled');
  await page.context().close();
});

test('frames show a typed password as the page does, as dots: two passwords of one length look the same', async () => {
  const framesAfterTyping = async (password: string) => {
    const { page } = await phonePage();
    const { outcome, session } = await handOff(page, () => false, { limitMs: 20_000 });
    await session.deliver([{ kind: 'click', ...(await fractionsOf(page, '#password')) }, { kind: 'text', text: password }]);
    // No caret in the picture: it blinks, and the comparison is about the characters. The blur is also the last
    // change: the frame compared must show it (a screencast can drop the frame of a page's last change).
    await page.locator('#password').blur();
    const frame = await settledFrame(session);
    session.end('cancelled');
    await outcome;
    await page.context().close();
    return frame;
  };
  const one = await framesAfterTyping('correct-horse-1');
  const other = await framesAfterTyping('XXXXXXXXXXXXXXX');
  expect(one).toEqual(other);
});

test('input is bounded: the schema, the rate and the typing limit', async () => {
  const session = 'A'.repeat(22);
  expect(liveInputBodySchema.safeParse({ session, events: [{ kind: 'text', text: 'x'.repeat(257) }] }).success).toBe(false);
  expect(liveInputBodySchema.safeParse({ session, events: [{ kind: 'text', text: 'a\nb' }] }).success).toBe(false);
  expect(liveInputBodySchema.safeParse({ session, events: [{ kind: 'click', x: 1.5, y: 0 }] }).success).toBe(false);
  expect(liveInputBodySchema.safeParse({ session, events: [{ kind: 'key', key: 'F12' }] }).success).toBe(false);
  expect(liveInputBodySchema.safeParse({ session, events: Array(33).fill({ kind: 'key', key: 'Tab' }) }).success).toBe(false);
  expect(liveInputBodySchema.safeParse({ session: 'x', events: [{ kind: 'key', key: 'Tab' }] }).success).toBe(false);

  const { page } = await phonePage();
  const forward = inputForwarder(page);
  // A burst far past a person's pace is refused before anything reaches the page.
  const burst = Array.from({ length: 32 }, () => ({ kind: 'key', key: 'Tab' }) as const);
  const sent = forward(burst);
  let refused: unknown = null;
  try {
    void forward(burst); // at once: 32 more than the 60-event burst allows
  } catch (error) {
    refused = error;
  }
  expect(isLiveInputRefused(refused)).toBe(true);
  await sent;
  // And more text than a sign-in needs, over the whole view.
  const tooMuch = Array.from({ length: Math.ceil(MAX_LIVE_TYPED / 256) + 1 }, () => ({ kind: 'text', text: 'a'.repeat(256) }) as const);
  expect(() => inputForwarder(page)(tooMuch)).toThrow(/characters were typed/);
  await page.context().close();
});
