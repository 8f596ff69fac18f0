import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { ProbePage } from '@/components/probe/probe-page';
import { isPrivateModeOn } from '@/lib/net';
import { isProbeId, PROBE_IDS, probeEntry } from '@/lib/probes/catalog';
import { PROBE_PAGES } from '@/lib/probes/pages';

// One prerendered page per probe of the catalog; any other name is a 404.
export const dynamicParams = false;

export function generateStaticParams() {
  return PROBE_IDS.map((probe) => ({ probe }));
}

export async function generateMetadata({ params }: PageProps<'/probe/[probe]'>): Promise<Metadata> {
  const { probe } = await params;
  if (!isProbeId(probe)) return {};
  const { title, description } = PROBE_PAGES[probe];
  return { title, description };
}

export default async function Page({ params }: PageProps<'/probe/[probe]'>) {
  const { probe } = await params;
  if (!isProbeId(probe)) notFound();
  // A probe that calls servers says when this server may call private addresses: that is the running server's
  // setting, not the build's, so those pages are rendered per request. Checks of pasted input stay static.
  const network = probeEntry(probe).kind === 'network';
  if (network) await connection();
  return <ProbePage probe={probe} about={PROBE_PAGES[probe]} privateMode={network && isPrivateModeOn()} />;
}
