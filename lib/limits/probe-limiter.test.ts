import { expect, test } from '@playwright/test';
import { limitsFromEnv, LIMITS_OFF, type ProbeLimits } from '@/lib/server/limits-config.mjs';
import { clientKey, networkKey, ProbeLimiter, type Admission } from './probe-limiter';
import { SlidingWindow } from './sliding-window';
import { targetKey, targetKeyOfUrl } from './target-key';

const OFF: ProbeLimits = limitsFromEnv(LIMITS_OFF);

function limiter(limits: Partial<ProbeLimits>) {
  let now = 1_000_000;
  const l = new ProbeLimiter({ ...OFF, ...limits }, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

/** Admits and ends a probe at once: only the rate counts. */
async function runOnce(l: ProbeLimiter, client: string, host: string) {
  const admission = await l.admit(client, [host]);
  if (admission.ok) admission.release();
  return admission;
}

test('a client gets N probes a minute; the next is refused with the seconds until one frees, and the window slides', async () => {
  const { l, advance } = limiter({ clientPerMinute: 3 });
  for (let i = 0; i < 3; i++) {
    expect((await runOnce(l, '203.0.113.7', `t${i}.example`)).ok).toBe(true);
    advance(10_000);
  }
  const refused = (await runOnce(l, '203.0.113.7', 'other.example'));
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 30 });
  expect(refused.ok || refused.message).toMatch(/3 probes in the last minute.*30 seconds/);
  // Another client is not affected.
  expect((await runOnce(l, '198.51.100.1', 'other.example')).ok).toBe(true);
  advance(30_001);
  expect((await runOnce(l, '203.0.113.7', 'other.example')).ok).toBe(true);
});

test('a client gets N probes a day', async () => {
  const { l, advance } = limiter({ clientPerDay: 2 });
  expect((await runOnce(l, '203.0.113.7', 'a.example')).ok).toBe(true);
  advance(60 * 60_000);
  expect((await runOnce(l, '203.0.113.7', 'a.example')).ok).toBe(true);
  const refused = (await runOnce(l, '203.0.113.7', 'a.example'));
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 23 * 3600 });
  expect(refused.ok || refused.message).toMatch(/last 24 hours.*1380 minutes/);
  advance(23 * 3600_000 + 1);
  expect((await runOnce(l, '203.0.113.7', 'a.example')).ok).toBe(true);
});

test('a target host gets N probes a minute across all clients, whatever the case of its name', async () => {
  const { l } = limiter({ targetPerMinute: 2 });
  expect((await runOnce(l, '203.0.113.1', 'auth.example.com')).ok).toBe(true);
  expect((await runOnce(l, '203.0.113.2', 'AUTH.example.com')).ok).toBe(true);
  const refused = (await runOnce(l, '203.0.113.3', 'auth.example.com'));
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  expect(refused.ok || refused.message).toContain('auth.example.com has been probed 2 times in the last minute');
  expect((await runOnce(l, '203.0.113.3', 'other.example.com')).ok).toBe(true);
});

test('at most N probes of one host run at once; a slot frees when a probe ends, once however often release is called', async () => {
  const { l } = limiter({ targetConcurrency: 2 });
  const first = await l.admit('203.0.113.1', ['slow.example']);
  const second = await l.admit('203.0.113.2', ['slow.example']);
  expect(first.ok && second.ok).toBe(true);
  const third = await l.admit('203.0.113.3', ['slow.example']);
  expect(third).toMatchObject({ ok: false, retryAfterSeconds: 5 });
  expect(third.ok || third.message).toContain('slow.example already has 2 probes running');
  expect((await l.admit('203.0.113.3', ['fast.example'])).ok).toBe(true);
  if (first.ok) {
    first.release();
    first.release();
  }
  expect((await l.admit('203.0.113.3', ['slow.example'])).ok).toBe(true);
  expect((await l.admit('203.0.113.4', ['slow.example'])).ok).toBe(false);
});

