import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { type ReportDraft } from '@/lib/report/form';
import { type CarriedConfig, type Evidence, type WalkStep } from '@/lib/report/schema';

export interface VisitedNode {
  id: string;
  title: string;
  /** The answers that lead here, keyed by the node they are given on. */
  incoming: Record<string, string>;
  /** The shortest path from the start, used when the walk cannot be continued. */
  canonical: WalkStep[];
}

/** The diagnosis so far, for this browser session: the path taken and the evidence gathered. */
export interface DiagnosisState {
  path: WalkStep[];
  evidence: Evidence[];
  /** The configuration carried from /check, newest wins. */
  config: CarriedConfig | null;
  /** What the user typed into the support report so far, redacted, never the test account password. */
  reportDraft: ReportDraft | null;
  /** Records arriving at `node`; `cameFrom` as in nextPath. */
  visit: (node: VisitedNode, cameFrom?: string) => void;
  recordEvidence: (items: Evidence[]) => void;
  recordConfig: (config: CarriedConfig) => void;
  /** Fills only what the configuration lacks: what a single probe saw (its URI) never overrides what a check read. */
  fillConfig: (config: CarriedConfig) => void;
  saveReportDraft: (draft: ReportDraft) => void;
  clearReportDraft: () => void;
}

/**
 * The next walk after arriving at `node`: step back, continue, or start over from its canonical path. `cameFrom` is
 * the guide step whose page loaded this one, when the browser says so: an answer clicked before that page's scripts
 * ran was never recorded there, so the answer that leads from it to `node` is recorded here.
 */
export function nextPath(path: readonly WalkStep[], node: VisitedNode, cameFrom?: string): WalkStep[] {
  const seenAt = path.findIndex((step) => step.id === node.id);
  if (seenAt >= 0) return path.slice(0, seenAt + 1);
  const step = (answer: string): WalkStep => ({ id: node.id, title: node.title, answer });
  const answerFrom = cameFrom === undefined ? undefined : node.incoming[cameFrom];
  if (answerFrom !== undefined) {
    const from = path.findIndex((s) => s.id === cameFrom);
    if (from >= 0) return [...path.slice(0, from + 1), step(answerFrom)];
    if (node.canonical.at(-2)?.id === cameFrom) return [...node.canonical.slice(0, -1), step(answerFrom)];
  }
  const last = path.at(-1);
  const answer = last ? node.incoming[last.id] : undefined;
  if (last && answer !== undefined) return [...path, step(answer)];
  return node.canonical;
}

// Enough for a report: a newer run of the same check on the same target replaces the older one.
export const MAX_EVIDENCE = 20;

/** The run an evidence item stands for: its check and target; none for results carried before they had one. */
function runKey(item: Evidence): string | null {
  return item.probe === undefined ? null : `${item.probe}\u0000${item.target ?? ''}`;
}

/** The evidence after new results: newest first, the latest per check and target, at most MAX_EVIDENCE. */
export function withEvidence(evidence: readonly Evidence[], items: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return [...items, ...evidence]
    .filter((item) => {
      const key = runKey(item);
      if (key === null) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_EVIDENCE);
}

export const DIAGNOSIS_STORAGE_KEY = 'link-doctor-diagnosis';

type PersistedDiagnosis = Pick<DiagnosisState, 'path' | 'evidence' | 'config' | 'reportDraft'>;

/** Brings a stored diagnosis up to the current version. Version 1 had only the path and the evidence. */
export function migrateDiagnosis(persisted: unknown, version: number): PersistedDiagnosis {
  const state = (persisted ?? {}) as Partial<PersistedDiagnosis>;
  const base = { path: state.path ?? [], evidence: state.evidence ?? [] };
  return version < 2 ? { ...base, config: null, reportDraft: null } : { ...base, config: state.config ?? null, reportDraft: state.reportDraft ?? null };
}

export function createDiagnosisStore() {
  return createStore<DiagnosisState>()(
    persist(
      (set) => ({
        path: [],
        evidence: [],
        config: null,
        reportDraft: null,
        visit: (node, cameFrom) => set((state) => ({ path: nextPath(state.path, node, cameFrom) })),
        recordEvidence: (items) => set((state) => ({ evidence: withEvidence(state.evidence, items) })),
        recordConfig: (config) => set({ config }),
        fillConfig: (config) => set((state) => ({ config: { ...config, ...state.config } })),
        saveReportDraft: (reportDraft) => set({ reportDraft }),
        clearReportDraft: () => set({ reportDraft: null }),
      }),
      {
        name: DIAGNOSIS_STORAGE_KEY,
        version: 2,
        migrate: (persisted, version) => migrateDiagnosis(persisted, version) as DiagnosisState,
        // Session storage: the diagnosis survives reloads but not the browser session.
        storage: createJSONStorage(() => sessionStorage),
        partialize: (state) => ({ path: state.path, evidence: state.evidence, config: state.config, reportDraft: state.reportDraft }),
        // Rehydrated in an effect, so the server-rendered breadcrumbs and the first client render agree.
        skipHydration: true,
      },
    ),
  );
}

export type DiagnosisStore = ReturnType<typeof createDiagnosisStore>;
