'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createWalkStore, type WalkState, type WalkStore } from '@/lib/stores/walk-store';

const WalkStoreContext = createContext<WalkStore | null>(null);

export function WalkStoreProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createWalkStore);
  // Children's effects run first, so they can wait for this with onFinishHydration.
  useEffect(() => {
    void store.persist.rehydrate();
  }, [store]);
  return <WalkStoreContext.Provider value={store}>{children}</WalkStoreContext.Provider>;
}

export function useWalkStoreApi(): WalkStore {
  const store = useContext(WalkStoreContext);
  if (!store) throw new Error('useWalkStore must be used inside <WalkStoreProvider>');
  return store;
}

export function useWalkStore<T>(selector: (state: WalkState) => T): T {
  return useStore(useWalkStoreApi(), selector);
}
