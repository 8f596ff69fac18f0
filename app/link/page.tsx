import type { Metadata } from 'next';
import Link from 'next/link';
import { linkAbout } from '@/lib/flows/link/about';
import { LinkForm } from '@/lib/flows/link/form';
import { guideStepTitles } from '@/lib/flows/link/guide-titles';
import { connection } from 'next/server';
import { isPrivateModeOn } from '@/lib/net';
import { CheckPageFrame } from '@/components/probe/check-page-frame';

export const metadata: Metadata = { title: linkAbout.title, description: linkAbout.description };

export default async function LinkPage() {
  // Whether this server may call private addresses is the running server's setting, not the build's.
  await connection();
  return (
    <CheckPageFrame about={linkAbout} privateMode={isPrivateModeOn()} form={<LinkForm nodeTitles={guideStepTitles()} />}>
      <p className="source">
        Only want to call the token URI with a code you already have? <Link href="/probe/token">Probe the token URI</Link>.
        Or <Link href="/check">check the whole configuration</Link> without signing in.
      </p>
    </CheckPageFrame>
  );
}
