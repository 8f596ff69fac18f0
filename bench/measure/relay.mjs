// A token request through a recording relay vs the same request sent straight to the token server: what the relay
// adds to Alexa's round trip (its route, the relay's lookup and call count, the guarded outbound request; recording
// happens after the answer has gone). Both sides open fresh connections, as Alexa does: the relay side one to the
// app and one from the app to the token server, the direct side one to the token server.
import { performance } from 'node:perf_hooks';
import { request } from 'node:http';
import { barePost, CLIENT, startHttpsServer, tokenEndpoint } from '../lib/loopback-https.mjs';
import { median, ms } from '../lib/stats.mjs';

const SERVER_DELAY_MS = 100;
const PAIRS = 15;

/** One HTTP POST on a fresh connection to the app; resolves with the status when the body is in. */
function plainPost(url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('error', reject);
    req.end(body);
  });
}

export async function measureRelay(app) {
  const server = await startHttpsServer({ 'POST /oauth/token': tokenEndpoint(SERVER_DELAY_MS) });
  const tokenUri = `${server.origin}/oauth/token`;
  const made = await fetch(`${app.url}/api/relays`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ authorizationUri: `${server.origin}/authorize`, accessTokenUri: tokenUri }),
  });
  if (made.status !== 201) throw new Error(`POST /api/relays answered HTTP ${made.status}: ${(await made.text()).slice(0, 300)}`);
  const relay = await made.json();
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: CLIENT.code, redirect_uri: CLIENT.redirectUri }).toString();
  const headers = { Authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}` };
  const timed = async (send) => {
    const started = performance.now();
    const status = await send();
    if (status !== 200) throw new Error(`A token request answered HTTP ${status}`);
    return performance.now() - started;
  };
  const relayed = () => timed(() => plainPost(relay.tokenUrl, form, headers));
  const direct = () => timed(() => barePost(tokenUri, form, headers));
  try {
    // The first of each pays one-off costs (loading the route, the first TLS context), which no later call does.
    await relayed();
    await direct();
    const relays = [];
    const directs = [];
    for (let i = 0; i < PAIRS; i++) {
      if (i % 2 === 0) {
        relays.push(await relayed());
        directs.push(await direct());
      } else {
        directs.push(await direct());
        relays.push(await relayed());
      }
    }
    return {
      figure: `A token request through a recording relay (POST /relay/<id>/token), to a loopback HTTPS token server that works ${SERVER_DELAY_MS} ms per request`,
      measured: `${ms(median(relays))} / the same request sent to it directly, on a fresh connection ${ms(median(directs))} (medians of ${PAIRS} alternated pairs; ratio: median of the pairs' ratios)`,
      ratio: median(relays.map((r, i) => r / directs[i])),
      goal: 1.1,
    };
  } finally {
    await fetch(`${app.url}/api/relays/${relay.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${relay.key}` } }).catch(() => undefined);
    await server.close();
  }
}
