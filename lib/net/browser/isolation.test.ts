// The box each headless Chromium runs in (./isolation.ts): its own network namespace with only a loopback, the proxy's
// forwarder as the one way out, its own memory cgroup; nothing left behind; and no browser at all where no namespace
// can be made.

import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browsersStopped, sendHtml, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { browserMemoryMbFromEnv } from '@/lib/server/limits-config.mjs';
import { loginPageProbeInputSchema, type LoginPageProbeFormValues } from '@/lib/probes/login-page/input';
import { runLoginPageProbe } from '@/lib/probes/login-page/run';
import { chromiumPath } from './launch';
import { loadPageInBrowser } from './load-page';
import { namespaceOptions, openBrowserBox } from './isolation';
import { cgroupHome, MB, oomKills, ownCgroup, removeLeftovers } from './memory-cap';

const CHROMIUM = chromiumPath();
test.describe.configure({ timeout: 30_000 });

let site: LoginSite;
test.beforeAll(async () => {
  site = await startLoginSite();
});
test.afterEach(browsersStopped);
test.afterAll(async () => {
  await site?.close();
});

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}
/** Running processes (zombies, ended but not yet reaped by whoever inherited them, left out). */
function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[3]!.startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4] ?? '' }));
}
const netNamespace = (pid: number | 'self') => readlinkSync(`/proc/${pid}/ns/net`);
const interfaces = (pid: number) =>
  readFileSync(`/proc/${pid}/net/dev`, 'utf8')
    .split('\n')
    .slice(2)
    .map((l) => l.split(':')[0]?.trim() ?? '')
    .filter((name) => name !== '');

test.describe('with Chromium', () => {
  test.skip(!existsSync(CHROMIUM), `No Chromium at ${CHROMIUM}.`);
  test.beforeAll(async () => {
    const problem = await namespaceOptions().then(() => null, (e: Error) => e.message);
    test.skip(problem !== null, `Browser mode cannot run here: ${problem}.`);
  });

  test("Chromium runs in a network namespace of its own, with only a loopback and the proxy's forwarder; its cgroup and files go when it does", async () => {
    const seen: Array<{ args: string; namespace: string; interfaces: string[]; cgroup: string; forwarders: Proc[] }> = [];
    site.handle((_req, res) => {
      // Chromium is running now: it asked for this page.
      const all = processes();
      const browsers = all.filter((p) => p.args.includes(site.certs.spki));
      for (const b of browsers) {
        seen.push({
          args: b.args,
          namespace: netNamespace(b.pid),
          interfaces: interfaces(b.pid),
          cgroup: readFileSync(`/proc/${b.pid}/cgroup`, 'utf8'),
          forwarders: all.filter((p) => p.ppid === b.pid && p.args.includes('forwarder.cjs')),
        });
      }
      sendHtml(res, '<!doctype html><html><body><h1>Sign in</h1><input name="u"></body></html>');
    });
    const load = await loadPageInBrowser(site.url('login.example.test', '/authorize'), {
      policy: site.policy,
      lookup: site.lookup,
      testOnlyIgnoreCertErrorsSpki: [site.certs.spki],
    });
    expect(load.status).toBe(200);
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s.namespace).not.toBe(netNamespace('self'));
      expect(s.interfaces).toEqual(['lo']);
    }
    // Chromium keeps only its last --disable-features: the launcher passes one, Playwright's list and ours merged.
    const main = seen.find((s) => s.forwarders.length > 0);
    const featureSwitches = (main?.args ?? '').split(' ').filter((a) => a.startsWith('--disable-features='));
    expect(featureSwitches).toHaveLength(1);
    expect(featureSwitches[0]!.split(',')).toEqual(expect.arrayContaining(['AutofillServerCommunication']));
    expect(featureSwitches[0]!.split(',').length).toBeGreaterThan(5);
    // The main browser process started the forwarder; where there is a memory cgroup, Chromium is in one of its own.
    expect(seen.flatMap((s) => s.forwarders)).toHaveLength(1);
    // The answer goes before the browser has stopped; everything below is gone once its slot is free.
    await browsersStopped();
    if (load.memoryCap !== 'watchdog') {
      const home = await cgroupHome(ownCgroup(readFileSync('/proc/self/cgroup', 'utf8'), '/sys/fs/cgroup', existsSync)!, '/sys/fs/cgroup');
      for (const s of seen) expect(s.cgroup).toMatch(new RegExp(`link-doctor-${process.pid}-\\d+`));
      expect(readdirSync(home!).filter((n) => n.startsWith(`link-doctor-${process.pid}-`))).toEqual([]);
    }
    expect(load.memoryPeakBytes ?? 1).toBeGreaterThan(0);
    expect(processes().filter((p) => p.args.includes('forwarder.cjs') && seen.some((s) => s.forwarders.some((f) => f.pid === p.pid)))).toEqual([]);
    // The private directory (launcher, forwarder, the proxy's socket) is gone too.
    const boxDir = /(\S+)\/forwarder\.cjs/.exec(seen[0]!.forwarders[0]!.args)?.[1];
    expect(boxDir).toMatch(new RegExp(`^${tmpdir()}/link-doctor-browser-`));
    expect(existsSync(boxDir!)).toBe(false);
  });

  test('the forwarder ends when Chromium does, even when Chromium is killed on its own', async () => {
    const box = await openBrowserBox({ chromiumPath: CHROMIUM, memoryLimitBytes: 1024 * MB });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: box.executablePath, env: box.env, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    try {
      const pid = Number(readFileSync(join(String(box.env.LINK_DOCTOR_DIR), 'pid'), 'utf8'));
      const forwarder = processes().find((p) => p.ppid === pid && p.args.includes('forwarder.cjs'));
      expect(forwarder).toBeDefined();
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => processes().some((p) => p.pid === forwarder!.pid), { timeout: 3_000 }).toBe(false);
    } finally {
      await browser.close().catch(() => {});
      await box.close();
    }
    expect(existsSync(String(box.env.LINK_DOCTOR_DIR))).toBe(false);
  });
});

