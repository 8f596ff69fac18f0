import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { linkRequestFor, startNodeOAuthServer, type NodeOAuthServer } from './fixtures/link-servers';
import { fillLinkForm } from './link-form';
import { secondFactorPage, signInPage } from './fixtures/link-servers/node-oauth/pages';

// The live view, end to end: a server that asks for a six-digit code after the password (a second factor the
// rehearsal cannot know), the app's /link page with JavaScript, and the test acting as the person — it sees the
// code page in the panel, clicks the code field in the picture, types the code, presses Enter, and the rehearsal
// goes on to link. The session is the run's own: another client, or a request without its id, gets nowhere.

const servers: NodeOAuthServer[] = [];
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
test.setTimeout(150_000);
const RESULT_TIMEOUT = 120_000;

async function secondFactorServer() {
  const server = await startNodeOAuthServer({ secondFactor: true });
  servers.push(server);
  return server;
}

/** /link's form for `server`, with the live view asked for. */
async function fillLinkFormWithLiveView(page: Page, server: NodeOAuthServer) {
  const form = await fillLinkForm(page, server);
  await form.getByLabel(/let me finish it in a live view/).check();
  return form;
}

/**
 * A page of the fixture as a phone shows it (the boxed browser's Pixel 7), with the server's own stylesheet: what
 * the person should see in the panel. Returns a PNG of it and where `selector` is, as fractions of the screen.
 */
async function asAPhoneShows(browser: Browser, server: NodeOAuthServer, html: string, selector: string) {
  const context = await browser.newContext({ viewport: { width: 412, height: 839 }, deviceScaleFactor: 1, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.setContent(html.replace('<head>', `<head><base href="${server.origin}/">`), { waitUntil: 'load' });
  const box = (await page.locator(selector).boundingBox())!;
  const png = (await page.screenshot()).toString('base64');
  await context.close();
  return { png: `data:image/png;base64,${png}`, x: (box.x + box.width / 2) / 412, y: (box.y + box.height / 2) / 839 };
}

/** The share of pixels that differ clearly between the picture in the panel and a reference image, both at 412×839. */
async function differenceFrom(page: Page, reference: string): Promise<number> {
  return page.evaluate(async (referenceSrc) => {
    const frame = document.querySelector<HTMLImageElement>('.live-view-screen img')!;
    const load = (src: string) =>
      new Promise<HTMLImageElement>((resolve, reject) => {
        const image = new Image();
        image.onload = () => resolve(image);
        image.onerror = reject;
        image.src = src;
      });
    const pixels = (image: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = 412;
      canvas.height = 839;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0, 412, 839);
      return context.getImageData(0, 0, 412, 839).data;
    };
    const [a, b] = [pixels(await load(frame.src)), pixels(await load(referenceSrc))];
    let differing = 0;
    for (let i = 0; i < a.length; i += 4) {
      if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 96) differing++;
    }
    return differing / (a.length / 4);
  }, reference);
}

test('a second factor: the person sees the code page in the live view, clicks the field, types the code, and the rehearsal links', async ({ page, browser }, testInfo) => {
  const server = await secondFactorServer();
  const codePage = await asAPhoneShows(browser, server, secondFactorPage({}), 'input[name=otp]');
  const otherPage = await asAPhoneShows(browser, server, signInPage({}), 'input[name=username]');

  await page.goto('/link');
  const form = await fillLinkFormWithLiveView(page, server);
  await form.getByRole('button', { name: 'Link as Alexa' }).click();

  const live = page.getByRole('region', { name: /^Finish the sign-in yourself/ });
  await expect(live).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(live).toContainText(/second factor|code/i);
  await expect(live.getByRole('timer')).toHaveText(/Time left: [23]:\d\d/);
  const screen = live.getByRole('application', { name: /Your sign-in page, live/ });
  const picture = screen.getByRole('img', { name: 'The sign-in page as the headless browser shows it now' });
  await expect(picture).toBeVisible();

  // The picture is the code page as a phone shows it, not some other page.
  await expect.poll(async () => differenceFrom(page, codePage.png)).toBeLessThan(0.01);
  expect(await differenceFrom(page, otherPage.png)).toBeGreaterThan(3 * (await differenceFrom(page, codePage.png)));
  await picture.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('live-view-laptop.png') });
  // The panel is labelled and usable with assistive technology, as the rest of the page.
  const axe = await new AxeBuilder({ page }).include('.live-view').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);

  // Click the code field where the picture shows it; the picture takes the keyboard (the hint says how to leave).
  await picture.scrollIntoViewIfNeeded();
  const box = (await picture.boundingBox())!;
  await picture.click({ position: { x: codePage.x * box.width, y: codePage.y * box.height } });
  await expect(screen).toBeFocused();
  await expect(live.getByRole('button', { name: 'Stop typing into the page' })).toBeVisible();
  await page.keyboard.type(server.secondFactorCode);
  // The picture shows the digits in the field before Enter: the person sees what they typed.
  await expect.poll(async () => differenceFrom(page, codePage.png)).toBeGreaterThan(0.001);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: /^Linked: Alexa would complete the account linking/ })).toBeVisible({ timeout: RESULT_TIMEOUT });
  await expect(live).toHaveCount(0);
  const signIn = page.locator('[data-step="sign-in"]');
  await expect(signIn).toContainText('Finished by hand in the live view');
  await expect(page.locator('[data-step="exchange"]')).toHaveAttribute('data-status', /pass|warn/);
  expect(server.refusedSignIns).toBe(0);
  // What the person typed is nowhere in the page, nor any secret.
  const html = await page.content();
  for (const secret of [server.secondFactorCode, server.password, server.clientSecret, ...server.issued]) expect(html).not.toContain(secret);
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the picture fits the screen, a tap clicks the page, and the text field sends the code with Enter', async ({ page, browser }, testInfo) => {
    const server = await secondFactorServer();
    const codePage = await asAPhoneShows(browser, server, secondFactorPage({}), 'input[name=otp]');
    await page.goto('/link');
    const form = await fillLinkFormWithLiveView(page, server);
    await form.getByRole('button', { name: 'Link as Alexa' }).click();

    const live = page.getByRole('region', { name: /^Finish the sign-in yourself/ });
    const picture = live.getByRole('img', { name: 'The sign-in page as the headless browser shows it now' });
    await expect(picture).toBeVisible({ timeout: RESULT_TIMEOUT });
    await expect.poll(async () => differenceFrom(page, codePage.png)).toBeLessThan(0.01);
    await picture.scrollIntoViewIfNeeded();
    const box = (await picture.boundingBox())!;
    // Scaled to the phone's width, the whole page in view, nothing wider than the screen.
    expect(box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath('live-view-390.png') });

    await picture.tap({ position: { x: codePage.x * box.width, y: codePage.y * box.height } });
    await live.getByLabel(/send text to the field you tapped/).fill(server.secondFactorCode);
    await live.getByRole('button', { name: 'Send and press Enter' }).click();
    await expect(page.getByRole('heading', { name: /^Linked: Alexa would complete the account linking/ })).toBeVisible({ timeout: RESULT_TIMEOUT });
  });
});

