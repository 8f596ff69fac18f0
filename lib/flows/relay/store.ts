// Where relays live: only in the shared state (lib/shared-state), never in this module, so that a relay made on one
// instance is served and watched on any other when the state is shared (Redis). Every key expires with its relay.
//
//   relay:<id>           the relay (JSON): its two URIs, mode, the watch key's SHA-256, expiry
//   relay:<id>:captures  the captures (a list of JSON, at most RELAY_MAX_CALLS)
//   relay:<id>:calls     the calls counted against RELAY_MAX_CALLS
//   channel relay:<id>   each new capture, and "deleted"

import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sharedState } from '@/lib/shared-state';
import { RELAY_MAX_CALLS, type RelayCapture, type RelayEvent, type RelayInput, type RelayMode } from './input';

export interface StoredRelay {
  id: string;
  authorizationUri: string;
  accessTokenUri: string;
  mode: RelayMode;
  keyHash: string;
  expiresAt: number;
}

/** 16 random bytes (128 bits) as base64url: the relay's id. The watch key is 32 bytes. */
const ID_BYTES = 16;
const KEY_BYTES = 32;
const ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;

const relayKey = (id: string) => `relay:${id}`;
const capturesKey = (id: string) => `relay:${id}:captures`;
const callsKey = (id: string) => `relay:${id}:calls`;
const channel = (id: string) => `relay:${id}`;

const hashOf = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Makes and stores a relay; the key is returned this once and kept only as its hash. */
export async function createRelay(input: RelayInput, now = Date.now()): Promise<{ relay: StoredRelay; key: string }> {
  const id = randomBytes(ID_BYTES).toString('base64url');
  const key = randomBytes(KEY_BYTES).toString('base64url');
  const relay: StoredRelay = {
    id,
    authorizationUri: input.authorizationUri,
    accessTokenUri: input.accessTokenUri,
    mode: input.mode,
    keyHash: hashOf(key),
    expiresAt: now + input.ttlSeconds * 1000,
  };
  await sharedState().set(relayKey(id), JSON.stringify(relay), input.ttlSeconds * 1000);
  return { relay, key };
}

/** The relay, or null when the id is unknown, malformed or expired. */
export async function loadRelay(id: string): Promise<StoredRelay | null> {
  if (!ID_SHAPE.test(id)) return null;
  const text = await sharedState().get(relayKey(id));
  if (!text) return null;
  const relay = JSON.parse(text) as StoredRelay;
  return relay.expiresAt > Date.now() ? relay : null;
}

/** The relay when `key` is its watch key; null otherwise (unknown and wrong key look the same to the caller). */
export async function loadWatchedRelay(id: string, key: string | null): Promise<StoredRelay | null> {
  const relay = await loadRelay(id);
  if (!relay || !key) return null;
  const given = Buffer.from(hashOf(key), 'hex');
  const kept = Buffer.from(relay.keyHash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept) ? relay : null;
}

/** Counts one call; false when the relay has had its RELAY_MAX_CALLS. */
export async function countCall(relay: StoredRelay): Promise<boolean> {
  const count = await sharedState().increment(callsKey(relay.id), remainingMs(relay));
  return count <= RELAY_MAX_CALLS;
}

/** Keeps a capture (already redacted) and tells the watchers. A relay deleted meanwhile keeps nothing. */
export async function keepCapture(relay: StoredRelay, capture: RelayCapture): Promise<void> {
  const state = sharedState();
  const ttlMs = remainingMs(relay);
  if (ttlMs <= 0) return;
  const text = JSON.stringify(capture);
  await state.append(capturesKey(relay.id), text, { ttlMs, maxLength: RELAY_MAX_CALLS });
  if (!(await state.get(relayKey(relay.id)))) {
    await state.delete(capturesKey(relay.id), callsKey(relay.id));
    return;
  }
  await state.publish(channel(relay.id), JSON.stringify({ type: 'capture', capture } satisfies RelayEvent));
}

export async function listCaptures(relay: StoredRelay): Promise<RelayCapture[]> {
  return (await sharedState().list(capturesKey(relay.id))).map((text) => JSON.parse(text) as RelayCapture);
}

/** Removes the relay and everything of it, and ends its watchers' streams. */
export async function deleteRelay(relay: StoredRelay): Promise<void> {
  const state = sharedState();
  await state.delete(relayKey(relay.id), capturesKey(relay.id), callsKey(relay.id));
  await state.publish(channel(relay.id), JSON.stringify({ type: 'end', reason: 'deleted' } satisfies RelayEvent));
}

/** Calls `listener` with each event of the relay from now on; the answer unsubscribes. */
export function watchRelay(relay: StoredRelay, listener: (event: RelayEvent) => void): Promise<() => Promise<void>> {
  return sharedState().subscribe(channel(relay.id), (message) => listener(JSON.parse(message) as RelayEvent));
}

export function remainingMs(relay: StoredRelay): number {
  return relay.expiresAt - Date.now();
}
