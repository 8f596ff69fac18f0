import { expect, test } from '@playwright/test';
import {
  FONT_SIZE,
  formatMs,
  layoutSequence,
  layoutWaterfall,
  PICTURE_WIDTHS,
  sequenceSummary,
  waterfallSummary,
  waterfallText,
  wrapText,
  type TimingRow,
} from './layout';
import { hopStatusesFromEvidence, hopStatusesFromFindings, hopStatusesFromSteps, loginTimingRows, tokenTimingRows } from './from-results';

const fast: TimingRow = { label: 'The token request', timing: { dns: 10, connect: 20, tls: 70, firstByte: 400, total: 1000 } };
const slow: TimingRow = { label: 'The same refresh token sent again', timing: { dns: 0, connect: 100, tls: 100, firstByte: 1800, total: 2000 } };

test.describe('timing waterfall', () => {
  test('bars and their phases are proportional to the time they took', () => {
    for (const width of PICTURE_WIDTHS) {
      const l = layoutWaterfall([fast, slow], width);
      const [a, b] = l.rows;
      expect(b!.bar.width / a!.bar.width).toBeCloseTo(2, 5);
      // Each phase's width over its milliseconds is one scale, and the phases fill the bar in order.
      const scale = a!.bar.width / fast.timing.total;
      for (const s of a!.segments) expect(s.width / s.ms).toBeCloseTo(scale, 5);
      expect(a!.segments.map((s) => s.phase)).toEqual(['dns', 'connect', 'tls', 'firstByte', 'rest']);
      expect(a!.segments.find((s) => s.phase === 'rest')!.ms).toBe(500);
      const last = a!.segments.at(-1)!;
      expect(last.x + last.width).toBeCloseTo(a!.bar.x + a!.bar.width, 5);
      for (let i = 1; i < a!.segments.length; i++) expect(a!.segments[i]!.x).toBeCloseTo(a!.segments[i - 1]!.x + a!.segments[i - 1]!.width, 5);
    }
  });

  test('the 4.5 s line sits at 4.5 s on the same scale, and stays on the drawing when a request takes longer', () => {
    const l = layoutWaterfall([fast], 320);
    const scale = l.rows[0]!.bar.width / 1000;
    expect(l.deadline.x - l.plot.x0).toBeCloseTo(4500 * scale, 5);
    expect(l.deadline.x).toBeLessThan(l.plot.x1);
    expect(l.deadline.label).toBe("Alexa's limit: 4.5 s");

    const nine: TimingRow = { label: 'Slow', timing: { firstByte: 8900, total: 9000 } };
    const m = layoutWaterfall([fast, nine], 720);
    const bar = m.rows[1]!.bar;
    expect(bar.x + bar.width).toBeLessThanOrEqual(m.plot.x1);
    expect((m.deadline.x - m.plot.x0) / (bar.width)).toBeCloseTo(0.5, 5);
    expect(m.rows[1]!.verdict).toBe('over');
    expect(m.rows[1]!.note.join(' ')).toContain("Over Alexa's 4.5 s limit by 4.50 s");
    expect(m.rows[0]!.verdict).toBe('within');
    // Ticks are on the same scale.
    const oneSecond = m.ticks.find((t) => t.label === '2 s')!;
    expect(oneSecond.x - m.plot.x0).toBeCloseTo((m.deadline.x - m.plot.x0) * (2000 / 4500), 5);
  });

  test('a request that got no answer is marked failed, in words as well as by its outline', () => {
    const refused: TimingRow = { label: 'The token request', timing: { dns: 1, total: 3 }, failure: 'The connection was refused.' };
    const l = layoutWaterfall([refused], 320);
    expect(l.rows[0]!.verdict).toBe('failed');
    expect(l.rows[0]!.note.join(' ')).toBe('✗ No complete answer: The connection was refused.');
    // A request of a few milliseconds is still drawn.
    expect(l.rows[0]!.bar.width).toBeGreaterThanOrEqual(2);
  });

  test('the text equivalent lists every figure of every request, and the summary each total', () => {
    const text = waterfallText([fast, slow]);
    expect(text[0]).toEqual({
      label: 'The token request',
      phases: { dns: '10 ms', connect: '20 ms', tls: '70 ms', firstByte: '400 ms', rest: '500 ms' },
      total: '1.00 s',
      verdict: "Within Alexa's 4.5 s limit",
    });
    expect(text[1]!.phases).toEqual({ dns: '0 ms', connect: '100 ms', tls: '100 ms', firstByte: '1.80 s', rest: '—' });
    expect(text[1]!.total).toBe('2.00 s');
    const summary = waterfallSummary([fast, slow]);
    expect(summary).toContain('The token request: 1.00 s');
    expect(summary).toContain('The same refresh token sent again: 2.00 s');
    expect(summary).toContain('all within it');
  });

  test('text wraps to the drawing, so nothing runs off a phone-sized picture', () => {
    const long: TimingRow = { label: 'Redirect 1: login.example.com/oauth2/v1/authorize/with/a/very/long/path/indeed (HTTP 302)', timing: { total: 5 } };
    for (const width of PICTURE_WIDTHS) {
      const l = layoutWaterfall([long], width);
      for (const line of l.rows[0]!.label) expect(line.length * FONT_SIZE * 0.58).toBeLessThanOrEqual(width - 12);
    }
    expect(wrapText('a b c', 400)).toEqual(['a b c']);
    expect(formatMs(0.4)).toBe('0.4 ms');
    expect(formatMs(35.2)).toBe('35 ms');
    expect(formatMs(1234)).toBe('1.23 s');
  });
});

