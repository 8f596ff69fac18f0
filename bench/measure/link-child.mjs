// Run by ../lib/fixture-process.mjs in a Node that loads TypeScript: the Link as Alexa figures against the tests'
// healthy @node-oauth/oauth2-server (e2e/fixtures/link-servers: one sign-in page, no consent, a refresh token that
// works), each side by side with the same work done bare. `node … link-child.mjs <app url> rehearsal|login-page`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, devices } from 'playwright-core';
import { postJson } from '../lib/app-api.mjs';
import { CHROMIUM_PATH, TLS_DIR } from '../lib/project.mjs';
import { median, ms, sleep } from '../lib/stats.mjs';
import { postToken } from '../../e2e/fixtures/link-servers/plain-browser.ts';
import { linkRequestFor, startNodeOAuthServer, testRedirectUri } from '../../e2e/fixtures/link-servers/index.ts';

const [appUrl, figure] = process.argv.slice(2);
const app = { url: appUrl };
const CA = readFileSync(join(TLS_DIR, 'ca.pem'), 'utf8');
const PAIRS = 7;
const SETTLE_MS = 2500;
const log = (message) => process.stderr.write(`${message}\n`);

/**
 * In pairs, the first of each alternating, so that a noisy neighbour slows both sides alike. Between calls a pause, as
 * between a person's runs: what the app does after answering (closing the browser, starting the next warm spare) is
 * its own time, not the other side's.
 */
async function alternate(one, other) {
  const timed = async (side) => {
    const took = await side();
    await sleep(SETTLE_MS);
    return took;
  };
  await timed(one);
  await timed(other); // the first of each pays one-off costs (loading the route, the first TLS context)
  const ones = [];
  const others = [];
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2 === 0) {
      ones.push(await timed(one));
      others.push(await timed(other));
    } else {
      others.push(await timed(other));
      ones.push(await timed(one));
    }
  }
  return { ones, others, ratio: median(ones.map((value, i) => value / others[i])) };
}

const server = await startNodeOAuthServer();
const redirectUri = testRedirectUri('NA');
/** The bare side's browser, started once: a page load is what the figures compare with, not Chromium's start. */
const warm = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-first-run', '--disable-background-networking'] });

/** The authorization URL with what Alexa sends. */
function authorizeUrl(server) {
  const url = new URL(server.authorizationUri);
  for (const [name, value] of Object.entries({ client_id: server.clientId, response_type: 'code', scope: server.scopes.join(' '), state: 's'.repeat(64), redirect_uri: redirectUri })) {
    url.searchParams.set(name, value);
  }
  return url;
}

/** POST /api/link against the healthy server, to its result; the time until the last byte. */
async function rehearsal() {
  const before = server.received.length;
  const { status, json, ms: took } = await postJson(app, '/api/link', linkRequestFor(server));
  const result = Array.isArray(json) ? json.at(-1) : json;
  if (status !== 200 || !result?.linked) {
    throw new Error(`The rehearsal did not link the healthy server (HTTP ${status}): ${JSON.stringify(result).slice(0, 400)}`);
  }
  lastRun = { steps: result.steps, requests: server.received.slice(before) };
  return took;
}
let lastRun = { steps: [], requests: [] };

/**
 * The same requests with nothing in between: a plain Chromium, already running (a new browser context each time,
 * phone-sized), loads the authorization URL, signs in on the page and is sent to Alexa (caught in the browser), then
 * Node makes the token requests the rehearsal made. What is left is what the rehearsal cannot avoid waiting on.
 */
async function bareReplay() {
  const tokenPosts = lastRun.requests.filter((r) => r.method === 'POST' && r.path === new URL(server.tokenUri).pathname).length;
  const started = performance.now();
  const context = await warm.newContext({ ...devices['Pixel 7'], ignoreHTTPSErrors: true });
  try {
    let caught;
    const redirected = new Promise((resolve) => (caught = resolve));
    await context.route(`${new URL(redirectUri).origin}/**`, (route) => {
      caught(new URL(route.request().url()));
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Alexa</title>' });
    });
    const page = await context.newPage();
    await page.goto(authorizeUrl(server).href);
    await page.fill('input[name=username]', server.username);
    await page.fill('input[name=password]', server.password);
    await page.press('input[name=password]', 'Enter');
    const redirect = await redirected;
    const client = { clientId: server.clientId, clientSecret: server.clientSecret, scheme: server.scheme };
    const code = redirect.searchParams.get('code') ?? '';
    const tokens = await postToken(server.tokenUri, client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, CA);
    for (let i = 1; i < tokenPosts; i++) {
      await postToken(server.tokenUri, client, { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) }, CA);
    }
  } finally {
    await context.close();
  }
  return performance.now() - started;
}

async function measureRehearsal() {
  const { ones, others, ratio } = await alternate(rehearsal, bareReplay);
  const steps = lastRun.steps.map((s) => `${s.step} ${ms(s.durationMs)}`).join(', ');
  log(`last rehearsal's steps: ${steps}`);
  return {
    figure: 'Link as Alexa rehearsal through POST /api/link, against the tests’ healthy @node-oauth/oauth2-server (sign-in, redirect, exchange, refresh, rotation)',
    measured: `${ms(median(ones))} / the same page loads and token requests bare, in a plain Chromium already running and from Node, ${ms(median(others))} (medians of ${PAIRS} alternated pairs; ratio: median of the pairs' ratios)`,
    ratio,
    goal: 1.3,
  };
}

async function measureLoginPage() {
  const probe = async () => {
    const { status, json, ms: took } = await postJson(app, '/api/probes/login-page', {
      authorizationUri: server.authorizationUri,
      domains: server.domains,
      mode: 'browser',
      clientId: server.clientId,
      scopes: server.scopes,
      redirectUri,
    });
    if (status !== 200 || !json.browser) throw new Error(`The browser-mode login page probe answered HTTP ${status}: ${JSON.stringify(json).slice(0, 400)}`);
    return took;
  };
  const bare = async () => {
    const started = performance.now();
    const context = await warm.newContext({ ...devices['Pixel 7'], ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      // Until the network is idle: the probe must see every host the page loads, and so waits as long.
      await page.goto(authorizeUrl(server).href, { waitUntil: 'networkidle' });
      await page.screenshot({ type: 'jpeg', quality: 60, scale: 'css' });
    } finally {
      await context.close();
    }
    return performance.now() - started;
  };
  const { ones, others, ratio } = await alternate(probe, bare);
  return {
    figure: 'Login page probe in browser mode through POST /api/probes/login-page, against the tests’ healthy sign-in page',
    measured: `${ms(median(ones))} / a bare Chromium, already running, loading the same page in a new phone-sized context until the network is idle and taking a screenshot ${ms(median(others))} (medians of ${PAIRS} alternated pairs; ratio: median of the pairs' ratios)`,
    ratio,
    goal: 1.5,
  };
}

try {
  const row = figure === 'login-page' ? await measureLoginPage() : await measureRehearsal();
  process.stdout.write(`${JSON.stringify(row)}\n`);
} finally {
  await Promise.allSettled([server.close(), warm.close()]);
}
