import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';

// Every kind of page: prerendered (policy by hash) and rendered per request (policy by nonce), plus the 404 page.
const PAGES = [
  '/',
  '/guide/start',
  '/guide/token-exchange?q=invalid_grant',
  '/guide/tip-https-ca/fixed',
  '/check',
  '/report',
  '/triage',
  '/probe',
  '/probe/token',
  '/search?q=zzzz',
  '/guide/no-such-step',
];

function scriptSources(csp: string): string[] {
  const directive = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
  return directive ? directive.split(/\s+/).slice(1) : [];
}

async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  // Init scripts run through the DevTools protocol, outside the page's policy.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) consoleErrors.push(message.text());
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)), ...consoleErrors];
}

test('every kind of page runs its scripts under the policy: no violation, and React has hydrated the page', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of PAGES) {
    const response = await page.goto(path);
    const csp = response!.headers()['content-security-policy'] ?? '';
    const sources = scriptSources(csp);
    expect(sources, path).toContain("'self'");
    expect(sources, path).not.toContain("'unsafe-inline'");
    expect(sources, path).not.toContain("'unsafe-eval'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    // React marks every element it hydrates; the payload it hydrates from arrives in inline scripts.
    await expect
      .poll(() => page.evaluate(() => Object.keys(document.querySelector('main') ?? {}).some((k) => k.startsWith('__reactFiber$'))), {
        message: `${path} hydrated`,
      })
      .toBe(true);
    expect(await violations(), path).toEqual([]);
  }
});

test('a prerendered page names exactly its own inline scripts by hash, and needs no nonce', async ({ request }) => {
  for (const path of ['/guide/start', '/']) {
    const response = await request.get(path);
    const html = await response.text();
    const sources = scriptSources(response.headers()['content-security-policy'] ?? '');
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length, path).toBeGreaterThan(0);
    for (const script of inline) {
      expect(sources, `${path}: ${script.slice(0, 60)}`).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    }
    expect(sources.some((s) => s.startsWith("'nonce-")), path).toBe(false);
    expect(response.headers()['x-nextjs-prerender'], path).toBeTruthy();
  }
});

test('a page rendered per request gets a new nonce each time, and every script on it carries that nonce', async ({ request }) => {
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get('/probe/token');
    const nonce = scriptSources(response.headers()['content-security-policy'] ?? '').find((s) => s.startsWith("'nonce-"));
    expect(nonce).toBeTruthy();
    const value = nonce!.slice("'nonce-".length, -1);
    nonces.push(value);
    const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toContain(`nonce="${value}"`);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test('a script injected into a page does not run', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of ['/guide/start', '/probe/token']) {
    await page.goto(path);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), path).toBeUndefined();
    expect((await violations()).join('\n'), path).toContain('script-src');
  }
});
