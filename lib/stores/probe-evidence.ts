// A probe's result as evidence for the diagnosis and the support report: what ran, on what, when, and its findings
// (already redacted by the probe). Client-safe, pure.
import { isProbeId, probeEntry } from '@/lib/probes/catalog';
import { type Finding } from '@/lib/probes/findings';
import { parseUrl } from '@/lib/probes/urls';
import { MAX_FINDINGS_PER_EVIDENCE, type CarriedConfig, type Evidence } from '@/lib/report/schema';

/** What every probe's result has; the rest is read field by field, as each probe names its target. */
export interface ProbeResultLike {
  probe?: string;
  findings: readonly Finding[];
}

const MAX_TARGET = 300;

/** A URL as a run's target: scheme, host, port and path, never the query or the fragment (a code or a state can ride there). */
export function targetOfUrl(url: string | null | undefined): string {
  const parsed = url ? parseUrl(url) : null;
  return parsed ? `${parsed.origin}${parsed.pathname}`.slice(0, MAX_TARGET) : '';
}

type Fields = Record<string, unknown>;
const record = (value: unknown): Fields | undefined => (value !== null && typeof value === 'object' ? (value as Fields) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const hostAndPath = (value: unknown): string => {
  const place = record(value);
  return place && text(place.host) ? `${text(place.host)}${text(place.path) ?? ''}`.slice(0, MAX_TARGET) : '';
};

/**
 * What a probe ran on, read from its result: the token URI, the authorization URI, the domain, the pasted URL's host
 * and path. Checks of pasted text that name nothing (AcceptGrant, provider rules) have none: their latest run stands.
 */
export function probeTarget(result: ProbeResultLike): string {
  const fields = result as unknown as Fields;
  switch (result.probe) {
    case 'token':
      return targetOfUrl(text(record(record(fields.exchange)?.request)?.url));
    case 'login-page':
      return targetOfUrl(text(record(fields.request)?.url));
    case 'enablement-request':
      return targetOfUrl(text(record(fields.request)?.url));
    case 'app-links':
      return (text(fields.domain) ?? '').slice(0, MAX_TARGET);
    case 'implicit-redirect':
      return hostAndPath(fields.target);
    case 'final-url':
      return hostAndPath(fields.page);
    default:
      return '';
  }
}

/** At most the report's cap of findings; over it, what passed or was not checked goes first. */
export function cappedFindings<F extends Finding>(findings: readonly F[]): F[] {
  if (findings.length <= MAX_FINDINGS_PER_EVIDENCE) return [...findings];
  const rank = { fail: 0, warn: 1, pass: 2, skip: 3 } as const;
  return [...findings].sort((a, b) => rank[a.status] - rank[b.status]).slice(0, MAX_FINDINGS_PER_EVIDENCE);
}

/** A finished probe run as evidence: titled with the probe's name and its target. Null for a result of no known probe. */
export function probeEvidence(result: ProbeResultLike, at: string): Evidence | null {
  if (!result.probe || !isProbeId(result.probe)) return null;
  const target = probeTarget(result);
  const total = record((result as unknown as Fields).timing)?.total;
  return {
    title: `${probeEntry(result.probe).label}${target ? `: ${target}` : ''}`.slice(0, 300),
    probe: result.probe,
    target,
    at,
    ...(typeof total === 'number' && total >= 0 ? { elapsedMs: Math.min(Math.round(total), 3_600_000) } : {}),
    findings: cappedFindings(result.findings),
  };
}

/** What a probe's run tells the report's configuration: the token URI it called, the authorization URI it opened. */
export function probeConfig(result: ProbeResultLike): CarriedConfig | undefined {
  const target = probeTarget(result);
  if (!target) return undefined;
  if (result.probe === 'token') return { accessTokenUrl: target };
  if (result.probe === 'login-page') return { authorizationUrl: target };
  return undefined;
}