/** The probe runs on input the schema has validated, as the registry gives it. */
const valid = (raw: LoginPageProbeFormValues) => loginPageProbeInputSchema.parse(raw);

test('where no network namespace can be made, browser mode refuses to run, saying why, and starts no browser', async () => {
  let asked = 0;
  site.handle((_req, res) => {
    asked++;
    sendHtml(res, '<p>Sign in</p><input>');
  });
  const r = await runLoginPageProbe(
    valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }),
    { policy: site.policy, lookup: site.lookup, browser: { testOnlyUnshare: '/bin/false' } },
  );
  const reachable = r.findings.find((f) => f.id === 'login.reachable');
  expect(reachable?.status).toBe('skip');
  expect(reachable?.detail).toMatch(/^Not checked: the headless browser could not start \(Link Doctor runs the headless browser in a network namespace of its own/);
  expect(reachable?.detail).toContain('needs unshare (util-linux) and ip (iproute2), and root or unprivileged user namespaces');
  expect(asked).toBe(0);
  expect(r.browser).toBeNull();
});

test('without Chromium, browser mode says where it looked', async () => {
  const r = await runLoginPageProbe(
    valid({ authorizationUri: site.url('login.example.test', '/authorize'), mode: 'browser' }),
    { policy: site.policy, lookup: site.lookup, chromiumPath: '/nonexistent/chromium' },
  );
  expect(r.findings.find((f) => f.id === 'login.reachable')?.detail).toContain('there is no Chromium at /nonexistent/chromium');
});

