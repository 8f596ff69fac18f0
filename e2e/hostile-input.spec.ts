import { expect, test } from '@playwright/test';
import { MAX_TEXT_INPUT } from '@/lib/probes/input-fields';

// Input built to hurt the server: a paste that made the request parser backtrack for seconds on the event loop, and
// URLs with line breaks that new URL() would have dropped without a word.

const ENABLEMENT_HEAD = 'POST /v1/users/~current/skills/x/enablement HTTP/1.1\nHost: api.amazonalexa.com\n\n';

for (const [run, filler] of [
  ['blanks', ' '],
  ['line breaks', '\n'],
] as const) {
  test(`a pasted request whose body is one long run of ${run} is answered at once, and guide pages keep answering meanwhile`, async ({ request }) => {
    // Warm both routes, so that what is measured is the work, not the first load of a route.
    await request.post('/api/probes/enablement-request', { data: { request: `${ENABLEMENT_HEAD}{}` } });
    await request.get('/guide/start');

    // The attack as reported (128 KB of them, now over the route's body limit), and the longest paste the check reads.
    const longest = `${ENABLEMENT_HEAD}a${filler.repeat(MAX_TEXT_INPUT - ENABLEMENT_HEAD.length - 2)}b`;
    for (const [paste, status] of [
      [`${ENABLEMENT_HEAD}a${filler.repeat(128 * 1024)}b`, 413],
      [longest, 200],
    ] as const) {
      const sent = Date.now();
      const check = request.post('/api/probes/enablement-request', { data: { request: paste } }).then((response) => ({ response, ms: Date.now() - sent }));
      // The guide page is asked for while the server works on the paste: before the fix it waited for seconds.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const asked = Date.now();
      const guide = await request.get('/guide/start');
      const guideMs = Date.now() - asked;
      const { response, ms } = await check;

      expect(response.status()).toBe(status);
      if (status === 200) expect((await response.json()).probe).toBe('enablement-request');
      expect(guide.status()).toBe(200);
      expect(ms).toBeLessThan(2_000);
      expect(guideMs).toBeLessThan(2_000);
    }
  });
}

const TOKEN_PROBE = {
  clientId: 'alexa-skill',
  clientSecret: 'a-client-secret',
  scheme: 'HTTP_BASIC',
  grant: { type: 'refresh_token', refreshToken: 'a-refresh-token' },
};

const URL_FIELDS = [
  { path: '/api/probes/token', field: 'tokenUri', name: 'access token URI', body: (url: string) => ({ ...TOKEN_PROBE, tokenUri: url }) },
  { path: '/api/probes/login-page', field: 'authorizationUri', name: 'authorization URI', body: (url: string) => ({ authorizationUri: url }) },
  { path: '/api/probes/app-links', field: 'url', name: 'redirect URL', body: (url: string) => ({ url }) },
];

for (const { path, field, name, body } of URL_FIELDS) {
  test(`${path} refuses a URL with a line break inside with 400 and a message naming the ${name}`, async ({ request }) => {
    for (const [url, what] of [
      ['https://auth.example.com/oauth\r\nX-Injected: 1', 'a line break'],
      ['https://auth.exa\nmple.com/oauth', 'a line break'],
      ['https://auth.example.com/oa\tuth', 'a tab'],
    ] as const) {
      const response = await request.post(path, { data: body(url) });
      expect(response.status(), JSON.stringify(url)).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe('invalid_input');
      expect(error.issues).toContainEqual({ field, message: expect.stringContaining(`The ${name} contains ${what}`) });
    }
  });
}
