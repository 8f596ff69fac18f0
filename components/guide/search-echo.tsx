'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { type SearchMatch } from '@/lib/search';

/** After a search lands on this node: what was pasted, and the other steps it also matches. */
export function SearchEcho({ nodeId }: { nodeId: string }) {
  const query = useSearchParams().get('q');
  const [near, setNear] = useState<SearchMatch[]>([]);

  useEffect(() => {
    if (!query) return;
    let cancelled = false;
    // Loaded only after a search, so ordinary node pages don't carry the search index.
    void Promise.all([import('@/lib/search'), import('@/lib/tree/search-index')]).then(([search, index]) => {
      if (!cancelled) setNear(search.searchNodes(query, index.searchIndex).filter((m) => m.id !== nodeId).slice(0, 4));
    });
    return () => {
      cancelled = true;
    };
  }, [query, nodeId]);

  if (!query) return null;
  return (
    <aside className="search-echo" aria-label="Search result">
      <p>
        This step matches what you pasted: <q>{query.length > 120 ? `${query.slice(0, 120)}…` : query}</q>
      </p>
      {near.length > 0 && (
        <>
          <p>Not quite it? Other steps that match:</p>
          <ul>
            {near.map((m) => (
              <li key={m.id}>
                <Link href={`/guide/${m.id}`}>{m.title}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
