import { type ProbeId } from '@/lib/tree';

/** What each probe does, in one line: the /probe index and the guide's steps show it. */
export const PROBE_SUMMARIES: Record<ProbeId, string> = {
  token: 'Calls your access token URI exactly as Alexa does and reports what Alexa would reject.',
  'login-page': 'Loads your login page and finds every host it needs that your Domain List leaves out.',
  'implicit-redirect':
    'Reads the URL your login page redirects to and checks that state, access_token and token_type come back in the fragment as Alexa expects.',
  'app-links': 'Fetches your assetlinks.json and apple-app-site-association files and checks that they open your app.',
  'enablement-request':
    'Reads the Skill Enablement API request your app sends, checks it against Amazon’s documentation and explains the error Amazon answered.',
  'accept-grant': 'Checks your smart home skill’s response to the AcceptGrant directive against the documented shapes.',
  'provider-quirks':
    'Recognises Google, GitHub, Auth0, Okta, Cognito, Facebook and Login with Amazon from your URIs and says what each needs for Alexa, such as access_type=offline for Google.',
};