test.describe('linking sequence', () => {
  test('the failing hop is marked, first failure first, and said in words', () => {
    const l = layoutSequence({ login: 'pass', redirect: 'pass', token: 'fail', refresh: 'fail' }, 320);
    const token = l.hops.find((h) => h.hop === 'token')!;
    const refresh = l.hops.find((h) => h.hop === 'refresh')!;
    expect(token.first).toBe(true);
    expect(token.label.join(' ')).toContain('FAILS HERE');
    expect(refresh.first).toBe(false);
    expect(refresh.label.join(' ')).toMatch(/: fails$/);
    expect(l.hops.find((h) => h.hop === 'login')!.label.join(' ')).toMatch(/works$/);
    // Arrows run between the right lifelines: Alexa (third) to your token URI (fourth).
    expect(token.arrow.x1).toBeCloseTo(l.participants[2]!.x, 5);
    expect(token.arrow.x2).toBeCloseTo(l.participants[3]!.x, 5);
    expect(sequenceSummary({ token: 'fail' })).toContain('fails at step 3 of 4');
    // Hops nothing checked say so.
    expect(layoutSequence({ token: 'pass' }, 720).hops[0]!.label.join(' ')).toMatch(/not checked$/);
  });

  test('hops are read from findings, rehearsal steps and the report’s carried results', () => {
    expect(
      hopStatusesFromFindings([
        { id: 'token.reachable', status: 'fail' },
        { id: 'token.refresh-works', status: 'skip' },
        { id: 'config.scopes', status: 'fail' },
      ]),
    ).toEqual({ token: 'fail', refresh: 'unknown' });
    expect(hopStatusesFromFindings([{ id: 'login.domains', status: 'warn' }, { id: 'login.https', status: 'pass' }])).toEqual({ login: 'warn' });
    expect(
      hopStatusesFromSteps([
        { step: 'authorize', status: 'pass' },
        { step: 'sign-in', status: 'pass' },
        { step: 'redirect', status: 'fail' },
        { step: 'exchange', status: 'skip' },
        { step: 'refresh', status: 'skip' },
      ]),
    ).toEqual({ login: 'pass', redirect: 'fail', token: 'skip', refresh: 'skip' });
    // Newest first: a newer token result supersedes an older one; a rehearsal's findings count by their step.
    expect(
      hopStatusesFromEvidence([
        { findings: [{ id: 'token.status', status: 'pass' }] },
        { findings: [{ id: 'token.status', status: 'fail' }, { id: 'link.state', status: 'fail', step: 'redirect' }] },
      ]),
    ).toEqual({ token: 'pass', redirect: 'fail' });
  });
});

test.describe('timings carried by the results', () => {
  test('the token probe: one row per request, each timed on its own, failures said', () => {
    const request = { method: 'POST', url: 'https://auth.example.com/token', headers: [], body: 'grant_type=authorization_code&code=[redacted]' };
    const rows = tokenTimingRows({
      exchange: { purpose: 'token-request', request, timing: { dns: 1, connect: 2, tls: 3, firstByte: 4, total: 12 } },
      followUps: [
        { purpose: 'own-refresh', request: { ...request, body: 'grant_type=refresh_token' }, failure: { kind: 'connect', phase: 'connect', message: 'Connection refused.' }, timing: { dns: 1, total: 2 } },
      ],
    });
    expect(rows).toEqual([
      { label: 'The token request (code for tokens)', timing: { dns: 1, connect: 2, tls: 3, firstByte: 4, total: 12 } },
      { label: 'Refresh with the refresh token it returned', timing: { dns: 1, total: 2 }, failure: 'Connection refused.' },
    ]);
  });

  test('the login page: each hop starts where the one before ended', () => {
    const rows = loginTimingRows({
      request: { url: 'https://a.example.com/authorize?x', length: 30 },
      redirects: [{ url: 'https://a.example.com/authorize?x', status: 302, location: '/login', timing: { dns: 1, connect: 2, tls: 3, firstByte: 4, total: 100 } }],
      page: { url: 'https://a.example.com/login', status: 200, contentType: 'text/html', bytes: 10 },
      pageTiming: { dns: 1, connect: 2, tls: 3, firstByte: 50, total: 260 },
    });
    expect(rows.map((r) => [r.label, r.startMs, r.timing.total])).toEqual([
      ['Redirect 1: a.example.com/authorize (HTTP 302)', 0, 100],
      ['The login page: a.example.com/login (HTTP 200)', 100, 160],
    ]);
    expect(loginTimingRows({ request: { url: null, length: 0 }, redirects: [], page: null })).toEqual([]);
  });
});
