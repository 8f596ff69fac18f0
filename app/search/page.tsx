import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SearchForm } from '@/components/search-form';
import { isConfident, searchNodes } from '@/lib/search';
import { searchIndex } from '@/lib/tree/search-index';

export const metadata: Metadata = { title: 'Search the guide', robots: { index: false } };

export default async function SearchPage(props: PageProps<'/search'>) {
  const { q } = await props.searchParams;
  const query = (Array.isArray(q) ? q[0] : q)?.trim() ?? '';
  const matches = query ? searchNodes(query, searchIndex) : [];
  // A known error message goes straight to its step; the step lists the other near matches.
  if (isConfident(matches)) redirect(`/guide/${matches[0]!.id}?q=${encodeURIComponent(query.slice(0, 300))}`);

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Search the guide</h1>
      <SearchForm defaultValue={query} />
      {query && matches.length === 0 && (
        <p role="status">
          No step matches that text. Try the exact error message, or <Link href="/guide/start">start the guide</Link>{' '}
          and pick your symptom.
        </p>
      )}
      {matches.length > 0 && (
        <>
          <h2>Steps that match</h2>
          <ul className="results">
            {matches.map((m) => (
              <li key={m.id}>
                <Link href={`/guide/${m.id}`}>{m.title}</Link>
                <p>{m.summary}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
