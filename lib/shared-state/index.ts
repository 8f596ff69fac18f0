import 'server-only';
import { processWide } from '@/lib/process-wide';
import { MemoryState } from './memory';
import type { SharedState } from './types';

export type { SharedState } from './types';

/**
 * The one shared state of this process: memory by default. (A Redis backend, chosen when REDIS_URL is set, is to be
 * added here behind the same contract.)
 */
export function sharedState(): SharedState {
  return processWide('shared-state', () => new MemoryState());
}
