// The findings of the Link as Alexa rehearsal that are its own (the exchange and refresh keep the token probe's
// token.* ids): their ids in the order users see them, and the title and guide step of each. Client-safe: no I/O.

import type { AlexaRegion } from '@/lib/alexa';
import type { Finding, FindingCatalog, FindingStatus } from '@/lib/probes/findings';
import type { NodeId } from '@/lib/tree';
import type { LinkFinding, LinkStepName } from './input';

const LINK_FINDING_IDS = [
  'link.browser',
  'link.authorize',
  'link.sign-in',
  'link.popup',
  'link.consent',
  'link.redirect',
  'link.redirect-uri',
  'link.state',
  'link.code',
  'link.reuse-revoked',
  'link.domains',
] as const;
export type LinkFindingId = (typeof LINK_FINDING_IDS)[number];

export const LINK_FINDINGS: FindingCatalog<LinkFindingId> = {
  ids: LINK_FINDING_IDS,
  titles: {
    'link.browser': 'The rehearsal’s browser ran',
    'link.authorize': 'The authorization URI opens a page',
    'link.sign-in': 'The test account signs in',
    'link.popup': 'The sign-in opens no pop-up window',
    'link.consent': 'The consent page can be passed',
    'link.redirect': 'The server redirects back to Alexa',
    'link.redirect-uri': 'It redirects to the region’s redirect URL',
    'link.state': 'The state comes back unchanged',
    'link.code': 'An authorization code comes back',
    'link.reuse-revoked': 'A retried refresh leaves the grant intact',
    'link.domains': 'The Domain List covers every host the sign-in loads from',
  },
  nodes: {
    'link.browser': 'general-symptoms',
    'link.authorize': 'http-400-redirect',
    'link.sign-in': 'general-symptoms',
    'link.popup': 'tip-no-popups',
    'link.consent': 'general-symptoms',
    'link.redirect': 'redirect-uri-invalid',
    'link.redirect-uri': 'redirect-uri-invalid',
    'link.state': 'state-not-returned',
    'link.code': 'token-exchange',
    'link.reuse-revoked': 'refresh-token-revoked-early',
    'link.domains': 'login-page-domains',
  },
  conditional: ['link.browser', 'link.popup', 'link.reuse-revoked'],
};

/** Which step each of the rehearsal's own findings belongs to. */
const STEP_OF: Record<LinkFindingId, LinkStepName> = {
  'link.browser': 'authorize',
  'link.authorize': 'authorize',
  'link.sign-in': 'sign-in',
  'link.popup': 'sign-in',
  'link.consent': 'consent',
  'link.redirect': 'redirect',
  'link.redirect-uri': 'redirect',
  'link.state': 'redirect',
  'link.code': 'redirect',
  'link.reuse-revoked': 'rotation',
  'link.domains': 'domains',
};

/** One of the rehearsal's own findings, for one region: the catalog's title and guide step unless overridden. */
export function linkFinding(
  region: AlexaRegion,
  id: LinkFindingId,
  status: FindingStatus,
  detail: string,
  fix = '',
  overrides: { title?: string; node?: NodeId; step?: LinkStepName } = {},
): LinkFinding {
  return {
    id,
    status,
    title: overrides.title ?? LINK_FINDINGS.titles[id],
    detail,
    fix,
    node: overrides.node ?? LINK_FINDINGS.nodes[id],
    step: overrides.step ?? STEP_OF[id],
    region,
  };
}

/** A finding built elsewhere (the token probe's, the Domain List comparison's), placed in a step of one region. */
export function inStep(finding: Finding, step: LinkStepName, region: AlexaRegion): LinkFinding {
  return { ...finding, step, region };
}
