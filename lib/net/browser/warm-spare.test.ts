// The warm spare (./warm-spare.ts): a boxed Chromium started after a run, taken whole by the next run, and never used
// by two runs.

import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { browsersStopped, sendHtml, startLoginSite, type LoginSite } from '@/e2e/fixtures/login-site';
import { chromiumPath } from './launch';
import { loadPageInBrowser } from './load-page';
import { namespaceOptions } from './isolation';
import { closeSpare, spareEnabled } from './warm-spare';

test('spares are on in production and where PROBE_BROWSER_SPARE=1, off in tests and where it is 0', () => {
  expect(spareEnabled({ NODE_ENV: 'production' })).toBe(true);
  expect(spareEnabled({ NODE_ENV: 'production', PROBE_BROWSER_SPARE: '0' })).toBe(false);
  expect(spareEnabled({ NODE_ENV: 'test' })).toBe(false);
  expect(spareEnabled({ PROBE_BROWSER_SPARE: '1' })).toBe(true);
});

/** The boxes whose Chromium runs now, by their private directory (each box's forwarder names it). */
function runningBoxes(spki: string): string[] {
  const all = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }));
  const browsers = new Set(all.filter((p) => p.args.includes(spki)).map((p) => p.pid));
  return all
    .filter((p) => browsers.has(p.ppid) && p.args.includes('forwarder.cjs'))
    .map((p) => /(\S+)\/forwarder\.cjs/.exec(p.args)?.[1] ?? '')
    .sort();
}

test.describe('with Chromium', () => {
  test.describe.configure({ timeout: 60_000 });
  let site: LoginSite;
  test.beforeAll(async () => {
    test.skip(!existsSync(chromiumPath()), 'No Chromium.');
    const problem = await namespaceOptions().then(() => null, (e: Error) => e.message);
    test.skip(problem !== null, `Browser mode cannot run here: ${problem}.`);
    site = await startLoginSite();
    process.env.PROBE_BROWSER_SPARE = '1';
  });
  test.afterAll(async () => {
    delete process.env.PROBE_BROWSER_SPARE;
    await closeSpare();
    await site?.close();
  });

  test('after a run a spare waits, fresh; the next run takes it whole and another is started; closed, none is left', async () => {
    const spki = site.certs.spki;
    let serving: string[] = [];
    site.handle((_req, res) => {
      serving = runningBoxes(spki);
      sendHtml(res, '<!doctype html><html><body><h1>Sign in</h1><input name="u"></body></html>');
    });
    const load = () =>
      loadPageInBrowser(site.url('login.example.test', '/authorize'), { policy: site.policy, lookup: site.lookup, testOnlyIgnoreCertErrorsSpki: [spki] });

    expect((await load()).status).toBe(200);
    const first = serving;
    expect(first).toHaveLength(1);
    // The run's own browser is gone (after the answer); a spare in a box of its own is ready for the next.
    await browsersStopped();
    expect(existsSync(first[0]!)).toBe(false);
    await expect.poll(() => runningBoxes(spki), { timeout: 15_000 }).toHaveLength(1);
    const [spare] = runningBoxes(spki);
    expect(spare).not.toBe(first[0]);
    const requestsBefore = site.requestsFor('login.example.test').length;

    expect((await load()).status).toBe(200);
    // The page was loaded by the spare, and by no other browser; it had loaded nothing before.
    expect(serving).toEqual([spare]);
    expect(site.requestsFor('login.example.test').length).toBe(requestsBefore + 1);
    // Taken and closed with its run; the next spare is another box again.
    await browsersStopped();
    await expect.poll(() => runningBoxes(spki), { timeout: 15_000 }).toHaveLength(1);
    expect(runningBoxes(spki)).not.toContain(spare);
    expect(existsSync(spare!)).toBe(false);

    await closeSpare();
    expect(runningBoxes(spki)).toEqual([]);
  });
});
