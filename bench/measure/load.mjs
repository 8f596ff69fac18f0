// A node page under load: 50 token probes held open by a target that never finishes its answer (the probes' own
// deadline is what ends them), while the page is fetched again and again. Static pages must not queue behind
// probes, and the probes must not blow up the server's memory.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { postJson, tokenProbeBody } from '../lib/app-api.mjs';
import { drip, startHttpsServer, tokenEndpoint } from '../lib/loopback-https.mjs';
import { median, mb, ms, quantile, sleep } from '../lib/stats.mjs';

const STALLED_PROBES = 50;
const PAGE_GETS = 200;
const MEMORY_SAMPLE_MS = 25;

/** Sequential GETs on one kept-alive connection, as a browser would: each one's time until its last byte. */
async function pageLatencies(app, path, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const status = await new Promise((resolve, reject) => {
        http
          .get(`${app.url}${path}`, { agent, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
            res.resume();
            res.once('end', () => resolve(res.statusCode));
          })
          .once('error', reject);
      });
      if (status !== 200) throw new Error(`GET ${path} answered ${status} during the load test.`);
      times.push(performance.now() - started);
    }
  } finally {
    agent.destroy();
  }
  return times;
}

async function restingMemory(app) {
  const samples = [];
  for (let i = 0; i < 10; i++) {
    samples.push(app.rssKiB());
    await sleep(50);
  }
  return median(samples);
}

export async function measureLoad(app, nodePath) {
  const target = await startHttpsServer({ 'POST /oauth/token': drip() });
  const stallBody = tokenProbeBody(`${target.origin}/oauth/token`);
  try {
    // Warm both paths first, so neither figure includes loading a route's code.
    await pageLatencies(app, nodePath, 20);
    const quick = await startHttpsServer({ 'POST /oauth/token': tokenEndpoint(0) });
    await postJson(app, '/api/probes/token', tokenProbeBody(`${quick.origin}/oauth/token`)).finally(() => quick.close());
    await sleep(500);
    // The quiet baseline is taken half before and half after the load, so that it spans the same stretch of time.
    const quiet = await pageLatencies(app, nodePath, PAGE_GETS / 2);
    await sleep(500);
    const atRest = await restingMemory(app);

    const peakWindow = app.resetPeak();
    let sampledPeak = 0;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, app.rssKiB());
    }, MEMORY_SAMPLE_MS);
    // Each slot starts its next probe as soon as one ends, so the load never drops below 50 during the sample.
    let stopping = false;
    let started = 0;
    const slots = Array.from({ length: STALLED_PROBES }, async () => {
      while (!stopping) {
        started++;
        await postJson(app, '/api/probes/token', stallBody).catch(() => {});
      }
    });
    let fewestOpen = Infinity;
    // Wait until the target really holds all 50 requests before timing anything.
    const deadline = performance.now() + 20_000;
    while (target.open < STALLED_PROBES && performance.now() < deadline) await sleep(20);
    const openAtStart = target.open;
    const watcher = setInterval(() => {
      fewestOpen = Math.min(fewestOpen, target.open);
    }, 10);
    const loaded = await pageLatencies(app, nodePath, PAGE_GETS);
    clearInterval(watcher);
    fewestOpen = Math.min(fewestOpen, target.open, openAtStart);
    clearInterval(sampler);
    const peak = Math.max(sampledPeak, peakWindow ? app.peakKiB() : 0);
    stopping = true;
    // Closing the target ends the stalled probes now instead of at their 10-second deadline.
    await target.close();
    await Promise.all(slots);
    await sleep(500);
    quiet.push(...(await pageLatencies(app, nodePath, PAGE_GETS / 2)));

    const p95Quiet = quantile(quiet, 0.95);
    const p95Loaded = quantile(loaded, 0.95);
    const underLoad = `${fewestOpen} to ${openAtStart} probes stalled at the target throughout`;
    if (openAtStart < STALLED_PROBES) throw new Error(`Only ${openAtStart} of ${STALLED_PROBES} probes reached the stalling target (started ${started}): are the probe limits still on?`);
    return [
      {
        figure: `p95 of ${PAGE_GETS} sequential GET ${nodePath} while ${STALLED_PROBES} token probes stall against a target that never finishes`,
        measured: `${ms(p95Loaded)} / ${ms(p95Quiet)} with no load, half before and half after (medians ${ms(median(loaded))} / ${ms(median(quiet))}; ${underLoad})`,
        ratio: p95Loaded / p95Quiet,
        goal: 2,
      },
      {
        figure: `Server memory (RSS of the server.mjs process) under that load`,
        measured: `peak ${mb(peak)} / ${mb(atRest)} at rest after warm-up (${peakWindow ? 'VmHWM window' : `sampled every ${MEMORY_SAMPLE_MS} ms`})`,
        ratio: peak / atRest,
        goal: 2,
      },
    ];
  } finally {
    await target.close().catch(() => {});
  }
}
