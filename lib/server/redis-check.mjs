// Checked by server.mjs before the start: a REDIS_URL that is malformed or does not answer stops the server with a
// message naming it, instead of every request failing later. (lib/shared-state/redis.ts holds the connection itself.)

import { Redis } from 'ioredis';

const TIMEOUT_MS = 5_000;

/** The URL as it may be printed: without its password. */
function shown(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/** Resolves when Redis at `url` answers PING within 5 s; otherwise rejects with a message naming REDIS_URL. */
export async function checkRedisUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('REDIS_URL must be a URL such as redis://127.0.0.1:6379 (or rediss:// for TLS).');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//.`);
  }
  const client = new Redis(url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, commandTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // The connection's own error (ECONNREFUSED…) says more than the rejection ("Connection is closed").
  let cause;
  client.on('error', (error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `REDIS_URL (${shown(url)}) did not answer: ${(cause ?? error).message.replace(/\.$/, '')}. Start Redis there, or leave REDIS_URL unset to keep the shared state in this one process's memory.`,
    );
  } finally {
    client.disconnect();
  }
}
