// The errors of the guarded outbound layer, and how to read Node's network errors.

import 'server-only';
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';

/** Why a target was refused before any socket was opened. */
export type RefusalReason =
  | 'invalid-url'
  | 'control-characters'
  | 'scheme'
  | 'credentials'
  | 'port'
  | 'host-length'
  | 'name'
  | 'address'
  | 'downgrade';

/**
 * Thrown when a URL (or a redirect hop) is not one Link Doctor will connect to. Always raised before a socket to the
 * target opens. `message` is plain language and safe to show to the user (it names the host, never the full URL).
 */
export class TargetNotAllowed extends Error {
  override readonly name = 'TargetNotAllowed';
  readonly reason: RefusalReason;
  /** The host as parsed (punycode for international names), when there was one. */
  readonly host?: string;
  /** The refused address, when the refusal is about an address. */
  readonly address?: string;

  constructor(reason: RefusalReason, message: string, details: { host?: string; address?: string } = {}) {
    super(message);
    markErrorKind(this, 'TargetNotAllowed');
    this.reason = reason;
    if (details.host !== undefined) this.host = details.host;
    if (details.address !== undefined) this.address = details.address;
  }

  toJSON(): { code: 'target_not_allowed'; reason: RefusalReason; message: string } {
    return { code: 'target_not_allowed', reason: this.reason, message: this.message };
  }
}

export function isTargetNotAllowed(e: unknown): e is TargetNotAllowed {
  return hasErrorKind(e, 'TargetNotAllowed');
}

/** The `code` of a Node error (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, HPE_HEADER_OVERFLOW …), if it has one. */
export function errorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') return (e as { code: string }).code;
  return undefined;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
