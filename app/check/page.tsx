import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckForm } from '@/lib/config-check/form';
import { guideStepTitles } from '@/lib/flows/link/guide-titles';

export const metadata: Metadata = {
  title: 'Check a whole account linking configuration',
  description:
    'Paste the output of ask smapi get-account-linking-info: Link Doctor lints it and runs every probe that applies at once, then lists what Alexa would reject.',
};

export default function CheckPage() {
  return (
    <article aria-labelledby="check-title">
      <p className="eyebrow">Whole configuration</p>
      <h1 id="check-title">Check a whole account linking configuration</h1>
      <p className="lead">
        Paste your skill’s account linking configuration. Link Doctor checks the settings themselves (https URLs, a
        default token expiration of at least 360 seconds, at most 15 domains, the grant type for your skill type), then
        runs every probe that applies at the same time and shows each result as it arrives.
      </p>
      <CheckForm nodeTitles={guideStepTitles()} />
      <p className="source">
        Prefer one question at a time? <Link href="/guide/start">Follow the guide</Link> instead.
      </p>
    </article>
  );
}
