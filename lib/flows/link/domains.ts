// Step 7: every host the sign-in pages loaded from (login, consent, any federated page), as the browser requested them,
// against the Domain List — compared as the login page probe compares them (only an exact host, or the authorization
// URI's own, is covered).

import 'server-only';
import { ALEXA_REDIRECT_HOSTS, type AlexaRegion } from '@/lib/alexa';
import type { BrowserSession } from '@/lib/net/browser';
import { compareHosts } from '@/lib/probes/login-page/domains';
import type { HostSource } from '@/lib/probes/login-page/hosts';
import { listWords } from '@/lib/probes/wording';
import type { NodeId } from '@/lib/tree';
import { linkFinding } from './findings';
import type { LinkFinding, LinkInput } from './input';

/** The hosts the session's pages requested, with what they requested from each (Alexa's own hosts left out). */
export function signInHosts(session: BrowserSession): HostSource[] {
  const hosts = new Map<string, Set<string>>();
  for (const r of session.recorder.requests) {
    if (!r.host || ALEXA_REDIRECT_HOSTS.includes(r.host)) continue;
    const kinds = hosts.get(r.host) ?? new Set<string>();
    kinds.add(`${r.type} (browser)`);
    hosts.set(r.host, kinds);
  }
  return [...hosts].map(([host, kinds]) => ({ host, foundIn: [...kinds] }));
}

export function domainsFinding(region: AlexaRegion, input: LinkInput, hosts: HostSource[]): LinkFinding {
  if (input.domains === undefined) {
    return linkFinding(
      region,
      'link.domains',
      'skip',
      `No Domain List was given, so none was compared. The sign-in loaded from ${listWords(hosts.slice(0, 15).map((h) => h.host)) || 'no host'}.`,
      'Give the Domain List from the Alexa console to check it.',
    );
  }
  const { finding } = compareHosts(hosts, input.authorizationUri, input.domains);
  return linkFinding(region, 'link.domains', finding.status, finding.detail.replace(/^The login page loads/, 'The sign-in pages load'), finding.fix, { title: finding.title, node: finding.node as NodeId });
}