test('the memory cgroup is found from /proc/self/cgroup: v1 memory controller first, else the v2 hierarchy', () => {
  const v1 = '12:pids:/x\n4:memory:/process_api/abc\n0::/system.slice/app.service\n';
  expect(ownCgroup(v1, '/sys/fs/cgroup', () => true)).toEqual({ version: 1, dir: '/sys/fs/cgroup/memory/process_api/abc' });
  expect(ownCgroup('5:cpu,memory:/a:b\n', '/cg', () => true)).toEqual({ version: 1, dir: '/cg/memory/a:b' });
  // Hybrid systems whose memory controller is not mounted in v1 use the unified hierarchy where it is.
  expect(ownCgroup(v1, '/cg', (p) => p === '/cg/cgroup.controllers')).toEqual({ version: 2, dir: '/cg/system.slice/app.service' });
  expect(ownCgroup('0::/user.slice/app.scope\n', '/cg', (p) => p === '/cg/cgroup.controllers')).toEqual({ version: 2, dir: '/cg/user.slice/app.scope' });
  expect(ownCgroup('0::/user.slice\n', '/cg', () => false)).toBeNull();
  expect(ownCgroup('', '/cg', () => true)).toBeNull();
  expect(oomKills('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n')).toBe(2);
  expect(oomKills('low 0\nhigh 0\nmax 17\noom 1\noom_kill 1\noom_group_kill 0\n')).toBe(1);
  expect(oomKills('oom_kill_disable 0\nunder_oom 0\n')).toBe(0);
});

test('PROBE_BROWSER_MEMORY_MB: 1024 by default, a whole number of megabytes from 512 to 65536', () => {
  expect(browserMemoryMbFromEnv({})).toBe(1024);
  expect(browserMemoryMbFromEnv({ PROBE_BROWSER_MEMORY_MB: ' 2048 ' })).toBe(2048);
  expect(browserMemoryMbFromEnv({ PROBE_BROWSER_MEMORY_MB: '512' })).toBe(512);
  for (const bad of ['0', '511', '65537', '1.5', '1G', '-1', 'lots']) {
    expect(() => browserMemoryMbFromEnv({ PROBE_BROWSER_MEMORY_MB: bad })).toThrow(`PROBE_BROWSER_MEMORY_MB must be a whole number of megabytes from 512 to 65536, not "${bad}".`);
  }
});

test("what a killed server left (its cgroups, its private directories) is removed by the next; a live server's is kept", async () => {
  const parent = mkdtempSync(join(tmpdir(), 'leftovers-test-'));
  try {
    const gone = spawnSync('true').pid;
    for (const name of [`link-doctor-browser-${gone}-a1`, `link-doctor-browser-${process.pid}-b2`, 'link-doctor-browser-x-c3', 'unrelated']) mkdirSync(join(parent, name));
    await removeLeftovers(parent, 'link-doctor-browser-', (path) => rm(path, { recursive: true }));
    expect(readdirSync(parent).sort()).toEqual([`link-doctor-browser-${process.pid}-b2`, 'link-doctor-browser-x-c3', 'unrelated']);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test("the browser's cgroup: under the server's own on v1; on v2 where memory is handed down, usually next to the server's own", async () => {
  const root = mkdtempSync(join(tmpdir(), 'cgroup-test-'));
  try {
    mkdirSync(join(root, 'system.slice', 'app.service'), { recursive: true });
    const own = { version: 2 as const, dir: join(root, 'system.slice', 'app.service') };
    // The server's own cgroup holds the server, so it hands nothing down; its parent hands memory down.
    writeFileSync(join(own.dir, 'cgroup.subtree_control'), '');
    writeFileSync(join(root, 'system.slice', 'cgroup.subtree_control'), 'cpu io memory pids\n');
    expect(await cgroupHome(own, root)).toBe(join(root, 'system.slice'));
    writeFileSync(join(root, 'system.slice', 'cgroup.subtree_control'), 'cpu pids\n');
    expect(await cgroupHome(own, root)).toBeNull();
    // The hierarchy's top (a container's own view) is not left.
    writeFileSync(join(root, 'cgroup.subtree_control'), 'memory\n');
    expect(await cgroupHome({ version: 2, dir: root }, root)).toBe(root);
    expect(await cgroupHome({ version: 2, dir: `${root}/` }, root)).toBe(root);
    expect(await cgroupHome({ version: 1, dir: own.dir }, root)).toBe(own.dir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
