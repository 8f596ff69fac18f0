// Part of the guarded outbound layer (see ./README.md).
// Decides which IP addresses and host names a probe may connect to.
// Pure functions, no I/O: safe to unit-test and cheap to call on every DNS answer.

import 'server-only';
import ipaddr from 'ipaddr.js';
import { withoutTrailing } from '@/lib/text.mjs';

/**
 * How the probes treat private networks.
 * - `allowPrivate`: PROBE_ALLOW_PRIVATE=1 — loopback, private, unique-local, link-local and CGNAT addresses and any port
 *   are allowed. For local development and tests only. Cloud-metadata addresses and names, the unspecified address,
 *   multicast, broadcast and reserved ranges stay refused even then.
 * - `treatAsPublic` / `extraPorts`: TEST-ONLY hooks for the tests' convention that 127.0.0.1 acts as a public address
 *   and 127.0.0.2–.9 as internal ones, so the public-only policy can be exercised on loopback.
 */
export interface ProbePolicy {
  /** Defaults to PROBE_ALLOW_PRIVATE=1, read from process.env at call time. */
  allowPrivate?: boolean;
  /** TEST ONLY: addresses (canonical text form) that count as public even though they are not. */
  treatAsPublic?: (address: string) => boolean;
  /** TEST ONLY: ports allowed besides 443 and 80 while private mode is off. */
  extraPorts?: readonly number[];
}

/** Whether PROBE_ALLOW_PRIVATE=1 is set right now (the UI shows a banner when it is). */
export function isPrivateModeOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PROBE_ALLOW_PRIVATE === '1';
}

export function resolvePolicy(policy: ProbePolicy | undefined): Required<Pick<ProbePolicy, 'allowPrivate'>> & ProbePolicy {
  return { ...policy, allowPrivate: policy?.allowPrivate ?? isPrivateModeOn() };
}

/** Why an address is not public. `null` means public unicast. */
export type AddressClass =
  | 'loopback'
  | 'private'
  | 'unique-local'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'translated'
  | 'tunnel'
  | 'invalid';

/** Classes that PROBE_ALLOW_PRIVATE=1 lets through. */
const PRIVATE_MODE_ALLOWS: ReadonlySet<AddressClass> = new Set(['loopback', 'private', 'unique-local', 'link-local', 'cgnat']);

const DESCRIPTIONS: Record<AddressClass, string> = {
  loopback: 'a loopback address (the server itself)',
  private: 'a private network address',
  'unique-local': 'a private (unique local) IPv6 address',
  'link-local': 'a link-local address',
  cgnat: 'a shared carrier-grade NAT address',
  metadata: 'a cloud metadata service address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  documentation: 'an address reserved for documentation',
  benchmarking: 'an address reserved for benchmarking',
  reserved: 'a reserved address',
  translated: 'an IPv6 translation address',
  tunnel: 'an IPv6 tunnelling (Teredo) address',
  invalid: 'not a valid IP address',
};

export function describeAddressClass(c: AddressClass): string {
  return DESCRIPTIONS[c];
}

/** Cloud metadata endpoints (AWS/GCP/Azure/OpenStack 169.254.169.254, AWS IPv6 IMDS, Alibaba, Oracle). */
const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192', '169.254.170.2']);

/** Names refused whatever they resolve to. Compared lower-case, without trailing dots. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

function classifyV4(v4: ipaddr.IPv4, text: string): AddressClass | null {
  if (METADATA_ADDRESSES.has(text)) return 'metadata';
  const inCidr = (cidr: string) => v4.match(ipaddr.IPv4.parseCIDR(cidr));
  switch (v4.range()) {
    case 'unicast':
      return null;
    case 'unspecified':
      return 'unspecified';
    case 'broadcast':
      return 'broadcast';
    case 'multicast':
      return 'multicast';
    case 'linkLocal':
      return 'link-local';
    case 'loopback':
      return 'loopback';
    case 'carrierGradeNat':
      return 'cgnat';
    case 'private':
      return 'private';
    case 'reserved':
      if (inCidr('192.0.2.0/24') || inCidr('198.51.100.0/24') || inCidr('203.0.113.0/24')) return 'documentation';
      if (inCidr('198.18.0.0/15')) return 'benchmarking';
      return 'reserved';
    default:
      // as112, amt and anything ipaddr.js adds later: not plain public unicast.
      return 'reserved';
  }
}

function embeddedV4(v6: ipaddr.IPv6, fromPart: number): ipaddr.IPv4 {
  const p = v6.parts;
  const hi = p[fromPart] ?? 0;
  const lo = p[fromPart + 1] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

export interface AddressVerdict {
  /** Canonical text form (IPv4-mapped IPv6 is unmapped to IPv4). */
  address: string;
  family: 4 | 6;
  /** `null` = public unicast. */
  class: AddressClass | null;
  /** For NAT64 / 6to4 / IPv4-mapped: the IPv4 address inside. */
  embedded?: string;
}

