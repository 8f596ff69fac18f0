// One boxed Chromium started ahead of need, so that a browser run does not wait for the launch (the box, the memory
// cgroup, Chromium's start: about a second, most of a short page load). The spare is as fresh as a new one: nothing
// has been loaded in it, it has no browser context, and its box's socket has no egress proxy behind it yet — so, as
// for any browser in the box, whatever it might try to send reaches nothing. A run takes it whole, starts its own
// proxy on the box's socket and makes its context (./launch.ts); no browser is ever used by two runs. After a run,
// the next spare is started; one that waits unused for SPARE_IDLE_MS is closed.
//
// PROBE_BROWSER_SPARE=1 or 0 turns it on or off; by default it is on in production (the server), off elsewhere (tests,
// which count the browsers and cgroups a run leaves behind).

import 'server-only';
import type { Browser } from 'playwright-core';
import { processWide } from '@/lib/process-wide';
import type { BrowserBox } from './isolation';

/** A spare nobody takes is closed after this long, so that an idle server gives its memory back. */
export const SPARE_IDLE_MS = 10 * 60_000;

export interface SpareParts {
  box?: BrowserBox;
  browser?: Browser;
}

interface Spare {
  /** What the spare was launched with: a run takes only a spare launched as it would launch its own. */
  key: string;
  ready: Promise<SpareParts | null>;
  idle: ReturnType<typeof setTimeout>;
  close: (parts: SpareParts) => Promise<unknown>;
}

const state = () => processWide('browser-spare', () => ({ spare: null as Spare | null }));

export function spareEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const setting = env.PROBE_BROWSER_SPARE?.trim();
  if (setting === '1') return true;
  if (setting === '0') return false;
  return env.NODE_ENV === 'production';
}

function discard(spare: Spare): void {
  void spare.ready.then((parts) => (parts ? spare.close(parts) : undefined)).catch(() => undefined);
}

/**
 * The spare launched with `key`, if there is one (waiting for its launch to finish if need be: never slower than a
 * launch of one's own), or null. A spare launched otherwise is closed. Either way there is no spare after this call.
 */
export async function takeSpare(key: string): Promise<SpareParts | null> {
  const spare = state().spare;
  if (!spare) return null;
  state().spare = null;
  clearTimeout(spare.idle);
  if (spare.key !== key) {
    discard(spare);
    return null;
  }
  const parts = await spare.ready;
  if (parts?.browser?.isConnected()) return parts;
  if (parts) void spare.close(parts).catch(() => undefined);
  return null;
}

/**
 * Starts the next spare with `open` (which fills in the parts as it goes, like a launch), unless spares are off or
 * there is one already. A launch that fails closes what it started and leaves no spare.
 */
export function prepareSpare(key: string, open: (parts: SpareParts) => Promise<void>, close: (parts: SpareParts) => Promise<unknown>): void {
  if (!spareEnabled() || state().spare) return;
  const parts: SpareParts = {};
  const ready = open(parts).then(
    () => parts,
    async () => {
      await close(parts).catch(() => undefined);
      return null;
    },
  );
  const spare: Spare = {
    key,
    ready,
    close,
    idle: setTimeout(() => {
      if (state().spare !== spare) return;
      state().spare = null;
      discard(spare);
    }, SPARE_IDLE_MS).unref(),
  };
  state().spare = spare;
  void ready.then((launched) => {
    if (!launched && state().spare === spare) state().spare = null;
  });
}

/** Closes the spare, if there is one (tests; a server shutting down leaves it to Playwright, which kills its browsers). */
export async function closeSpare(): Promise<void> {
  const spare = state().spare;
  if (!spare) return;
  state().spare = null;
  clearTimeout(spare.idle);
  const parts = await spare.ready;
  if (parts) await spare.close(parts).catch(() => undefined);
}
