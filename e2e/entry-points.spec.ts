import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { startTokenServer, TEST_CLIENT, type TokenServer } from './fixtures/token-servers';

// A server action is a public POST endpoint. Posted from another site it must run nothing; posted by a script
// with no Origin at all (which Next.js lets through) it still counts against the limits.

let app: AppServer;
let target: TokenServer;

test.beforeAll(async () => {
  app = await startAppServer({ PROBE_CLIENT_PER_MINUTE: '1', PROBE_CLIENT_PER_DAY: '0', PROBE_TARGET_PER_MINUTE: '0' });
  target = await startTokenServer();
});

test.afterAll(async () => {
  await Promise.all([app?.stop(), target?.close()]);
});

/** The token probe form as a browser without JavaScript posts it: the action's hidden fields plus the inputs. */
async function tokenFormPost(): Promise<FormData> {
  const html = await (await fetch(`${app.url}/probe/token`)).text();
  const hidden = [...html.matchAll(/<input type="hidden" name="(\$[^"]*)"(?: value="([^"]*)")?\/>/g)];
  expect(hidden.length).toBeGreaterThan(0);
  const form = new FormData();
  for (const [, name, value = ''] of hidden) form.append(name!, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  const fields = {
    tokenUri: target.tokenUri,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme: 'HTTP_BASIC',
    'grant.type': 'authorization_code',
    'grant.code': TEST_CLIENT.code,
    'grant.redirectUri': TEST_CLIENT.redirectUri,
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

test('a server action posted from another site runs nothing', async () => {
  const response = await fetch(`${app.url}/probe/token`, { method: 'POST', body: await tokenFormPost(), headers: { Origin: 'https://evil.example' } });
  expect(response.ok).toBe(false);
  expect(target.hits).toBe(0);
});

test('a server action posted with no Origin is still counted against the client\'s limit', async () => {
  const first = await (await fetch(`${app.url}/probe/token`, { method: 'POST', body: await tokenFormPost() })).text();
  expect(first).toContain('Alexa would accept this token response');
  expect(target.codeExchanges).toHaveLength(1);

  const second = await (await fetch(`${app.url}/probe/token`, { method: 'POST', body: await tokenFormPost() })).text();
  expect(second).toContain('Not run: too many probes at the moment.');
  expect(target.codeExchanges).toHaveLength(1);
  expect(app.output()).not.toContain(TEST_CLIENT.clientSecret);
});
