import ipaddr from 'ipaddr.js';
import { normaliseHostName } from '@/lib/net';

/** IPv6 ranges that carry an IPv4 address in their last 32 bits, and reach that IPv4 host. */
const LAST_32_BITS_IPV4 = ['::ffff:0:0/96', '::ffff:0:0:0/96', '64:ff9b::/96', '::/96'].map((cidr) => ipaddr.IPv6.parseCIDR(cidr));
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');

function ipv4Inside(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  const bytes = v6.toByteArray();
  if (LAST_32_BITS_IPV4.some((range) => v6.match(range))) {
    // :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4 ones.
    if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15]! <= 1) return null;
    return new ipaddr.IPv4(bytes.slice(12, 16));
  }
  if (v6.match(SIX_TO_FOUR)) return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

/**
 * The one key of a target host for the limits, however it is spelled: lower case, no trailing dots, no IPv6
 * brackets; an IP literal in its canonical text form, and an IPv6 address that embeds an IPv4 address (IPv4-mapped,
 * NAT64, 6to4…) as that IPv4 address. Otherwise `EXAMPLE.COM..`, `[::ffff:127.0.0.1]` and the like would each get a
 * budget of their own.
 */
export function targetKey(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const name = normaliseHostName(bare);
  // Only the strict forms: a URL's host has had its other IPv4 spellings (0x7f.1, 2130706433…) rewritten already.
  if (ipaddr.IPv4.isValidFourPartDecimal(name)) return ipaddr.IPv4.parse(name).toString();
  if (!ipaddr.IPv6.isValid(name)) return name;
  const v6 = ipaddr.IPv6.parse(name);
  return (ipv4Inside(v6) ?? v6).toString();
}

/** The target key of a URL's host, or null when it is not a URL. */
export function targetKeyOfUrl(url: string): string | null {
  try {
    return targetKey(new URL(url).hostname);
  } catch {
    return null;
  }
}
