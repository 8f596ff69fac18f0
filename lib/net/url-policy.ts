// Parses and checks a user-supplied URL before anything is resolved or connected.

import 'server-only';
import { isIP } from 'node:net';
import { normaliseHostName, portAllowed, refusedAddress, refusedName, describeAddressClass, type ProbePolicy } from './address-policy';
import { TargetNotAllowed } from './errors';

export const MAX_HOST_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;
/** Longest URL we accept at all (GitLab refuses hosts over 1024; browsers cap URLs near 2 MB; we need far less). */
export const MAX_URL_LENGTH = 8192;

export interface Target {
  url: URL;
  protocol: 'https:' | 'http:';
  /** Host name as WHATWG parsed it: lower-case, punycode, IPv6 without brackets, trailing dots removed. */
  hostname: string;
  port: number;
  /** The address when the URL names an IP literal. */
  ipLiteral?: string;
  /** `Host` header value (host plus port when not the scheme's default). */
  hostHeader: string;
}

export interface UrlPolicyOptions {
  policy: ProbePolicy & { allowPrivate: boolean };
  /** Allow http: (only for probes that need it, e.g. a login page GET). The token probe never does. */
  allowHttp?: boolean;
}

const NOT_PUBLIC = 'Link Doctor only probes public servers.';

/**
 * Refuses a URL as written that holds a line break or another control character. WHATWG strips tab, CR and LF from
 * inside URLs without a word, so this looks at the text before any parsing: CR/LF and the other controls in a URL a
 * user typed are a sign of header injection or a paste error. A tab is stripped, as browsers do. Throws
 * TargetNotAllowed.
 */
export function refuseControlCharacters(raw: string): void {
  if (/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/.test(raw)) {
    throw new TargetNotAllowed('control-characters', 'The URL contains control characters (such as a line break); remove them and try again.');
  }
}

/**
 * Parse once with the WHATWG URL parser and check scheme, credentials, port, host length and (for IP literals) the
 * address. Names are checked against the deny-list here and their DNS answers later, when they are resolved (./resolve.ts).
 * Throws TargetNotAllowed.
 */
export function checkUrl(raw: string | URL, opts: UrlPolicyOptions): Target {
  const input = typeof raw === 'string' ? raw : raw.href;
  if (input.length > MAX_URL_LENGTH) throw new TargetNotAllowed('invalid-url', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  refuseControlCharacters(input);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new TargetNotAllowed('invalid-url', 'This is not a valid absolute URL.');
  }
  const protocol = url.protocol;
  if (protocol !== 'https:' && !(protocol === 'http:' && opts.allowHttp)) {
    const shown = protocol.length <= 12 ? protocol.slice(0, -1) : 'this';
    const allowed = opts.allowHttp ? 'https or http' : 'https';
    throw new TargetNotAllowed('scheme', `Link Doctor only probes ${allowed} URLs, not ${shown} URLs.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TargetNotAllowed(
      'credentials',
      'The URL contains a user name or password (user:password@host); Link Doctor does not send credentials in URLs. Remove them.',
    );
  }
  // Brackets off for IPv6; trailing dots off (certificates and our checks do not carry them).
  let hostname = url.hostname;
  if (hostname.startsWith('[') && hostname.endsWith(']')) hostname = hostname.slice(1, -1);
  hostname = normaliseHostName(hostname);
  if (hostname === '') throw new TargetNotAllowed('invalid-url', 'The URL has no host.');

  const port = url.port === '' ? (protocol === 'https:' ? 443 : 80) : Number(url.port);
  const policy = opts.policy;

  const literal = isIP(hostname) !== 0 ? hostname : undefined;
  if (!literal) {
    if (hostname.length > MAX_HOST_LENGTH) {
      throw new TargetNotAllowed('host-length', `The host name is longer than ${MAX_HOST_LENGTH} characters, the DNS limit.`);
    }
    const longLabel = hostname.split('.').find((l) => l.length > MAX_LABEL_LENGTH);
    if (longLabel !== undefined) {
      throw new TargetNotAllowed('host-length', `A part of the host name is longer than ${MAX_LABEL_LENGTH} characters, the DNS limit.`);
    }
  }

  if (!portAllowed(port, policy)) {
    throw new TargetNotAllowed(
      'port',
      `Port ${port} is not allowed: Link Doctor only probes the standard ports, 443 for https${opts.allowHttp ? ' and 80 for http' : ''}.`,
      { host: hostname },
    );
  }

  if (literal) {
    const refused = refusedAddress(literal, policy);
    if (refused) {
      const inner = refused.embedded && refused.embedded !== refused.address ? ` (it embeds ${refused.embedded})` : '';
      throw new TargetNotAllowed(
        'address',
        `${refused.address}${inner} is ${describeAddressClass(refused.class ?? 'invalid')}; ${NOT_PUBLIC}`,
        { host: hostname, address: refused.address },
      );
    }
  } else {
    const refusedAs = refusedName(hostname, policy);
    if (refusedAs === 'metadata') {
      throw new TargetNotAllowed('name', `${hostname} is a cloud metadata service name; ${NOT_PUBLIC}`, { host: hostname });
    }
    if (refusedAs === 'loopback') {
      throw new TargetNotAllowed('name', `${hostname} always means this machine (a loopback name); ${NOT_PUBLIC}`, { host: hostname });
    }
  }

  const defaultPort = protocol === 'https:' ? 443 : 80;
  const hostForHeader = literal && literal.includes(':') ? `[${literal}]` : hostname;
  return {
    url,
    protocol,
    hostname,
    port,
    ...(literal ? { ipLiteral: literal } : {}),
    hostHeader: port === defaultPort ? hostForHeader : `${hostForHeader}:${port}`,
  };
}

/** Message for a name whose DNS answer is not public. */
export function refusedAnswerMessage(host: string, address: string, cls: Parameters<typeof describeAddressClass>[0], embedded?: string): string {
  const inner = embedded && embedded !== address ? ` (which embeds ${embedded})` : '';
  return `${host} resolves to ${address}${inner}, ${describeAddressClass(cls)}; ${NOT_PUBLIC}`;
}
