// A probe's latency with the limits in Redis against the same probe with the limits in memory: two app servers side
// by side, one with REDIS_URL (a loopback redis-server), measured in alternated pairs. Every limit is on and generous,
// so each probe takes all its budgets (client, network, day, target, slots) and gives its slots back, and is never
// refused. The token server answers at once, so the limits' share of the probe is as large as it can be.
import { expectProbeRan, postJson, tokenProbeBody } from '../lib/app-api.mjs';
import { startAppServer } from '../lib/app-server.mjs';
import { startHttpsServer, tokenEndpoint } from '../lib/loopback-https.mjs';
import { startRedisServer } from '../lib/redis-server.mjs';
import { median, ms } from '../lib/stats.mjs';
import { LIMITS_OFF } from '../../lib/server/limits-config.mjs';

const PAIRS = 61;
// Enough probes first for both servers' code to be compiled hot, so that the pairs compare the limits and not the JIT.
const WARM_UP = 15;
const GENEROUS = Object.fromEntries(Object.keys(LIMITS_OFF).map((name) => [name, '1000000']));

export async function measureLimitsInRedis() {
  const redis = await startRedisServer();
  const servers = [];
  try {
    const inMemory = await startAppServer(GENEROUS);
    servers.push(inMemory);
    const inRedis = await startAppServer({ ...GENEROUS, REDIS_URL: redis.url });
    servers.push(inRedis);
    const token = await startHttpsServer({ 'POST /oauth/token': tokenEndpoint(0) });
    servers.push({ stop: () => token.close() });
    const body = tokenProbeBody(`${token.origin}/oauth/token`);
    const probe = async (app) => expectProbeRan(await postJson(app, '/api/probes/token', body), 'The token probe').ms;
    // The first of each pays one-off costs (loading the route, connecting to Redis).
    for (let i = 0; i < WARM_UP; i++) {
      await probe(inMemory);
      await probe(inRedis);
    }
    const memory = [];
    const redisTimes = [];
    for (let i = 0; i < PAIRS; i++) {
      if (i % 2 === 0) {
        memory.push(await probe(inMemory));
        redisTimes.push(await probe(inRedis));
      } else {
        redisTimes.push(await probe(inRedis));
        memory.push(await probe(inMemory));
      }
    }
    return {
      figure: 'Token probe with the limits in Redis (REDIS_URL, loopback redis-server) vs in memory, every limit on',
      measured: `${ms(median(redisTimes))} / ${ms(median(memory))} (medians of ${PAIRS} alternated pairs; ratio: median of the pairs' ratios)`,
      ratio: median(redisTimes.map((r, i) => r / memory[i])),
      goal: 1.1,
    };
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await redis.stop();
  }
}
