// The findings the app links probe reports: their ids in the order users see them (APP_LINKS_FINDING_IDS, with the
// result types), and the title and guide step of each. Client-safe: no I/O.

import type { FindingCatalog, FindingSet } from '@/lib/probes/findings';
import { APP_LINKS_FINDING_IDS, type AppLinksFindingId } from './input';

/** The app links probe's findings as a run fills them in. */
export type AppLinksFindings = FindingSet<AppLinksFindingId>;

export const APP_LINKS_FINDINGS: FindingCatalog<AppLinksFindingId> = {
  ids: APP_LINKS_FINDING_IDS,
  titles: {
    'applinks.port': 'The domain is checked on the standard https port',
    'applinks.android.fetch': 'assetlinks.json can be fetched over https',
    'applinks.android.status': 'assetlinks.json answers 200 without a redirect',
    'applinks.android.content-type': 'assetlinks.json is served as application/json',
    'applinks.android.json': 'assetlinks.json is a JSON array of statements',
    'applinks.android.relation': 'A statement grants handle_all_urls to an Android app',
    'applinks.android.package': 'Your package name is in assetlinks.json',
    'applinks.android.fingerprint': "Your signing certificate's fingerprint is in assetlinks.json",
    'applinks.android.autoverify': 'The app asks Android to verify the links (autoVerify)',
    'applinks.ios.fetch': 'apple-app-site-association can be fetched over https',
    'applinks.ios.status': 'apple-app-site-association answers 200 without a redirect',
    'applinks.ios.content-type': 'apple-app-site-association is served as application/json',
    'applinks.ios.json': 'apple-app-site-association is a JSON object',
    'applinks.ios.details': 'It declares applinks details',
    'applinks.ios.app-id': 'Your app ID is in apple-app-site-association',
    'applinks.ios.paths': "Its paths cover the redirect URL's path",
  },
  nodes: {
    'applinks.port': 'lwa-redirect-default-browser',
    'applinks.android.fetch': 'android-app-links-check',
    'applinks.android.status': 'android-assetlinks',
    'applinks.android.content-type': 'android-assetlinks',
    'applinks.android.json': 'android-assetlinks',
    'applinks.android.relation': 'android-assetlinks',
    'applinks.android.package': 'android-assetlinks',
    'applinks.android.fingerprint': 'android-assetlinks',
    'applinks.android.autoverify': 'android-autoverify',
    'applinks.ios.fetch': 'lwa-redirect-default-browser',
    'applinks.ios.status': 'lwa-redirect-default-browser',
    'applinks.ios.content-type': 'lwa-redirect-default-browser',
    'applinks.ios.json': 'lwa-redirect-default-browser',
    'applinks.ios.details': 'lwa-redirect-default-browser',
    'applinks.ios.app-id': 'lwa-redirect-default-browser',
    'applinks.ios.paths': 'lwa-redirect-default-browser',
  },
};