test('a run that calls several hosts holds one slot on each, and a refused run takes no budget at all', async () => {
  const { l } = limiter({ targetConcurrency: 1, clientPerMinute: 2 });
  const check = await l.admit('203.0.113.1', ['a.example', 'b.example', 'a.example']);
  expect(check.ok).toBe(true);
  expect((await l.admit('203.0.113.1', ['b.example'])).ok).toBe(false);
  expect((await l.admit('203.0.113.1', ['a.example'])).ok).toBe(false);
  // Two refusals did not use up the client's two a minute.
  expect((await l.admit('203.0.113.1', ['c.example'])).ok).toBe(true);
});

test('the whole server runs at most N probes at once', async () => {
  const { l } = limiter({ concurrency: 2 });
  const runs = [(await l.admit('203.0.113.1', ['a.example'])), (await l.admit('203.0.113.2', ['b.example']))];
  const refused = await l.admit('203.0.113.3', ['c.example']);
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 5 });
  expect(refused.ok || refused.message).toContain('already running 2 probes');
  for (const run of runs) if (run.ok) run.release();
  expect((await l.admit('203.0.113.3', ['c.example'])).ok).toBe(true);
});

test('0 turns a limit off', async () => {
  const { l } = limiter({});
  for (let i = 0; i < 500; i++) expect((await l.admit('203.0.113.1', ['a.example'])).ok).toBe(true);
});

test('one IPv6 /64 is one client, and an IPv4-mapped address is its IPv4 address', async () => {
  expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
  expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
  expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  expect(clientKey('')).toBe('unknown');
  const { l } = limiter({ clientPerMinute: 1 });
  expect((await runOnce(l, '2001:db8:1:2::1', 'a.example')).ok).toBe(true);
  expect((await runOnce(l, '2001:db8:1:2::99', 'a.example')).ok).toBe(false);
});

test('the limits come from the environment, with defaults, and a bad value names its variable', async () => {
  expect(limitsFromEnv({})).toEqual({
    clientPerMinute: 10,
    clientPerDay: 100,
    targetPerMinute: 30,
    targetConcurrency: 2,
    concurrency: 20,
    networkClients: 4,
    browserClientConcurrency: 1,
    browserClientPerMinute: 4,
    browserConnectionsPerMinute: 600,
    pastedChecksPerMinute: 120,
  });
  expect(limitsFromEnv({ PROBE_CLIENT_PER_MINUTE: '0', PROBE_CONCURRENCY: ' 50 ' })).toMatchObject({ clientPerMinute: 0, concurrency: 50 });
  expect(() => limitsFromEnv({ PROBE_TARGET_CONCURRENCY: 'two' })).toThrow(/PROBE_TARGET_CONCURRENCY must be a whole number.*"two"/);
  expect(() => limitsFromEnv({ PROBE_CLIENT_PER_DAY: '-1' })).toThrow(/PROBE_CLIENT_PER_DAY/);
  expect(() => limitsFromEnv({ PROBE_CLIENT_PER_DAY: '1.5' })).toThrow(/PROBE_CLIENT_PER_DAY/);
  for (const name of ['PROBE_NETWORK_CLIENTS', 'PROBE_BROWSER_CLIENT_CONCURRENCY', 'PROBE_BROWSER_CLIENT_PER_MINUTE', 'PROBE_BROWSER_CONNECTIONS_PER_MINUTE', 'PASTED_CHECKS_PER_MINUTE']) {
    expect(() => limitsFromEnv({ [name]: 'many' })).toThrow(new RegExp(`${name} must be a whole number`));
  }
});

// ---- spellings and addresses of one target ---------------------------------------------------------------------

