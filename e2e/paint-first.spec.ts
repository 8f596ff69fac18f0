import { expect, test } from '@playwright/test';

// Node pages paint their step before Next's scripts are even added (lib/server/paint-first.mjs, applied by
// `npm run build`), and then hydrate as before.

type PaintLog = {
  __paintedWithStep: number;
  __scripts: { path: string; noModule: boolean; paintedWithStep: number }[];
};

test('a node page is painted with its step before any of its scripts is added, and then hydrates', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript(() => {
    const log = window as unknown as PaintLog;
    log.__paintedWithStep = 0;
    log.__scripts = [];
    // A frame callback runs just before its frame is painted, and a task it queues runs once the frame has been: a
    // frame with the step's title on it has been painted when that task runs.
    const frame = () => {
      if (document.getElementById('node-title')) setTimeout(() => log.__paintedWithStep++);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    // Every script element that joins the document, put there by the parser or by a script.
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof HTMLScriptElement && node.src) {
            log.__scripts.push({ path: new URL(node.src).pathname, noModule: node.noModule, paintedWithStep: log.__paintedWithStep });
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });

  await page.goto('/guide/start');
  const answer = page.locator('main .choices a.choice').first();
  await expect.poll(() => answer.evaluate((a) => Object.keys(a).some((key) => key.startsWith('__reactProps$')))).toBe(true);

  const scripts = await page.evaluate(() => (window as unknown as PaintLog).__scripts);
  const framework = scripts.filter((script) => !script.noModule && script.path.startsWith('/_next/static/chunks/'));
  expect(framework.length, 'Next loads its chunks').toBeGreaterThan(1);
  for (const script of framework) expect(script.paintedWithStep, `${script.path} came after a painted frame with the step`).toBeGreaterThan(0);
  // The inline loader is allowed by the page's Content-Security-Policy, and nothing failed on the way.
  expect(problems).toEqual([]);
});
