// What a support engineer reads first: the likeliest cause, the failing findings in the same order as /check puts
// them, and what Amazon's Contact-us list still lacks. Pure functions; client-safe.
import { type Finding } from '@/lib/probes/findings';
import { type SupportReport } from './schema';
import { LIKELIHOOD, type LikelihoodStep } from '@/lib/alexa';


/** Finding ids start with the probe that made them: token.*, config.*, login.*, provider.*, applinks.* … */
const PREFIX_STEP: Record<string, LikelihoodStep> = {
  token: 'token',
  config: 'config',
  login: 'login-page',
  'login-page': 'login-page',
  provider: 'provider',
  applinks: 'app-links',
  'app-links': 'app-links',
  aasa: 'app-links',
  assetlinks: 'app-links',
  // Link as Alexa's own findings are about the sign-in pages, the consent and the redirect: the login page's part.
  link: 'login-page',
};

/** Position of a finding in the likelihood order; checks of pasted input (implicit, enablement …) come last. */
export function likelihoodRank(findingId: string): number {
  const step = PREFIX_STEP[findingId.split('.')[0] ?? ''];
  return step ? LIKELIHOOD.indexOf(step) : LIKELIHOOD.length;
}

/**
 * Findings of different checks that name one problem share a key, so a list shows the problem once: the
 * configuration's port and the login page probe's port are both the authorization URI's port (and the same for the
 * token URI and the token probe).
 */
const SAME_PROBLEM: Record<string, string> = {
  'config.authorization-url-port': 'authorization-uri-port',
  'login.port': 'authorization-uri-port',
  'config.access-token-url-port': 'token-uri-port',
  'token.port': 'token-uri-port',
};

export function problemKey(findingId: string): string {
  return SAME_PROBLEM[findingId] ?? findingId;
}

type EvidenceFinding = SupportReport['evidence'][number]['findings'][number];

/**
 * What makes two findings one problem: the same finding (or one problem several checks name, whatever URI they were
 * run on) on the same target, and for Link as Alexa, which finds the same thing once per region, in the same region.
 */
function findingKey(finding: EvidenceFinding, target: string | undefined): string {
  const where = finding.id in SAME_PROBLEM ? '' : (target ?? '');
  return `${problemKey(finding.id)}@${finding.region ?? ''}@${where}`;
}

export interface RankedFinding {
  finding: EvidenceFinding;
  /** The probe or check that found it, and when. */
  source: { title: string; at: string; elapsedMs?: number };
}

function ranked(report: SupportReport, status: Finding['status']): RankedFinding[] {
  // Evidence is newest first; a finding seen by several runs of one check on one target is reported once, from the
  // newest run. Runs on different targets (two token URIs) found different things, and each stays.
  const seen = new Set<string>();
  const out: RankedFinding[] = [];
  for (const evidence of report.evidence) {
    for (const finding of evidence.findings) {
      const key = findingKey(finding, evidence.target);
      if (finding.status !== status || seen.has(key)) continue;
      seen.add(key);
      const source = evidence.elapsedMs === undefined ? { title: evidence.title, at: evidence.at } : { title: evidence.title, at: evidence.at, elapsedMs: evidence.elapsedMs };
      out.push({ finding, source });
    }
  }
  // Array.prototype.sort is stable: within a step, the probe's own order stays.
  return out.sort((a, b) => likelihoodRank(a.finding.id) - likelihoodRank(b.finding.id));
}

/** Every failing finding, most likely cause first. */
export function failingFindings(report: SupportReport): RankedFinding[] {
  return ranked(report, 'fail');
}

export function warningFindings(report: SupportReport): RankedFinding[] {
  return ranked(report, 'warn');
}

/** Amazon asks for a timestamp "preferably within the last 14 days". */
export const MAX_ATTEMPT_AGE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the failed attempt is more than 14 days before `now`. */
export function isAttemptStale(failedAt: string | undefined, now: Date): boolean {
  if (!failedAt) return false;
  return now.getTime() - new Date(failedAt).getTime() > MAX_ATTEMPT_AGE_DAYS * DAY_MS;
}

/** True when the failed attempt is more than five minutes after `now`: a time-zone slip, usually. */
export function isAttemptInFuture(failedAt: string | undefined, now: Date): boolean {
  if (!failedAt) return false;
  return new Date(failedAt).getTime() - now.getTime() > 5 * 60 * 1000;
}

export interface AmazonItem {
  /** Form field to focus (dotted react-hook-form name). */
  field: string;
  /** A sentence's worth: "The skill ID". */
  label: string;
  /** As the form's field names it, for a list: "Skill ID". */
  name: string;
}

/**
 * The items of Amazon's Contact-us list (troubleshooting guide, "For more help, contact Amazon") that the report
 * lacks, in the list's order. The password is never in a report, so it is not checked here.
 */
export function missingForAmazon(report: SupportReport): AmazonItem[] {
  const missing: AmazonItem[] = [];
  const need = (present: boolean, field: string, label: string, name: string) => {
    if (!present) missing.push({ field, label, name });
  };
  const c = report.configuration;
  need(!!report.skillId, 'skillId', 'The skill ID', 'Skill ID');
  need(!!report.testAccount.username, 'testAccount.username', 'The test account user name for your login page', 'Test account user name');
  need(!!report.customerId, 'customerId', 'The customer ID of the account that failed', 'Customer ID');
  need(!!report.failedAt, 'failedAt', 'The date and time of the failed attempt (UTC)', 'Date and time of the failed attempt');
  need(report.regions.length > 0 || !!report.otherRegions, 'regions', 'The region or regions', 'Region');
  need(!!report.platform, 'platform', 'The device platform', 'Device platform');
  need(!!report.alexaAppVersion, 'alexaAppVersion', 'The Alexa app version', 'Alexa app version');
  need(!!report.description || !!report.screenshotUrl, 'description', 'A description of the problem or a screenshot link', 'Description or screenshot');
  need(!!c.authorizationUrl, 'configuration.authorizationUrl', 'The authorization URL', 'Authorization URL');
  need(!!c.grantType, 'configuration.grantType', 'The account linking type (auth code or implicit grant)', 'Account linking type');
  return missing;
}

/** Things Amazon asks for that are present but need another look: a stale or future attempt time. */
export function attentionForAmazon(report: SupportReport, now: Date, reference: 'now' | 'report' = 'report'): string[] {
  const notes: string[] = [];
  if (isAttemptStale(report.failedAt, now)) {
    notes.push(
      `${reference === 'now' ? 'The failed attempt is' : 'The failed attempt was'} more than ${MAX_ATTEMPT_AGE_DAYS} days old${reference === 'now' ? '' : ' when the report was prepared'}: Amazon asks for one from the last ${MAX_ATTEMPT_AGE_DAYS} days. Try linking again and give the new time.`,
    );
  }
  if (isAttemptInFuture(report.failedAt, now)) {
    notes.push(`The failed attempt is ${reference === 'now' ? 'in the future' : 'later than the time the report was prepared'}: check that the time is in UTC, not local time.`);
  }
  return notes;
}
