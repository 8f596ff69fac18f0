// How the /link page, /check and the report name the rehearsal's steps and regions. Client-safe.
import { ALEXA_REDIRECT_REGIONS, type AlexaRegion } from '@/lib/alexa';
import { type LinkStepName } from './input';

/** Each step as the timeline of the linking names it: where the user (or Alexa) is at that moment. */
export const STEP_LABELS: Record<LinkStepName, string> = {
  authorize: 'Alexa app opens your authorization URI',
  'sign-in': 'Your login page: sign-in',
  consent: 'Consent',
  redirect: 'Alexa redirect',
  exchange: 'Your token URI: code for tokens',
  refresh: 'Refresh',
  rotation: 'Refresh again with the same token',
  domains: 'Domain List',
};

/** A region with its redirect host, e.g. "North America (pitangui.amazon.com)". */
export function regionLabel(region: AlexaRegion): string {
  const entry = ALEXA_REDIRECT_REGIONS.find((r) => r.region === region);
  return entry ? `${entry.label} (${entry.host})` : region;
}

/** Where a finding of Link as Alexa was made, e.g. "at “Consent”, Europe (layla.amazon.com)"; empty for other findings. */
export function findingPlace(finding: { step?: LinkStepName; region?: AlexaRegion }): string {
  const at = finding.step ? `at “${STEP_LABELS[finding.step]}”` : '';
  const region = finding.region ? regionLabel(finding.region) : '';
  return [at, region].filter(Boolean).join(', ');
}
