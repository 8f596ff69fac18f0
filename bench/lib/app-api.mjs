// Calls to the app's JSON API, timed end to end from the bench's side.
import { performance } from 'node:perf_hooks';
import { CLIENT } from './loopback-https.mjs';

/** POST JSON; resolves with the status, the parsed body (or the NDJSON events) and the time until the last byte. */
export async function postJson(app, path, body) {
  const started = performance.now();
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  const json = /ndjson/.test(response.headers.get('content-type') ?? '')
    ? text.trim().split('\n').map((line) => JSON.parse(line))
    : JSON.parse(text);
  return { status: response.status, json, ms: elapsed };
}

export function tokenProbeBody(tokenUri) {
  return {
    tokenUri,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    scheme: 'HTTP_BASIC',
    grant: { type: 'authorization_code', code: CLIENT.code, redirectUri: CLIENT.redirectUri },
  };
}

/** A probe call that did not run to the end means the figure would measure an error path: stop the bench. */
export function expectProbeRan(result, what) {
  if (result.status !== 200) throw new Error(`${what} answered HTTP ${result.status}: ${JSON.stringify(result.json).slice(0, 300)}`);
  return result;
}
