'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createDiagnosisStore, type DiagnosisState, type DiagnosisStore } from '@/lib/stores/diagnosis-store';

const DiagnosisStoreContext = createContext<DiagnosisStore | null>(null);

export function DiagnosisStoreProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createDiagnosisStore);
  // Children's effects run first, so they can wait for this with onFinishHydration.
  useEffect(() => {
    void store.persist.rehydrate();
  }, [store]);
  return <DiagnosisStoreContext.Provider value={store}>{children}</DiagnosisStoreContext.Provider>;
}

export function useDiagnosisStoreApi(): DiagnosisStore {
  const store = useContext(DiagnosisStoreContext);
  if (!store) throw new Error('useDiagnosisStore must be used inside <DiagnosisStoreProvider>');
  return store;
}

export function useDiagnosisStore<T>(selector: (state: DiagnosisState) => T): T {
  return useStore(useDiagnosisStoreApi(), selector);
}

/** True once the stored diagnosis has been read back from session storage. */
export function useDiagnosisHydrated(): boolean {
  const store = useDiagnosisStoreApi();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    if (store.persist.hasHydrated()) setHydrated(true);
    else return store.persist.onFinishHydration(() => setHydrated(true));
  }, [store]);
  return hydrated;
}
