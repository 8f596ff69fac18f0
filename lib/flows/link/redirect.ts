// Step 4: the redirect back to Alexa, caught before it leaves. The browser's request events see every request the
// pages make, redirects included (Playwright's route handler sees only the first URL of a redirect chain), so the
// first request to any Alexa redirect host is taken as the redirect; the egress proxy refuses those hosts without
// even resolving them, so nothing ever reaches Amazon. Then the code, the state and any error are read from it.

import 'server-only';
import type { BrowserContext } from 'playwright-core';
import { ALEXA_REDIRECT_HOSTS, type AlexaRegion } from '@/lib/alexa';
import { show } from '@/lib/probes/wording';
import { linkFinding } from './findings';
import type { LinkFinding } from './input';

/** What the egress proxy answers for Alexa's hosts. */
export const ALEXA_REFUSAL = 'Link Doctor never connects to Alexa’s redirect hosts: the rehearsal catches the redirect before it leaves.';

/** Alexa's redirect hosts, refused by the egress proxy without being resolved. */
export const REFUSED_ALEXA_HOSTS: ReadonlyMap<string, string> = new Map(ALEXA_REDIRECT_HOSTS.map((h) => [h, ALEXA_REFUSAL]));

export interface RedirectCatcher {
  /** The first URL the pages asked for on an Alexa redirect host, or null. */
  readonly caught: string | null;
  /** Resolves with it. */
  readonly wait: Promise<string>;
}

const isAlexaHost = (url: string) => {
  try {
    return ALEXA_REDIRECT_HOSTS.includes(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
};

/** Watches every request of the context (pop-ups and frames included) for the first one to an Alexa host. */
export function catchAlexaRedirect(context: BrowserContext): RedirectCatcher {
  let caught: string | null = null;
  let resolve: (url: string) => void = () => {};
  const wait = new Promise<string>((r) => (resolve = r));
  context.on('request', (request) => {
    if (caught !== null || !isAlexaHost(request.url())) return;
    caught = request.url();
    resolve(caught);
  });
  return {
    get caught() {
      return caught;
    },
    wait,
  };
}

export interface RedirectReading {
  findings: LinkFinding[];
  /** The code when one came back and the redirect went to the region's URL with the state intact. */
  code: string | null;
  /** Every code-like value seen (to redact). */
  secrets: string[];
}

/** Reads the caught redirect against the request: where it went, the state, the code or the error. */
export function readRedirect(region: AlexaRegion, caught: string, expected: { redirectUri: string; state: string }): RedirectReading {
  const url = new URL(caught);
  const params = url.searchParams;
  const findings: LinkFinding[] = [];
  const code = params.get('code');
  const error = params.get('error');
  const secrets = code ? [code] : [];

  const wanted = new URL(expected.redirectUri);
  const sameTarget = url.origin === wanted.origin && url.pathname === wanted.pathname;
  findings.push(
    sameTarget
      ? linkFinding(region, 'link.redirect-uri', 'pass', `The server redirected to ${wanted.origin}${wanted.pathname}, the redirect URL sent.`, '', { title: `It redirected to ${wanted.origin}${wanted.pathname}, the redirect URL sent` })
      : linkFinding(region, 'link.redirect-uri', 'fail', `The server redirected to ${url.origin}${url.pathname}, not to the redirect URL sent (${expected.redirectUri}). Alexa only accepts the code at the URL it sent.`, 'Redirect to the redirect_uri of the request exactly, not to a URL configured on the server.', { title: 'It redirected to another URL' }),
  );

  if (error) {
    const description = params.get('error_description');
    findings.push(
      linkFinding(
        region,
        'link.redirect',
        'fail',
        `The server redirected back to Alexa with error=${show(error, 60)}${description ? ` (“${show(description, 200)}”)` : ''} instead of a code.${error === 'access_denied' ? ' access_denied means the sign-in or the consent was refused.' : ''}`,
        error === 'access_denied'
          ? 'Check why the server refuses the test account (the consent, the account’s rights, the scopes asked for).'
          : error === 'invalid_scope'
            ? 'Check the scopes in the Alexa console against those the server accepts.'
            : 'Check the authorization server’s log for this request: the error names what it refused.',
        { title: `The server answered error=${show(error, 40)}` },
      ),
    );
  } else {
    findings.push(linkFinding(region, 'link.redirect', 'pass', 'The server redirected back to Alexa without an error.', '', { title: 'It redirected back to Alexa' }));
  }
  findings.push(
    code
      ? linkFinding(region, 'link.code', 'pass', `A code came back (${code.length} characters).`, '', { title: `A code came back (${code.length} characters)` })
      : linkFinding(region, 'link.code', error ? 'skip' : 'fail', error ? 'No code: the server sent an error instead.' : 'The redirect to Alexa has no code parameter.', error ? '' : 'Redirect with ?code=…&state=… after a successful sign-in (response_type=code).', { title: 'No code came back' }),
  );
  findings.push(stateFinding(region, params.get('state'), expected.state));
  const ok = code !== null && sameTarget && findings.every((f) => f.status !== 'fail');
  return { findings, code: ok ? code : null, secrets };
}

function stateFinding(region: AlexaRegion, got: string | null, sent: string): LinkFinding {
  const fix = 'Send back the state Alexa sent, unchanged and whole: store it with the sign-in session rather than in a short field, and encode it once.';
  if (got === null) return linkFinding(region, 'link.state', 'fail', `The redirect has no state; Alexa sent ${sent.length} characters and refuses a redirect without them.`, fix, { title: 'The state did not come back' });
  if (got === sent) return linkFinding(region, 'link.state', 'pass', `The state came back exactly (${sent.length} characters).`, '', { title: `The state came back unchanged (${sent.length} characters)` });
  let how: string;
  if (sent.startsWith(got)) how = `cut short: ${got.length} of the ${sent.length} characters came back`;
  else if (decodeOnce(got) === sent) how = 'encoded once too often';
  else {
    let at = 0;
    while (at < got.length && got[at] === sent[at]) at++;
    how = `different from character ${at + 1} on (${got.length} characters came back, ${sent.length} were sent)`;
  }
  return linkFinding(region, 'link.state', 'fail', `The state came back changed: ${how}. Alexa refuses the linking when the state is not the one it sent.`, fix, { title: 'The state came back changed' });
}

function decodeOnce(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
