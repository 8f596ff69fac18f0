// A report pasted into /triage never goes into an address (server and proxy logs keep those): with JavaScript the
// browser reads it and sends nothing; without, the form posts it in the body and the server shows the triage view.
import { expect, test, type Page, type Request } from '@playwright/test';
import { renderJson, renderMarkdown } from '@/lib/report/render';
import { MAX_PASTE_BYTES, utf8Length } from '@/lib/report/import';
import { sampleReport } from '@/lib/report/test-support';

const report = sampleReport();
/** The sample report's most likely cause, and a text that is only in the report. */
const CAUSE = { id: 'token.expires-in', title: 'expires_in is below 360 seconds' };
const MARKER = report.skillId!;
const PASTE_LABEL = 'The report: JSON, Markdown, the text for Amazon, or a share link';

/** Every request the page makes from now on. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

async function expectCause(page: Page) {
  const cause = page.getByRole('region', { name: 'Most likely cause' });
  await expect(cause.locator('[data-finding]')).toHaveAttribute('data-finding', CAUSE.id);
  await expect(cause).toContainText(CAUSE.title);
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a pasted report is posted in the body, never in an address, and the server answers its triage view, not cached and sending no Referer', async ({ page, baseURL }) => {
    await page.goto('/triage');
    const requests = recordRequests(page);
    await page.getByRole('textbox', { name: PASTE_LABEL }).fill(renderMarkdown(report, { origin: baseURL! }));
    const answer = page.waitForResponse((response) => response.request().isNavigationRequest());
    await page.getByRole('button', { name: 'Open the report' }).click();
    const response = await answer;

    expect(response.request().method()).toBe('POST');
    expect(response.request().postData()).toContain(MARKER);
    for (const request of requests) {
      // The only query allowed is the content hash Next puts on the favicon's address.
      expect(new URL(request.url()).search, request.url()).toMatch(/^(\?icon\.[0-9a-z]+\.svg)?$/);
      expect(request.url()).not.toContain(MARKER);
    }
    expect(new URL(page.url()).search).toBe('');
    expect(response.headers()['referrer-policy']).toBe('no-referrer');
    expect(response.headers()['cache-control']).toContain('no-store');
    await expectCause(page);
    await expect(page.getByRole('region', { name: 'The case' })).toContainText(MARKER);
    await expect(page.locator('body')).toContainText('opened from pasted Markdown');

    // The answer was for this visitor only: the page itself is as before.
    const fresh = await (await fetch(`${baseURL}/triage`)).text();
    expect(fresh).not.toContain(MARKER);
  });

  test('the pasted JSON export works the same, what is not a report is refused with the reason, and the largest paste the importer reads gets through', async ({ page }) => {
    await page.goto('/triage');
    const paste = page.getByRole('textbox', { name: PASTE_LABEL });
    const open = page.getByRole('button', { name: 'Open the report' });

    await paste.fill(renderJson(report));
    await open.click();
    await expectCause(page);
    await expect(page.locator('body')).toContainText('opened from pasted JSON');

    await page.goto('/triage');
    await paste.fill('{"schemaVersion": 1, "createdAt": "2026-11-24T14:05:00.000Z", "skillId": "amzn1.ask.skill.nope"}');
    await open.click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Skill ID: The skill ID looks like amzn1.ask.skill.<uuid>');
    expect(new URL(page.url()).search).toBe('');

    // As long as the importer reads, in the form's UTF-8, with characters of three bytes. The form sends each line
    // break as CR LF.
    const markdown = `\n${renderMarkdown(report, { origin: 'https://linkdoctor.example' })}`;
    await page.goto('/triage');
    await paste.fill('€'.repeat(Math.floor((MAX_PASTE_BYTES - utf8Length(markdown.replace(/\n/g, '\r\n'))) / 3)) + markdown);
    await open.click();
    await expectCause(page);
  });
});

test('with JavaScript the browser reads the pasted report itself: nothing is sent, and the address does not change', async ({ page, baseURL }) => {
  await page.goto('/triage');
  const requests = recordRequests(page);
  await page.getByRole('textbox', { name: PASTE_LABEL }).fill(renderMarkdown(report, { origin: baseURL! }));
  await page.getByRole('button', { name: 'Open the report' }).click();
  await expectCause(page);
  for (const request of requests) {
    expect(request.method(), request.url()).toBe('GET');
    expect(request.url()).not.toContain(MARKER);
  }
  expect(requests.filter((request) => request.isNavigationRequest())).toEqual([]);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/triage');
});
