import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { type Finding } from '@/lib/probe/types';

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

/** What a probe or check found, kept for the support report. Findings are already redacted by the probes. */
export interface Evidence {
  /** What ran, e.g. "Configuration check: Access token URI". */
  title: string;
  /** When it ran (ISO 8601, UTC). */
  at: string;
  findings: Finding[];
}

/** The diagnosis so far, for this browser session: the path taken and the evidence gathered. */
export interface DiagnosisState {
  path: WalkStep[];
  evidence: Evidence[];
  visit: (node: VisitedNode) => void;
  recordEvidence: (items: Evidence[]) => void;
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

// Enough for a report; older runs of the same checks only repeat themselves.
export const MAX_EVIDENCE = 12;

export const DIAGNOSIS_STORAGE_KEY = 'link-doctor-diagnosis';

export function createDiagnosisStore() {
  return createStore<DiagnosisState>()(
    persist(
      (set) => ({
        path: [],
        evidence: [],
        visit: (node) => set((state) => ({ path: nextPath(state.path, node) })),
        recordEvidence: (items) => set((state) => ({ evidence: [...items, ...state.evidence].slice(0, MAX_EVIDENCE) })),
      }),
      {
        name: DIAGNOSIS_STORAGE_KEY,
        version: 1,
        // Session storage: the diagnosis survives reloads but not the browser session.
        storage: createJSONStorage(() => sessionStorage),
        partialize: (state) => ({ path: state.path, evidence: state.evidence }),
        // Rehydrated in an effect, so the server-rendered breadcrumbs and the first client render agree.
        skipHydration: true,
      },
    ),
  );
}

export type DiagnosisStore = ReturnType<typeof createDiagnosisStore>;
