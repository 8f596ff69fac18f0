import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';

/** One step of the user's walk through the tree. Titles and answers only: nothing secret. */
export interface WalkStep {
  id: string;
  title: string;
  /** The answer chosen on the previous step that led here. */
  answer?: string;
}

export interface VisitedNode {
  id: string;
  title: string;
  /** The answers that lead here, keyed by the node they are given on. */
  incoming: Record<string, string>;
  /** The shortest path from the start, used when the walk cannot be continued. */
  canonical: WalkStep[];
}

export interface WalkState {
  path: WalkStep[];
  visit: (node: VisitedNode) => void;
}

/** The next walk after arriving at `node`: continue, step back, or start over from its canonical path. */
export function nextPath(path: readonly WalkStep[], node: VisitedNode): WalkStep[] {
  const seenAt = path.findIndex((step) => step.id === node.id);
  if (seenAt >= 0) return path.slice(0, seenAt + 1);
  const last = path.at(-1);
  const answer = last ? node.incoming[last.id] : undefined;
  if (last && answer !== undefined) return [...path, { id: node.id, title: node.title, answer }];
  return node.canonical;
}

export const WALK_STORAGE_KEY = 'link-doctor-walk';

export function createWalkStore() {
  return createStore<WalkState>()(
    persist(
      (set) => ({
        path: [],
        visit: (node) => set((state) => ({ path: nextPath(state.path, node) })),
      }),
      {
        name: WALK_STORAGE_KEY,
        version: 1,
        // Session storage: the walk survives reloads but not the browser session.
        storage: createJSONStorage(() => sessionStorage),
        partialize: (state) => ({ path: state.path }),
        // Rehydrated in an effect, so the server-rendered breadcrumbs and the first client render agree.
        skipHydration: true,
      },
    ),
  );
}

export type WalkStore = ReturnType<typeof createWalkStore>;
