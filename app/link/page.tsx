import type { Metadata } from 'next';
import Link from 'next/link';
import { linkAbout } from '@/lib/flows/link/about';
import { LinkForm } from '@/lib/flows/link/form';
import { guideStepTitles } from '@/lib/flows/link/guide-titles';
import { connection } from 'next/server';
import { isPrivateModeOn } from '@/lib/net';

export const metadata: Metadata = { title: linkAbout.title, description: linkAbout.description };

export default async function LinkPage() {
  // Whether this server may call private addresses is the running server's setting, not the build's.
  await connection();
  return (
    <article aria-labelledby="link-title">
      <p className="eyebrow">
        <Link href="/probe">Checks</Link>
      </p>
      <h1 id="link-title">{linkAbout.title}</h1>
      <p className="lead">{linkAbout.lead}</p>
      {isPrivateModeOn() && (
        <p className="private-mode" role="note">
          PROBE_ALLOW_PRIVATE=1 is set: this server will probe loopback and private addresses. Use it only for local
          development.
        </p>
      )}
      <section aria-labelledby="link-form-title">
        <h2 id="link-form-title">{linkAbout.formHeading}</h2>
        <LinkForm nodeTitles={guideStepTitles()} />
      </section>
      <p className="source">
        Only want to call the token URI with a code you already have? <Link href="/probe/token">Probe the token URI</Link>.
        Or <Link href="/check">check the whole configuration</Link> without signing in.
      </p>
    </article>
  );
}
