// The findings of the "where the user ended up" check: ids in display order, titles and guide steps. Client-safe.
import type { FindingCatalog, FindingSet } from '@/lib/probes/findings';
import { FINAL_URL_FINDING_IDS, type FinalUrlFindingId } from './input';

export type FinalUrlFindings = FindingSet<FinalUrlFindingId>;

export const FINAL_URL_FINDINGS: FindingCatalog<FinalUrlFindingId> = {
  ids: FINAL_URL_FINDING_IDS,
  titles: {
    'final.page': 'Where linking ended',
    'final.error': 'What the error means',
    'final.state': 'state came back to Alexa',
    'final.code': 'An authorization code came back to Alexa',
  },
  nodes: {
    'final.page': 'where-linking-ended',
    'final.error': 'where-linking-ended',
    'final.state': 'state-not-returned',
    'final.code': 'token-exchange',
  },
  // Each applies only to some pages: a link-result page has no state, a page of your own neither.
  conditional: ['final.error', 'final.state', 'final.code'],
};