/** Classify one IP address given as text (any form ipaddr.js accepts; brackets allowed). */
export function classifyAddress(input: string): AddressVerdict {
  const text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  // Zone ids (fe80::1%eth0) never belong in a probe target.
  if (!ipaddr.isValid(text) || text.includes('%')) return { address: text, family: text.includes(':') ? 6 : 4, class: 'invalid' };
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') {
    const v4 = parsed as ipaddr.IPv4;
    const canon = v4.toString();
    return { address: canon, family: 4, class: classifyV4(v4, canon) };
  }
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) {
    const v4 = v6.toIPv4Address();
    const canon = v4.toString();
    return { address: canon, family: 4, class: classifyV4(v4, canon), embedded: canon };
  }
  const canon = v6.toNormalizedString() === '0:0:0:0:0:0:0:0' ? '::' : v6.toString();
  if (METADATA_ADDRESSES.has(canon)) return { address: canon, family: 6, class: 'metadata' };
  const range = v6.range();
  switch (range) {
    case 'unicast':
      // Only global unicast (2000::/3) is public; this also refuses IPv4-compatible ::a.b.c.d and unassigned space.
      if (!v6.match(ipaddr.IPv6.parseCIDR('2000::/3'))) return { address: canon, family: 6, class: 'reserved' };
      return { address: canon, family: 6, class: null };
    case 'rfc6052': {
      // NAT64 well-known prefix 64:ff9b::/96: public only if the IPv4 inside is (a DNS64 network maps every v4 host here).
      // The local-use prefix 64:ff9b:1::/48 is refused.
      if (!v6.match(ipaddr.IPv6.parseCIDR('64:ff9b::/96'))) return { address: canon, family: 6, class: 'translated' };
      const v4 = embeddedV4(v6, 6);
      const inner = classifyV4(v4, v4.toString());
      return { address: canon, family: 6, class: inner, embedded: v4.toString() };
    }
    case '6to4': {
      const v4 = embeddedV4(v6, 1);
      const inner = classifyV4(v4, v4.toString());
      return { address: canon, family: 6, class: inner, embedded: v4.toString() };
    }
    case 'teredo':
      return { address: canon, family: 6, class: 'tunnel' };
    case 'unspecified':
      return { address: canon, family: 6, class: 'unspecified' };
    case 'loopback':
      return { address: canon, family: 6, class: 'loopback' };
    case 'linkLocal':
      return { address: canon, family: 6, class: 'link-local' };
    case 'uniqueLocal':
      return { address: canon, family: 6, class: 'unique-local' };
    case 'multicast':
      return { address: canon, family: 6, class: 'multicast' };
    case 'rfc6145':
      return { address: canon, family: 6, class: 'translated' };
    case 'benchmarking':
      return { address: canon, family: 6, class: 'benchmarking' };
    default:
      if (v6.match(ipaddr.IPv6.parseCIDR('2001:db8::/32')) || v6.match(ipaddr.IPv6.parseCIDR('3fff::/20'))) {
        return { address: canon, family: 6, class: 'documentation' };
      }
      return { address: canon, family: 6, class: 'reserved' };
  }
}

/**
 * Is this address allowed under the policy? Returns null when allowed, or the verdict explaining the refusal.
 */
export function refusedAddress(input: string, policy: ProbePolicy): AddressVerdict | null {
  const verdict = classifyAddress(input);
  if (verdict.class === null) return null;
  if (verdict.class === 'invalid') return verdict;
  if (policy.treatAsPublic?.(verdict.address)) return null;
  if (policy.allowPrivate && PRIVATE_MODE_ALLOWS.has(verdict.class)) return null;
  return verdict;
}

/** Lower-case, without trailing dots. */
export function normaliseHostName(name: string): string {
  return withoutTrailing(name.toLowerCase(), '.');
}

/**
 * Names refused before any DNS lookup: cloud metadata names always; `localhost` and `*.localhost` (RFC 6761) unless
 * private mode is on. Returns a reason class or null.
 */
export function refusedName(name: string, policy: ProbePolicy): 'metadata' | 'loopback' | null {
  const n = normaliseHostName(name);
  if (METADATA_NAMES.has(n) || n.endsWith('.metadata.google.internal')) return 'metadata';
  if (!policy.allowPrivate && (n === 'localhost' || n.endsWith('.localhost'))) return 'loopback';
  return null;
}

/** Ports allowed on the public internet. */
export function portAllowed(port: number, policy: ProbePolicy): boolean {
  if (policy.allowPrivate) return true;
  return port === 443 || port === 80 || (policy.extraPorts?.includes(port) ?? false);
}
