// The live view inside a whole rehearsal, in the real boxed Chromium, against @node-oauth/oauth2-server asking for a
// six-digit code after the password (e2e/fixtures/link-servers): the hand-off event, the person finishing it through
// the session, and the time limit ending it with a finding that says so.

import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { linkRequestFor, startLinkTestNet, startNodeOAuthServer, type LinkTestNet, type NodeOAuthServer } from '@/e2e/fixtures/link-servers';
import { chromiumPath, namespaceOptions } from '@/lib/net/browser';
import { linkInputSchema, type LinkEvent, type LinkLive, type LinkResult } from './input';
import { findSession } from './live-session';
import { rehearseLinking } from './run';

const CHROMIUM = chromiumPath();
test.skip(!existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
test.describe.configure({ timeout: 90_000 });

const CLIENT = '203.0.113.9';
let net: LinkTestNet;
let server: NodeOAuthServer | undefined;
test.beforeAll(async () => {
  const boxProblem = await namespaceOptions().then(() => null, (e: Error) => e.message);
  test.skip(boxProblem !== null, `The boxed browser cannot run here: ${boxProblem}.`);
  net = startLinkTestNet();
});
test.afterAll(() => net?.close());
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Rehearses against a second-factor server with the live view on; `person` acts once the hand-off is announced. */
async function rehearseWithPerson(person: (live: LinkLive) => Promise<void>) {
  server = await startNodeOAuthServer({ secondFactor: true, host: 'login.link-test', tls: net.certs });
  const events: LinkEvent[] = [];
  let acting: Promise<void> | undefined;
  const result = await rehearseLinking(
    linkInputSchema.parse({ ...linkRequestFor(server), liveView: true }),
    {
      policy: net.policy(server.port),
      lookup: net.lookup,
      ca: net.certs.ca,
      browser: { testOnlyIgnoreCertErrorsSpki: [net.certs.spki] },
      client: CLIENT,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'live') acting = person(e);
      },
    },
  );
  await acting;
  return { result, events };
}

const signInFinding = (result: LinkResult) => result.findings.find((f) => f.id === 'link.sign-in' && f.step === 'sign-in');

test('a person types the code in the live view of the boxed browser, and the rehearsal goes on to link', async () => {
  const { result, events } = await rehearseWithPerson(async (live) => {
    const session = findSession(live.session, CLIENT)!;
    expect(session).not.toBeNull();
    await expect.poll(() => session.frame?.seq ?? 0).toBeGreaterThan(0);
    // The code field is the page's first field: Tab from the top of the page reaches it.
    await session.deliver([{ kind: 'key', key: 'Tab' }]);
    await session.deliver([{ kind: 'text', text: server!.secondFactorCode }, { kind: 'key', key: 'Enter' }]);
  });
  const live = events.find((e) => e.type === 'live') as LinkLive;
  expect(live).toMatchObject({ region: 'NA' });
  expect(live.reason.length).toBeGreaterThan(10);
  expect(result.linked).toBe(true);
  expect(signInFinding(result)).toMatchObject({ status: 'warn', title: 'Finished by hand in the live view' });
  expect(findSession(live.session, CLIENT)).toBeNull();
  expect(JSON.stringify(events)).not.toContain(server!.secondFactorCode);
});

test('the time limit ends the hand-off, and the sign-in fails saying the live view’s time ran out', async () => {
  process.env.LINK_LIVE_VIEW_SECONDS = '3';
  try {
    const started = Date.now();
    const { result, events } = await rehearseWithPerson(async () => {});
    const live = events.find((e) => e.type === 'live') as LinkLive;
    expect(Date.parse(live.expiresAt) - started).toBeLessThan(60_000);
    expect(result.linked).toBe(false);
    const finding = signInFinding(result)!;
    expect(finding).toMatchObject({ status: 'fail', title: 'The sign-in was not finished' });
    expect(finding.detail).toContain('the live view’s time ran out before the server redirected to Alexa');
    expect(finding.fix).toContain('live view');
    expect(server!.refusedSignIns).toBe(0);
  } finally {
    delete process.env.LINK_LIVE_VIEW_SECONDS;
  }
});