test('every spelling of a host is one target key: case, trailing dots, brackets, IPv4 inside IPv6, canonical IPv6', async () => {
  for (const spelling of ['example.com', 'example.com.', 'example.com..', 'EXAMPLE.COM....', 'Example.Com']) expect(targetKey(spelling)).toBe('example.com');
  for (const spelling of ['127.0.0.1', '[::ffff:127.0.0.1]', '::ffff:7f00:1', '[::FFFF:7F00:1]', '::ffff:0:127.0.0.1', '64:ff9b::127.0.0.1', '2002:7f00:1::', '::127.0.0.1']) {
    expect(targetKey(spelling)).toBe('127.0.0.1');
  }
  for (const spelling of ['2001:db8::1', '[2001:DB8:0:0::1]', '2001:0db8:0000:0000:0000:0000:0000:0001']) expect(targetKey(spelling)).toBe('2001:db8::1');
  // IPv6's own loopback and unspecified addresses are not IPv4 ones.
  expect(targetKey('[::1]')).toBe('::1');
  expect(targetKey('::')).toBe('::');
  expect(targetKeyOfUrl('https://EXAMPLE.COM..../authorize')).toBe('example.com');
  expect(targetKeyOfUrl('https://[::ffff:127.0.0.1]:8443/token')).toBe('127.0.0.1');
  expect(targetKeyOfUrl('https://0x7f.1/token')).toBe('127.0.0.1');
  expect(targetKeyOfUrl('not a url')).toBeNull();
});

test('a target host gets N probes a minute however its name is spelled', async () => {
  const { l } = limiter({ targetPerMinute: 2 });
  expect((await runOnce(l, '203.0.113.1', 'example.com.')).ok).toBe(true);
  expect((await runOnce(l, '203.0.113.2', 'example.com..')).ok).toBe(true);
  const refused = (await runOnce(l, '203.0.113.3', 'EXAMPLE.COM....'));
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  expect(refused.ok || refused.message).toContain('example.com has been probed 2 times in the last minute');
});

test('an IPv4-mapped literal shares the slots of its IPv4 address', async () => {
  const { l } = limiter({ targetConcurrency: 2 });
  expect((await l.admit('203.0.113.1', ['[::ffff:127.0.0.1]'])).ok).toBe(true);
  expect((await l.admit('203.0.113.2', ['127.0.0.1'])).ok).toBe(true);
  const third = await l.admit('203.0.113.3', ['::ffff:7f00:1']);
  expect(third.ok || third.message).toContain('127.0.0.1 already has 2 probes running');
});

test('the addresses a target resolves to count against their own budgets: names that resolve to one address share it', async () => {
  const { l, advance } = limiter({ targetPerMinute: 2, targetConcurrency: 2 });
  const claimAs = async (host: string) => {
    const admission = await l.admit('203.0.113.1', [host]);
    if (!admission.ok) throw new Error(admission.message);
    return { admission, refusal: (await admission.claimAddresses!(host, ['203.0.113.50', '2001:db8::50'])) };
  };
  const a = await claimAs('a.example');
  expect(a.refusal).toBeNull();
  // Claiming again in the same run, or for a host it was not admitted for, counts nothing.
  expect((await a.admission.claimAddresses!('A.EXAMPLE.', ['203.0.113.50']))).toBeNull();
  expect((await a.admission.claimAddresses!('cdn.example', ['203.0.113.50']))).toBeNull();
  a.admission.release();
  expect((await claimAs('b.example')).refusal).toBeNull();
  const c = await claimAs('c.example');
  expect(c.refusal?.message).toBe(
    'c.example resolves to 203.0.113.50, which has been probed 2 times in the last minute (under any name, by everyone using this Link Doctor), the most allowed. Try again in 60 seconds.',
  );
  expect(c.refusal?.retryAfterSeconds).toBe(60);
  // The literal address itself is out of budget too.
  expect((await l.admit('203.0.113.1', ['[::ffff:203.0.113.50]'])).ok).toBe(false);
  advance(60_001);
  expect((await claimAs('d.example')).refusal).toBeNull();
});

