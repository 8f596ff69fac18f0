// @ts-check
// Used by server.mjs (plain Node, before Next sees the request) and by lib/limits. Kept as JavaScript because
// server.mjs runs without a TypeScript build step.

/** The request header that carries the client address server.mjs decided on. Any value a client sends is replaced. */
export const CLIENT_ADDRESS_HEADER = 'x-link-doctor-client';

/**
 * The address a request comes from. With no trusted proxy it is the socket's peer and X-Forwarded-For is ignored,
 * because any client can write that header. With `trustedHops` proxies in front, each appends the address it saw, so
 * the client is that many entries from the right of X-Forwarded-For followed by the socket's peer.
 *
 * @param {string | undefined} socketAddress
 * @param {string | string[] | undefined} forwardedFor
 * @param {number} trustedHops
 */
export function clientAddress(socketAddress, forwardedFor, trustedHops) {
  const peer = unmapIPv4(socketAddress ?? '') || 'unknown';
  if (trustedHops <= 0) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = [
    ...header
      .split(',')
      .map((entry) => unmapIPv4(entry.trim()))
      .filter(Boolean),
    peer,
  ];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}

/**
 * `::ffff:203.0.113.9` is 203.0.113.9 arriving over an IPv6 socket: one client, one key.
 *
 * @param {string} address
 */
function unmapIPv4(address) {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1] : address;
}

/**
 * TRUST_PROXY_HOPS: how many reverse proxies in front of the app append to X-Forwarded-For. Unset or 0: none.
 *
 * @param {string | undefined} value
 */
export function trustedHopsFrom(value) {
  if (value === undefined || value.trim() === '') return 0;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
    throw new Error(`TRUST_PROXY_HOPS must be a whole number from 0 to 10 (got "${value}").`);
  }
  return hops;
}
