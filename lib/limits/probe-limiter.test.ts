import { expect, test } from '@playwright/test';
import { limitsFromEnv, type ProbeLimits } from '@/lib/server/limits-config.mjs';
import { clientKey, ProbeLimiter } from './probe-limiter';

const OFF: ProbeLimits = { clientPerMinute: 0, clientPerDay: 0, targetPerMinute: 0, targetConcurrency: 0, concurrency: 0 };

function limiter(limits: Partial<ProbeLimits>) {
  let now = 1_000_000;
  const l = new ProbeLimiter({ ...OFF, ...limits }, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

/** Admits and ends a probe at once: only the rate counts. */
function runOnce(l: ProbeLimiter, client: string, host: string) {
  const admission = l.admit(client, [host]);
  if (admission.ok) admission.release();
  return admission;
}

test('a client gets N probes a minute; the next is refused with the seconds until one frees, and the window slides', () => {
  const { l, advance } = limiter({ clientPerMinute: 3 });
  for (let i = 0; i < 3; i++) {
    expect(runOnce(l, '203.0.113.7', `t${i}.example`).ok).toBe(true);
    advance(10_000);
  }
  const refused = runOnce(l, '203.0.113.7', 'other.example');
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 30 });
  expect(refused.ok || refused.message).toMatch(/3 probes in the last minute.*30 seconds/);
  // Another client is not affected.
  expect(runOnce(l, '198.51.100.1', 'other.example').ok).toBe(true);
  advance(30_001);
  expect(runOnce(l, '203.0.113.7', 'other.example').ok).toBe(true);
});

test('a client gets N probes a day', () => {
  const { l, advance } = limiter({ clientPerDay: 2 });
  expect(runOnce(l, '203.0.113.7', 'a.example').ok).toBe(true);
  advance(60 * 60_000);
  expect(runOnce(l, '203.0.113.7', 'a.example').ok).toBe(true);
  const refused = runOnce(l, '203.0.113.7', 'a.example');
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 23 * 3600 });
  expect(refused.ok || refused.message).toMatch(/last 24 hours.*1380 minutes/);
  advance(23 * 3600_000 + 1);
  expect(runOnce(l, '203.0.113.7', 'a.example').ok).toBe(true);
});

test('a target host gets N probes a minute across all clients, whatever the case of its name', () => {
  const { l } = limiter({ targetPerMinute: 2 });
  expect(runOnce(l, '203.0.113.1', 'auth.example.com').ok).toBe(true);
  expect(runOnce(l, '203.0.113.2', 'AUTH.example.com').ok).toBe(true);
  const refused = runOnce(l, '203.0.113.3', 'auth.example.com');
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  expect(refused.ok || refused.message).toContain('auth.example.com has been probed 2 times in the last minute');
  expect(runOnce(l, '203.0.113.3', 'other.example.com').ok).toBe(true);
});

test('at most N probes of one host run at once; a slot frees when a probe ends, once however often release is called', () => {
  const { l } = limiter({ targetConcurrency: 2 });
  const first = l.admit('203.0.113.1', ['slow.example']);
  const second = l.admit('203.0.113.2', ['slow.example']);
  expect(first.ok && second.ok).toBe(true);
  const third = l.admit('203.0.113.3', ['slow.example']);
  expect(third).toMatchObject({ ok: false, retryAfterSeconds: 5 });
  expect(third.ok || third.message).toContain('slow.example already has 2 probes running');
  expect(l.admit('203.0.113.3', ['fast.example']).ok).toBe(true);
  if (first.ok) {
    first.release();
    first.release();
  }
  expect(l.admit('203.0.113.3', ['slow.example']).ok).toBe(true);
  expect(l.admit('203.0.113.4', ['slow.example']).ok).toBe(false);
});

test('a run that calls several hosts holds one slot on each, and a refused run takes no budget at all', () => {
  const { l } = limiter({ targetConcurrency: 1, clientPerMinute: 2 });
  const check = l.admit('203.0.113.1', ['a.example', 'b.example', 'a.example']);
  expect(check.ok).toBe(true);
  expect(l.admit('203.0.113.1', ['b.example']).ok).toBe(false);
  expect(l.admit('203.0.113.1', ['a.example']).ok).toBe(false);
  // Two refusals did not use up the client's two a minute.
  expect(l.admit('203.0.113.1', ['c.example']).ok).toBe(true);
});

test('the whole server runs at most N probes at once', () => {
  const { l } = limiter({ concurrency: 2 });
  const runs = [l.admit('203.0.113.1', ['a.example']), l.admit('203.0.113.2', ['b.example'])];
  const refused = l.admit('203.0.113.3', ['c.example']);
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 5 });
  expect(refused.ok || refused.message).toContain('already running 2 probes');
  for (const run of runs) if (run.ok) run.release();
  expect(l.admit('203.0.113.3', ['c.example']).ok).toBe(true);
});

test('0 turns a limit off', () => {
  const { l } = limiter({});
  for (let i = 0; i < 500; i++) expect(l.admit('203.0.113.1', ['a.example']).ok).toBe(true);
});

test('one IPv6 /64 is one client, and an IPv4-mapped address is its IPv4 address', () => {
  expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
  expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
  expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  expect(clientKey('')).toBe('unknown');
  const { l } = limiter({ clientPerMinute: 1 });
  expect(runOnce(l, '2001:db8:1:2::1', 'a.example').ok).toBe(true);
  expect(runOnce(l, '2001:db8:1:2::99', 'a.example').ok).toBe(false);
});

test('the limits come from the environment, with defaults, and a bad value names its variable', () => {
  expect(limitsFromEnv({})).toEqual({ clientPerMinute: 10, clientPerDay: 100, targetPerMinute: 30, targetConcurrency: 2, concurrency: 20 });
  expect(limitsFromEnv({ PROBE_CLIENT_PER_MINUTE: '0', PROBE_CONCURRENCY: ' 50 ' })).toMatchObject({ clientPerMinute: 0, concurrency: 50 });
  expect(() => limitsFromEnv({ PROBE_TARGET_CONCURRENCY: 'two' })).toThrow(/PROBE_TARGET_CONCURRENCY must be a whole number.*"two"/);
  expect(() => limitsFromEnv({ PROBE_CLIENT_PER_DAY: '-1' })).toThrow(/PROBE_CLIENT_PER_DAY/);
  expect(() => limitsFromEnv({ PROBE_CLIENT_PER_DAY: '1.5' })).toThrow(/PROBE_CLIENT_PER_DAY/);
});
