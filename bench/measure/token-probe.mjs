// Token probe vs bare requests: the probe's own cost (validation, the guarded network layer, findings, redaction, the
// JSON API) on top of the HTTPS exchanges it cannot avoid. With a code, the probe sends three in turn: the exchange,
// a refresh with the refresh token it got, and that refresh token once more (the retry Alexa may send); so does the
// baseline. (Its TLS 1.2 check, a HEAD the bench's server answers at once, comes on top.)
import { performance } from 'node:perf_hooks';
import { expectProbeRan, postJson, tokenProbeBody } from '../lib/app-api.mjs';
import { barePost, CLIENT, startHttpsServer, tokenEndpoint } from '../lib/loopback-https.mjs';
import { median, ms } from '../lib/stats.mjs';

const SERVER_DELAY_MS = 100;
const PAIRS = 15;

export async function measureTokenProbe(app) {
  const server = await startHttpsServer({ 'POST /oauth/token': tokenEndpoint(SERVER_DELAY_MS) });
  const tokenUri = `${server.origin}/oauth/token`;
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: CLIENT.code, redirect_uri: CLIENT.redirectUri }).toString();
  const refresh = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'refresh-bench' }).toString();
  const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
  const probe = async () => {
    const result = expectProbeRan(await postJson(app, '/api/probes/token', tokenProbeBody(tokenUri)), 'The token probe');
    if (!result.json.ok) throw new Error(`The token probe found problems with the bench's token server: ${JSON.stringify(result.json.findings.filter((f) => f.status === 'fail'))}`);
    return result.ms;
  };
  const bare = async () => {
    const started = performance.now();
    for (const body of [form, refresh, refresh]) await barePost(tokenUri, body, { Authorization: basic });
    return performance.now() - started;
  };
  try {
    // The first of each pays one-off costs (loading the route, the first TLS context), which no later call does.
    await probe();
    await bare();
    const probes = [];
    const bares = [];
    // In pairs, the first of each alternating, so that a noisy neighbour slows both sides alike.
    for (let i = 0; i < PAIRS; i++) {
      if (i % 2 === 0) {
        probes.push(await probe());
        bares.push(await bare());
      } else {
        bares.push(await bare());
        probes.push(await probe());
      }
    }
    return {
      figure: `Token probe through POST /api/probes/token, against a loopback HTTPS token server that works ${SERVER_DELAY_MS} ms per request`,
      measured: `${ms(median(probes))} / the same three HTTPS POSTs to it, bare, each on a fresh connection ${ms(median(bares))} (medians of ${PAIRS} alternated pairs; ratio: median of the pairs' ratios)`,
      ratio: median(probes.map((p, i) => p / bares[i])),
      goal: 1.2,
    };
  } finally {
    await server.close();
  }
}
