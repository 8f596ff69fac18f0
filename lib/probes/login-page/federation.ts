// Sign-in through Google or Facebook on the login page. The Alexa app shows the login page in its own embedded
// browser; Google refuses OAuth sign-in in embedded browsers (403 disallowed_useragent), and developers report the
// same trouble with Facebook's. Whether the Alexa app's browser is refused is what developers report, not a documented
// rule, so what is found here is a warning, never a failure. Found from where the page sends the browser (its
// redirects), the hosts it loads from, and the sign-in links in its HTML.

import type { LoginRun } from './findings';

const PROVIDERS = [
  { name: 'Google', hosts: ['accounts.google.com', 'apis.google.com', 'oauth2.googleapis.com'], link: /accounts\.google\.com\/(?:o\/oauth2|signin|gsi)/i },
  {
    name: 'Facebook',
    hosts: ['www.facebook.com', 'facebook.com', 'm.facebook.com', 'connect.facebook.net'],
    link: /facebook\.com\/(?:v\d{1,2}(?:\.\d{1,2})?\/)?dialog\/oauth/i,
  },
] as const;

/** The page's HTML is searched up to this many characters for sign-in links. */
const MAX_HTML_SEARCHED = 1024 * 1024;

/** `login.federation`, set only when the page signs in through Google or Facebook. */
export function federationFinding(run: LoginRun): void {
  const evidence: string[] = [];
  const names: string[] = [];
  const html = (run.pageHtml ?? '').slice(0, MAX_HTML_SEARCHED);
  for (const provider of PROVIDERS) {
    const found: string[] = [];
    const hosts = run.result.domains.required.filter((h) => (provider.hosts as readonly string[]).includes(h.host));
    for (const h of hosts.slice(0, 3)) found.push(`${h.host} (${h.foundIn.slice(0, 3).join(', ')})`);
    const link = provider.link.exec(html);
    if (link) found.push(`a sign-in link to ${link[0]}`);
    if (found.length) {
      names.push(provider.name);
      evidence.push(`${provider.name}: ${found.join('; ')}`);
    }
  }
  if (names.length === 0) return;
  run.findings.set(
    'login.federation',
    'warn',
    `The login page signs users in through ${names.join(' and ')} (${evidence.join('. ')}). The Alexa app shows the login page in an embedded browser, and Google refuses sign-in there with “403: disallowed_useragent”; developers report failures with Facebook's sign-in too. Users who pick that button may be unable to link.`,
    'Offer a sign-in on your own page that does not go through Google or Facebook, and test the whole flow inside the Alexa app on Android and iOS.',
    { title: `The login page signs in through ${names.join(' and ')}, which may refuse the Alexa app's browser` },
  );
}
