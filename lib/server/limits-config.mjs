// @ts-check
// Read by server.mjs at start (so a bad value stops the server with its name) and by lib/limits/probe-limiter.ts.

/**
 * The probe limits. Each is a whole number; 0 turns that limit off. Every target host has a budget of its own (as
 * Discourse and PlanetScale budget per host), so that no one can use Link Doctor to hammer a server; the budgets per
 * client are a little looser, because a developer fixing a server re-runs the same probe several times a minute.
 */
export const LIMIT_VARIABLES = /** @type {const} */ ({
  clientPerMinute: { name: 'PROBE_CLIENT_PER_MINUTE', fallback: 10, meaning: 'probes one client address may start per minute' },
  clientPerDay: { name: 'PROBE_CLIENT_PER_DAY', fallback: 100, meaning: 'probes one client address may start per 24 hours' },
  targetPerMinute: { name: 'PROBE_TARGET_PER_MINUTE', fallback: 30, meaning: 'probes of one target host per minute, all clients together' },
  targetConcurrency: { name: 'PROBE_TARGET_CONCURRENCY', fallback: 2, meaning: 'probes of one target host running at once' },
  concurrency: { name: 'PROBE_CONCURRENCY', fallback: 20, meaning: 'probes running at once on the whole server (browser-mode runs excepted: they wait for one of its browsers)' },
  networkClients: {
    name: 'PROBE_NETWORK_CLIENTS',
    fallback: 4,
    meaning: "how many clients' budgets one network (an IPv4 /24, an IPv6 /48) shares: each per-client limit, times this, for all its addresses together",
  },
  browserClientConcurrency: { name: 'PROBE_BROWSER_CLIENT_CONCURRENCY', fallback: 1, meaning: 'browser-mode runs one client may have running or waiting for a browser at once' },
  browserClientPerMinute: { name: 'PROBE_BROWSER_CLIENT_PER_MINUTE', fallback: 4, meaning: 'browser-mode runs one client may start per minute' },
  browserConnectionsPerMinute: {
    name: 'PROBE_BROWSER_CONNECTIONS_PER_MINUTE',
    fallback: 600,
    meaning: "connections the browser's pages may open to one address per minute, all runs together",
  },
  pastedChecksPerMinute: { name: 'PASTED_CHECKS_PER_MINUTE', fallback: 120, meaning: 'checks of pasted input one client may run per minute' },
});

/** Every limit off, as environment variables: for the test and bench servers, which run many probes from one address. */
export const LIMITS_OFF = Object.fromEntries(Object.values(LIMIT_VARIABLES).map(({ name }) => [name, '0']));

/** @typedef {keyof typeof LIMIT_VARIABLES} LimitName */
/** @typedef {Record<LimitName, number>} ProbeLimits */

const MAX = 1_000_000;

/**
 * Reads the limits; a value that is not a whole number is an operator's mistake, reported by name.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {ProbeLimits}
 */
export function limitsFromEnv(env = process.env) {
  /** @type {Partial<ProbeLimits>} */
  const limits = {};
  for (const [key, { name, fallback }] of Object.entries(LIMIT_VARIABLES)) {
    const raw = env[name]?.trim();
    const value = raw ? Number(raw) : fallback;
    if (!/^\d+$/.test(raw ?? String(fallback)) || value > MAX) {
      throw new Error(`${name} must be a whole number from 0 (no limit) to ${MAX}, not "${raw}".`);
    }
    limits[/** @type {LimitName} */ (key)] = value;
  }
  return /** @type {ProbeLimits} */ (limits);
}

/** The memory one headless browser may use, all its processes together (browser mode of the login page probe). */
export const BROWSER_MEMORY_VARIABLE = /** @type {const} */ ({ name: 'PROBE_BROWSER_MEMORY_MB', fallback: 1024, min: 512, max: 65_536 });

/**
 * Reads the browser's memory cap, in MB. Below the minimum Chromium cannot show an ordinary page.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {number}
 */
export function browserMemoryMbFromEnv(env = process.env) {
  const { name, fallback, min, max } = BROWSER_MEMORY_VARIABLE;
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${name} must be a whole number of megabytes from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}
