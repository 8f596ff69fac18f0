// What the pictures draw, read from what the probes, the rehearsal and the report already carry: each request's timing
// (lib/net's phases, kept in the results) and each hop of the linking's outcome (the findings, or the rehearsal's
// steps). Pure and client-safe: types only from the results.

import type { Timing } from '@/lib/net';
import type { FindingStatus } from '@/lib/probes/findings';
import type { ExchangeRecord, TokenProbeResult } from '@/lib/probes/token/input';
import type { LoginPageProbeResult } from '@/lib/probes/login-page/input';
import type { AppLinksProbeResult } from '@/lib/probes/app-links/input';
import type { LinkStep, LinkStepName } from '@/lib/flows/link/input';
import { HOPS, type Hop, type HopStatus, type TimingRow } from './layout';

const PURPOSE_LABELS: Record<ExchangeRecord['purpose'], string> = {
  'token-request': 'The token request',
  'client-auth-retry': 'The same request with the other client authentication',
  'own-refresh': 'Refresh with the refresh token it returned',
  'rotation-second-refresh': 'The same refresh token sent again',
  'grant-after-reuse': 'The newest refresh token, after the reuse',
};

function grantOf(record: ExchangeRecord): string {
  const grant = /(?:^|&)grant_type=([a-z_]+)/.exec(record.request.body)?.[1];
  return grant === 'authorization_code' ? ' (code for tokens)' : grant === 'refresh_token' ? ' (refresh)' : '';
}

/** The token probe's requests, each timed on its own (Alexa's limit applies to each). */
export function tokenTimingRows(result: Pick<TokenProbeResult, 'exchange' | 'followUps'>): TimingRow[] {
  const records = [result.exchange, ...result.followUps].filter((r): r is ExchangeRecord & { timing: Timing } => !!r?.timing);
  return records.map((r) => ({
    label: `${PURPOSE_LABELS[r.purpose]}${r.purpose === 'token-request' ? grantOf(r) : ''}`,
    timing: r.timing,
    ...(r.failure ? { failure: r.failure.message } : {}),
  }));
}

function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/** The login page GET hop by hop (static mode): each redirect, then the page; each starts where the one before ended. */
export function loginTimingRows(result: Pick<LoginPageProbeResult, 'redirects' | 'page' | 'pageTiming' | 'pageFailure' | 'request'>): TimingRow[] {
  if (!result.pageTiming) return [];
  const rows: TimingRow[] = [];
  let start = 0;
  const hop = (label: string, timing: Timing, failure?: string) => {
    rows.push({ label, startMs: start, timing: { ...timing, total: Math.max(0, Math.round((timing.total - start) * 10) / 10) }, ...(failure ? { failure } : {}) });
    start = timing.total;
  };
  for (const [i, r] of result.redirects.entries()) {
    if (r.timing) hop(`Redirect ${i + 1}: ${shortUrl(r.url)} (HTTP ${r.status})`, r.timing);
  }
  const url = result.page?.url ?? result.request.url ?? '';
  const status = result.page?.status;
  hop(`${result.redirects.length ? 'The login page' : 'The authorization URI'}: ${shortUrl(url)}${status ? ` (HTTP ${status})` : ''}`, result.pageTiming, result.pageFailure);
  return rows;
}

/** The well-known files, fetched at the same time. */
export function appLinksTimingRows(result: Pick<AppLinksProbeResult, 'files'>): TimingRow[] {
  const rows: TimingRow[] = [];
  for (const [name, file] of [
    ['assetlinks.json', result.files.android],
    ['apple-app-site-association', result.files.ios],
  ] as const) {
    if (!file.timing) continue;
    rows.push({ label: `${name}${file.status ? ` (HTTP ${file.status})` : ''}`, timing: file.timing, ...(file.status === null && file.problem ? { failure: file.problem } : {}) });
  }
  return rows;
}

// ---- Each hop's outcome ------------------------------------------------------------------------------------------

/** Which hop each step of the rehearsal belongs to (the Domain List is the login page's). */
export const STEP_HOPS: Record<LinkStepName, Hop> = {
  authorize: 'login',
  'sign-in': 'login',
  consent: 'login',
  domains: 'login',
  redirect: 'redirect',
  exchange: 'token',
  refresh: 'refresh',
  rotation: 'refresh',
};

/** Token findings about refreshing; the other token findings are the code exchange's. */
const REFRESH_FINDINGS = new Set(['token.refresh-works', 'token.rotation']);

/** The hop a finding is about: its rehearsal step, else the probe its id names; undefined for findings about neither. */
export function hopOfFinding(finding: { id: string; step?: LinkStepName | undefined }): Hop | undefined {
  if (finding.step) return STEP_HOPS[finding.step];
  if (REFRESH_FINDINGS.has(finding.id)) return 'refresh';
  if (finding.id.startsWith('token.')) return 'token';
  if (finding.id.startsWith('login.')) return 'login';
  return undefined;
}

const RANK: Record<HopStatus, number> = { fail: 4, warn: 3, pass: 2, skip: 1, unknown: 0 };

function worse(a: HopStatus | undefined, b: HopStatus): HopStatus {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/**
 * Each hop's outcome from findings: the worst status of its findings. A hop whose findings were all "not checked" was
 * not checked; a hop no finding is about is unknown.
 */
export function hopStatusesFromFindings(findings: ReadonlyArray<{ id: string; status: FindingStatus; step?: LinkStepName | undefined }>): Partial<Record<Hop, HopStatus>> {
  const out: Partial<Record<Hop, HopStatus>> = {};
  for (const f of findings) {
    const hop = hopOfFinding(f);
    if (hop) out[hop] = worse(out[hop], f.status === 'skip' ? 'unknown' : f.status);
  }
  return out;
}

/** Each hop's outcome in one region of a rehearsal, from its steps (a skipped step was not reached). */
export function hopStatusesFromSteps(steps: ReadonlyArray<Pick<LinkStep, 'step' | 'status'>>): Partial<Record<Hop, HopStatus>> {
  const out: Partial<Record<Hop, HopStatus>> = {};
  for (const s of steps) out[STEP_HOPS[s.step]] = worse(out[STEP_HOPS[s.step]], s.status);
  return out;
}

/**
 * The report's carried results, newest first: for each hop, the outcome the newest result that checked it found (an
 * older result is superseded by a newer one about the same hop, as the report reads them).
 */
export function hopStatusesFromEvidence(evidence: ReadonlyArray<{ findings: ReadonlyArray<{ id: string; status: FindingStatus; step?: LinkStepName | undefined }> }>): Partial<Record<Hop, HopStatus>> {
  const out: Partial<Record<Hop, HopStatus>> = {};
  for (const item of evidence) {
    const found = hopStatusesFromFindings(item.findings);
    for (const hop of HOPS) {
      const status = found[hop];
      if (status && status !== 'unknown' && (out[hop] === undefined || out[hop] === 'unknown')) out[hop] = status;
      else if (status && out[hop] === undefined) out[hop] = status;
    }
  }
  return out;
}
