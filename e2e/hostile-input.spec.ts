import { expect, test } from '@playwright/test';

// Input built to hurt the server: a paste that made the request parser backtrack for seconds on the event loop.

const ENABLEMENT_HEAD = 'POST /v1/users/~current/skills/x/enablement HTTP/1.1\nHost: api.amazonalexa.com\n\n';

for (const [run, filler] of [
  ['blanks', ' '],
  ['line breaks', '\n'],
] as const) {
  test(`a pasted request with 128 KB of ${run} in its body is answered at once, and guide pages keep answering meanwhile`, async ({ request }) => {
    // Warm both routes, so that what is measured is the work, not the first load of a route.
    await request.post('/api/probes/enablement-request', { data: { request: `${ENABLEMENT_HEAD}{}` } });
    await request.get('/guide/start');

    const sent = Date.now();
    const check = request
      .post('/api/probes/enablement-request', { data: { request: `${ENABLEMENT_HEAD}a${filler.repeat(128 * 1024)}b` } })
      .then((response) => ({ response, ms: Date.now() - sent }));
    // The guide page is asked for while the server works on the paste: before the fix it waited for seconds.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const asked = Date.now();
    const guide = await request.get('/guide/start');
    const guideMs = Date.now() - asked;
    const { response, ms } = await check;

    expect(response.status()).toBe(200);
    expect((await response.json()).probe).toBe('enablement-request');
    expect(guide.status()).toBe(200);
    expect(ms).toBeLessThan(2_000);
    expect(guideMs).toBeLessThan(2_000);
  });
}
