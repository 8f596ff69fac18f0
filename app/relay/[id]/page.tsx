import type { Metadata } from 'next';
import Link from 'next/link';
import { RelayWatchFromFragment } from '@/lib/flows/relay/watch';

export const metadata: Metadata = { title: 'Watch a relay', robots: { index: false } };

/** The watch address of a relay (/relay/<id>#key=…): its captures, live. The key never leaves this page's memory. */
export default async function RelayWatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <article aria-labelledby="relay-watch-title">
      <p className="eyebrow">
        <Link href="/relay">Recording relay</Link>
      </p>
      <h1 id="relay-watch-title">Watch a relay</h1>
      <RelayWatchFromFragment id={id} />
    </article>
  );
}
