import 'server-only';
import { processWide } from '@/lib/process-wide';
import { MemoryState } from './memory';
import { RedisState } from './redis';
import type { SharedState } from './types';

export { isSharedStateUnavailable, SharedStateUnavailable, type Budget, type BudgetsTaken, type SharedState } from './types';

/**
 * The one shared state of this process: Redis when REDIS_URL is set (several instances then act as one), else this
 * process's memory, the embedded default for one instance. server.mjs has checked REDIS_URL answers before the start.
 */
export function sharedState(): SharedState {
  return processWide('shared-state', () => {
    const url = process.env.REDIS_URL?.trim();
    return url ? new RedisState(url) : new MemoryState();
  });
}