test('runs holding an address take its slots: a third name resolving there waits', async () => {
  const { l } = limiter({ targetConcurrency: 2 });
  const running: Admission[] = [];
  for (const host of ['a.example', 'b.example']) {
    const admission = await l.admit('203.0.113.1', [host]);
    expect(admission.ok && (await admission.claimAddresses!(host, ['203.0.113.50']))).toBeNull();
    running.push(admission);
  }
  const third = await l.admit('203.0.113.1', ['c.example']);
  expect(third.ok && (await third.claimAddresses!('c.example', ['203.0.113.50']))?.message).toContain(
    'c.example resolves to 203.0.113.50, which already has 2 probes running (under any name)',
  );
  for (const run of running) if (run.ok) run.release();
  if (third.ok) third.release();
  const fourth = await l.admit('203.0.113.1', ['c.example']);
  expect(fourth.ok && (await fourth.claimAddresses!('c.example', ['203.0.113.50']))).toBeNull();
});

// ---- volume and networks -----------------------------------------------------------------------------------------

test('a client at its limit is not forgotten, however many other clients come after it', async () => {
  const { l } = limiter({ clientPerDay: 2 });
  const victim = '2001:db8:ffff:1::1';
  expect((await runOnce(l, victim, 'a.example')).ok).toBe(true);
  expect((await runOnce(l, victim, 'a.example')).ok).toBe(true);
  // 50,001 other /64s (each in a network of its own), one probe each: more keys than the limiter keeps.
  let admitted = 0;
  for (let i = 0; i < 50_001; i++) if ((await runOnce(l, `2001:${(i >> 16) + 1}:${i & 0xffff}:1::1`, 'a.example')).ok) admitted++;
  expect(admitted).toBe(50_001);
  const refused = (await runOnce(l, victim, 'a.example'));
  expect(refused.ok || refused.message).toMatch(/You have started 2 probes in the last 24 hours/);
});

