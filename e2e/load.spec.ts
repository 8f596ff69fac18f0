import { expect, test } from '@playwright/test';
import { LIMITS_OFF } from '@/lib/server/limits-config.mjs';
import { startAppServer, type AppServer } from './fixtures/app-server';
import { startServer, type CountingServer } from './fixtures/servers';
import { TEST_CLIENT } from './fixtures/token-servers';

const STALLED_PROBES = 40;
// The token probe waits at most 5 s for the reply's headers (lib/net/outbound.ts); the rest is slack for a busy
// machine, far below what an unbounded wait would take.
const PROBE_DEADLINE_MS = 5_000;
const SLACK_MS = 2_500;

let app: AppServer;
let stalling: CountingServer;

test.beforeAll(async () => {
  // Limits off: the point is many probes at once against one host.
  app = await startAppServer({
    ...LIMITS_OFF,
  });
  // Completes TLS, reads the request, and never answers.
  stalling = await startServer(() => new Promise(() => {}));
});

test.afterAll(async () => {
  await Promise.all([app?.stop(), stalling?.close()]);
});

async function nodePageTimes(count: number): Promise<number[]> {
  const ids = ['start', 'token-exchange', 'login-page-domains', 'grant-type', 'contact-amazon'];
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${app.url}/guide/${ids[i % ids.length]}`);
    await response.text();
    expect(response.status).toBe(200);
    times.push(performance.now() - started);
  }
  return times;
}

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1]!;
}

test(`${STALLED_PROBES} probes stalled against one slow host each end within their deadline, and guide pages stay fast meanwhile`, async () => {
  test.setTimeout(60_000);
  await nodePageTimes(10); // warm up
  const quiet = p95(await nodePageTimes(60));

  const body = JSON.stringify({
    tokenUri: `${stalling.url}/oauth/token`,
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    scheme: 'HTTP_BASIC',
    grant: { type: 'authorization_code', code: TEST_CLIENT.code, redirectUri: TEST_CLIENT.redirectUri },
  });
  const probes = Array.from({ length: STALLED_PROBES }, async () => {
    const started = performance.now();
    const response = await fetch(`${app.url}/api/probes/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const result = await response.json();
    return { status: response.status, result, elapsed: performance.now() - started };
  });
  // Measure while every probe is still waiting on the silent server.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const loaded = p95(await nodePageTimes(60));
  const outcomes = await Promise.all(probes);

  expect(stalling.requests.length).toBe(STALLED_PROBES);
  for (const { status, result, elapsed } of outcomes) {
    expect(status).toBe(200);
    expect(result.findings.find((f: { id: string }) => f.id === 'token.response-time')).toMatchObject({ status: 'fail' });
    expect(elapsed).toBeGreaterThanOrEqual(PROBE_DEADLINE_MS - 100);
    expect(elapsed).toBeLessThan(PROBE_DEADLINE_MS + SLACK_MS);
  }
  console.log(`guide page p95: ${quiet.toFixed(1)} ms quiet, ${loaded.toFixed(1)} ms with ${STALLED_PROBES} stalled probes`);
  expect(loaded).toBeLessThan(Math.max(4 * quiet, 250));
  expect(app.output()).not.toContain(TEST_CLIENT.clientSecret);
});
