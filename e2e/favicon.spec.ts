import { expect, test } from '@playwright/test';

test('every page names the favicon, an SVG the server serves and the page’s policy lets it load', async ({ page, request }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  for (const path of ['/', '/guide/start', '/probe/token', '/report']) {
    await page.goto(path);
    const icon = page.locator('head link[rel="icon"]');
    await expect(icon, path).toHaveAttribute('type', 'image/svg+xml');
    const href = await icon.getAttribute('href');
    const response = await request.get(href!);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toContain('image/svg+xml');
    // Loaded the way a browser loads it for the tab: from the page, under the page's policy.
    const size = await page.evaluate(
      (src) =>
        new Promise<number>((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve(img.naturalWidth);
          img.onerror = () => reject(new Error(`${src} did not load`));
          img.src = src;
        }),
      href!,
    );
    expect(size, path).toBeGreaterThan(0);
  }
  expect(violations).toEqual([]);
});