test('one network (an IPv6 /48, an IPv4 /24) shares PROBE_NETWORK_CLIENTS times a client budget, whatever number of addresses it has', async () => {
  const { l } = limiter({ clientPerDay: 2, networkClients: 3 });
  let admitted = 0;
  let last: Admission | undefined;
  for (let i = 0; i < 100; i++) {
    last = (await runOnce(l, `2001:db8:1:${i.toString(16)}::1`, 'a.example'));
    if (last.ok) admitted++;
  }
  expect(admitted).toBe(6);
  expect(last?.ok || last?.message).toMatch(/^Clients in your network \(2001:db8:1::\/48\) have started 6 probes in the last 24 hours, the most one network may\. Try again in \d+ minutes\.$/);
  // Another /48 has its own budget.
  expect((await runOnce(l, '2001:db8:2::1', 'a.example')).ok).toBe(true);

  for (let i = 1; i <= 6; i++) expect((await runOnce(l, `198.51.100.${i}`, 'a.example')).ok).toBe(true);
  const refused = (await runOnce(l, '198.51.100.200', 'a.example'));
  expect(refused.ok || refused.message).toContain('Clients in your network (198.51.100.0/24) have started 6 probes');
  expect(networkKey('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
  expect(networkKey('unknown')).toBeNull();
});

test('memory stays bounded: past maxKeys the window forgets keys with room, keeps keys at their limit, and makes new keys wait when all are', async () => {
  const window = new SlidingWindow(2, 60_000, 100);
  let now = 0;
  for (let i = 0; i < 1_000; i++) window.record(`once-${i}`, now);
  expect(window.size).toBe(100);

  // 100 keys at their limit fill the window; forgetting any of them would hand it a fresh budget.
  for (let i = 0; i < 100; i++) {
    window.record(`full-${i}`, now);
    window.record(`full-${i}`, now);
  }
  expect(window.size).toBe(100);
  expect(window.waitMs('full-0', now)).toBe(60_000);
  now += 30_000;
  expect(window.roomWaitMs('newcomer', now)).toBe(30_000);
  expect(window.roomWaitMs('full-0', now)).toBe(0);
  now += 30_001;
  expect(window.roomWaitMs('newcomer', now)).toBe(0);
  window.record('newcomer', now);
  expect(window.size).toBe(100);
});

test('with every kept key at its limit, a new client is refused with a plain message instead of being let through uncounted', async () => {
  const { l } = limiter({ clientPerMinute: 1 });
  // The real limiter keeps 50,000 keys; fill them all at their limit.
  let admitted = 0;
  for (let i = 0; i < 50_000; i++) if ((await runOnce(l, `10.${i >> 16}.${(i >> 8) & 0xff}.${i & 0xff}`, 'a.example')).ok) admitted++;
  expect(admitted).toBe(50_000);
  const refused = (await runOnce(l, '203.0.113.1', 'a.example'));
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  expect(refused.ok || refused.message).toBe('Link Doctor is keeping track of as many clients and hosts at their limits as it can. Try again in 60 seconds.');
});

// ---- browser runs and pasted checks -------------------------------------------------------------------------------

test('browser-mode runs hold no server slot, and have a quota per client, at once and per minute', async () => {
  const { l, advance } = limiter({ concurrency: 1, browserClientConcurrency: 1, browserClientPerMinute: 2, networkClients: 2 });
  const browser = { browser: true, serverSlot: false };
  const first = await l.admit('203.0.113.1', ['a.example'], browser);
  expect(first.ok).toBe(true);
  // Waiting for a browser does not keep another client's probe out.
  const probe = await l.admit('198.51.100.1', ['b.example']);
  expect(probe.ok).toBe(true);
  const second = await l.admit('203.0.113.1', ['a.example'], browser);
  expect(second).toMatchObject({ ok: false, retryAfterSeconds: 5 });
  expect(second.ok || second.message).toBe(
    'You already have 1 browser-mode run running or waiting for a browser, as many as one client may. Try again when it has finished, or use static mode.',
  );
  // The network's share: two clients of 203.0.113.0/24 at once, not three.
  expect((await l.admit('203.0.113.2', ['a.example'], browser)).ok).toBe(true);
  expect((await l.admit('203.0.113.3', ['a.example'], browser)).ok || 'refused').toBe('refused');
  if (first.ok) first.release();
  expect((await runOnce(l, '203.0.113.1', 'a.example')).ok).toBe(false); // the server slot is still the other probe's
  if (probe.ok) probe.release();
  const again = await l.admit('203.0.113.1', ['a.example'], browser);
  expect(again.ok).toBe(true);
  if (again.ok) again.release();
  const third = await l.admit('203.0.113.1', ['a.example'], browser);
  expect(third.ok || third.message).toMatch(/^You have started 2 browser-mode runs in the last minute, the most allowed\. Try again in \d+ seconds\./);
  advance(60_001);
  expect((await l.admit('203.0.113.1', ['a.example'], browser)).ok).toBe(true);
});

test('checks of pasted input have a budget of their own per client', async () => {
  const { l, advance } = limiter({ pastedChecksPerMinute: 3, clientPerMinute: 1 });
  for (let i = 0; i < 3; i++) expect((await l.admitPastedCheck('203.0.113.7')).ok).toBe(true);
  const refused = await l.admitPastedCheck('203.0.113.7');
  expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 60 });
  expect(refused.ok || refused.message).toBe('You have run 3 checks of pasted input in the last minute, the most allowed. Try again in 60 seconds.');
  // Separate from the probes' budget, both ways.
  expect((await runOnce(l, '203.0.113.7', 'a.example')).ok).toBe(true);
  expect((await l.admitPastedCheck('198.51.100.1')).ok).toBe(true);
  advance(60_001);
  expect((await l.admitPastedCheck('203.0.113.7')).ok).toBe(true);
});
