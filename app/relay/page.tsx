import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { CheckPageFrame } from '@/components/probe/check-page-frame';
import { isPrivateModeOn } from '@/lib/net';
import { relayAbout } from '@/lib/flows/relay/about';
import { RelayForm } from '@/lib/flows/relay/form';

export const metadata: Metadata = { title: relayAbout.title, description: relayAbout.description };

export default async function RelayPage() {
  // Whether this server may call private addresses is the running server's setting, not the build's.
  await connection();
  return (
    <CheckPageFrame about={relayAbout} privateMode={isPrivateModeOn()} form={<RelayForm />}>
      <p className="source">
        A relay lives an hour unless you choose otherwise (24 hours at most), takes 100 calls, and keeps only what it
        recorded with the secrets removed. Want to test without the Alexa app? <Link href="/link">Link as Alexa</Link>{' '}
        rehearses the whole linking with a test account.
      </p>
    </CheckPageFrame>
  );
}
