// One hop of a safeFetch call (a request to one URL; a followed redirect is the next hop): the timings it records and
// how it fails at the network level. Failures travel as HopFailure until safeFetch turns them into data.

import 'server-only';
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';
import type { FailureKind, FailurePhase, OutboundFailure } from './types';

/** Phase durations of one hop, in ms (see Timing). */
export interface HopTiming {
  dns?: number;
  connect?: number;
  tls?: number;
  firstByte?: number;
}

/** Milliseconds, rounded to 0.1 ms. */
export const round = (ms: number) => Math.round(ms * 10) / 10;

/** A hop failed at the network level: reported as an OutboundFailure, never thrown out of safeFetch. */
export class HopFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly phase: FailurePhase,
    message: string,
    readonly extra: Partial<Pick<OutboundFailure, 'code' | 'address' | 'tls' | 'status' | 'headers' | 'bodyBytes'>> = {},
  ) {
    super(message);
    markErrorKind(this, 'HopFailure');
  }
}

export const isHopFailure = (e: unknown): e is HopFailure => hasErrorKind(e, 'HopFailure');
