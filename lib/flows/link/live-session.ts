// One live view as the server holds it: the latest frame of the boxed browser's page, the one viewer watching it, and
// the person's input on its way to the page. Sessions live in this server process (the browser is here), in a
// process-wide registry: the /api/link route that starts one and the /api/link/live/* routes that use it are separate
// bundles, each with its own copy of this module.

import 'server-only';
import { randomBytes } from 'node:crypto';
import type { AlexaRegion } from '@/lib/alexa';
import { processWide } from '@/lib/process-wide';
import type { LiveInputEvent } from './live-protocol';

export type LiveOutcome = 'done' | 'timeout' | 'cancelled';

/** One JPEG frame of the page, base64, with its size in image pixels. */
export interface LiveFrame {
  seq: number;
  jpeg: string;
  width: number;
  height: number;
}

/** How long a person has to finish sign-in by hand, at most (the rehearsal's browser allows for it). */
export const LIVE_VIEW_MS = 3 * 60_000;

/** The time limit of a hand-off: LINK_LIVE_VIEW_SECONDS (a whole number from 1 to 180) may make it shorter. */
export function liveViewMs(): number {
  const seconds = Number(process.env.LINK_LIVE_VIEW_SECONDS);
  return Number.isInteger(seconds) && seconds >= 1 && seconds * 1000 <= LIVE_VIEW_MS ? seconds * 1000 : LIVE_VIEW_MS;
}
/** A viewer gets a frame at most this often: enough to see typing appear, little enough for a phone's connection. */
export const FRAME_INTERVAL_MS = 200;

/**
 * A session id: 128 random bits. It travels only in request bodies and in the run's own NDJSON answer, never in a URL,
 * and works only for the client address that started the run.
 */
function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

export class LiveSession {
  readonly id = newSessionId();
  readonly expiresAt: number;
  frame: LiveFrame | null = null;
  outcome: LiveOutcome | null = null;
  /** The viewer watching now: a newer one replaces it, so there is never more than one. */
  private viewer: symbol | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly ended: Promise<LiveOutcome>;
  private resolveEnded!: (outcome: LiveOutcome) => void;

  constructor(
    readonly client: string,
    readonly region: AlexaRegion,
    readonly reason: string,
    limitMs: number,
    /** Sends the person's input to the page (./live-input.ts). */
    readonly deliver: (events: readonly LiveInputEvent[]) => Promise<void>,
  ) {
    this.expiresAt = Date.now() + limitMs;
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  msLeft(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }

  whenEnded(): Promise<LiveOutcome> {
    return this.ended;
  }

  /** The first outcome wins; later calls change nothing. */
  end(outcome: LiveOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.resolveEnded(outcome);
    this.changed();
  }

  setFrame(jpeg: string, width: number, height: number): void {
    this.frame = { seq: (this.frame?.seq ?? 0) + 1, jpeg, width, height };
    this.changed();
  }

  /** Takes the view over: the viewer before, if any, sees `isViewer` turn false and stops. */
  attachViewer(): symbol {
    this.viewer = Symbol('viewer');
    this.changed();
    return this.viewer;
  }

  isViewer(token: symbol): boolean {
    return this.viewer === token;
  }

  detachViewer(token: symbol): void {
    if (this.viewer === token) this.viewer = null;
  }

  /** Resolves on the next change (a frame, the end, a new viewer) or after `ms`, whichever is first. */
  nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.listeners.add(done);
    });
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

const sessions = () => processWide('link-live-sessions', () => new Map<string, LiveSession>());

/** Each session holds a boxed browser's page, so the browser slots (BROWSER_SLOTS) bound how many there are. */
export function registerSession(session: LiveSession): void {
  sessions().set(session.id, session);
}

export function unregisterSession(session: LiveSession): void {
  if (sessions().get(session.id) === session) sessions().delete(session.id);
}

/**
 * The session with this id, if it is still open and was started by this client. An unknown id and another client's
 * session look the same to the caller, so the answer tells nothing about which sessions exist.
 */
export function findSession(id: unknown, client: string): LiveSession | null {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
  const session = sessions().get(id);
  return session && session.client === client && !session.outcome ? session : null;
}