/** POST JSON to the app from a chosen loopback address: 127.0.0.2 is another client to the app than 127.0.0.1. */
function postFrom(from: string, baseURL: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseURL);
    const req = httpRequest(url, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        // A live view's stream goes on until the hand-off ends: its first line is enough here.
        if (text.includes('\n')) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Starts a rehearsal through POST /api/link (as a script would) and reads its NDJSON lines as they come. */
function startRehearsal(baseURL: string, server: NodeOAuthServer) {
  const lines: Array<Record<string, unknown>> = [];
  const url = new URL('/api/link', baseURL);
  const ended = new Promise<void>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', localAddress: '127.0.0.1', headers: { 'content-type': 'application/json' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
          lines.push(JSON.parse(buffer.slice(0, i)) as Record<string, unknown>);
          buffer = buffer.slice(i + 1);
        }
      });
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ ...linkRequestFor(server), liveView: true }));
  });
  return { lines, ended };
}

test('the session is the run’s own: another client or a request without its id gets nowhere; Cancel ends it with a finding', async ({ baseURL }) => {
  const server = await secondFactorServer();
  const run = startRehearsal(baseURL!, server);
  await expect.poll(() => run.lines.find((l) => l.type === 'live'), { timeout: RESULT_TIMEOUT }).toBeTruthy();
  const live = run.lines.find((l) => l.type === 'live') as { session: string; reason: string };
  expect(live.session).toMatch(/^[A-Za-z0-9_-]{22}$/);

  const type = { kind: 'text', text: server.secondFactorCode };
  const gone = { status: 404, code: 'live_view_not_found' };
  const answer = async (from: string, path: string, body: unknown) => {
    const { status, text } = await postFrom(from, baseURL!, path, body);
    return { status, code: text ? (JSON.parse(text.split('\n')[0]!) as { error?: { code: string } }).error?.code : undefined, text };
  };
  // Another client, with the right id: as if there were no such session.
  for (const path of ['/api/link/live/view', '/api/link/live/cancel']) {
    expect(await answer('127.0.0.2', path, { session: live.session }), path).toMatchObject(gone);
  }
  expect(await answer('127.0.0.2', '/api/link/live/input', { session: live.session, events: [type] })).toMatchObject(gone);
  // The right client without the id, or with another one.
  expect(await answer('127.0.0.1', '/api/link/live/input', { events: [type] })).toMatchObject({ status: 400, code: 'invalid_input' });
  const wrongId = `${live.session.slice(0, -2)}${live.session.endsWith('AA') ? 'BB' : 'AA'}`;
  expect(await answer('127.0.0.1', '/api/link/live/input', { session: wrongId, events: [type] })).toMatchObject(gone);
  // Nothing of that reached the page: the run still waits in the live view, which its own client can watch.
  const view = await answer('127.0.0.1', '/api/link/live/view', { session: live.session });
  expect(view.status).toBe(200);
  expect(JSON.parse(view.text.split('\n')[0]!)).toMatchObject({ type: 'frame', width: 412, height: 839 });
  // Input from the run's client is taken without a word back: nothing typed is echoed.
  expect(await postFrom('127.0.0.1', baseURL!, '/api/link/live/input', { session: live.session, events: [{ kind: 'key', key: 'Tab' }] })).toEqual({ status: 204, text: '' });

  expect(await answer('127.0.0.1', '/api/link/live/cancel', { session: live.session })).toMatchObject({ status: 204 });
  await run.ended;
  const result = run.lines.at(-1) as { type: string; linked: boolean; findings: Array<{ id: string; status: string; step: string; detail: string }> };
  expect(result).toMatchObject({ type: 'result', linked: false });
  const finding = result.findings.find((f) => f.id === 'link.sign-in');
  expect(finding).toMatchObject({ status: 'fail', step: 'sign-in' });
  expect(finding!.detail).toContain('the live view was closed before the server redirected to Alexa');
  expect(server.refusedSignIns).toBe(0);
  // Once over, the session is gone for everyone.
  expect(await answer('127.0.0.1', '/api/link/live/input', { session: live.session, events: [type] })).toMatchObject(gone);
  expect(JSON.stringify(run.lines)).not.toContain(server.secondFactorCode);
});
