import type { Metadata } from 'next';
import Link from 'next/link';
import { EvidenceSummary } from '@/components/report/evidence-summary';
import { ReportLinkingSequence } from '@/components/pictures/report-sequence';
import { ReportBuilder } from '@/components/report/report-builder';
import { WalkSummary } from '@/components/report/walk-summary';
import { nodeIds, tree } from '@/lib/tree';
import '@/components/report/report.css';

export const metadata: Metadata = {
  title: 'Support report',
  description: 'Everything Amazon asks for in a Contact-us case about account linking, prefilled from your walk through the guide and the probes.',
  robots: { index: false },
  referrer: 'no-referrer',
};

export default function ReportPage() {
  const nodeTitles = Object.fromEntries(nodeIds.map((id) => [id, tree[id].title]));
  return (
    <article aria-labelledby="report-title" className="report-page">
      <p className="eyebrow no-print">Contact Amazon</p>
      <h1 id="report-title">Support report</h1>
      <p className="lead no-print">
        Everything Amazon’s Contact us case asks for, in the order Amazon lists it, with what you found here already filled
        in. Fill in the rest, then copy the text into the case. Nothing you type leaves your browser.
      </p>
      {/* Shown by report.css only where scripts cannot run (a noscript element would hide it from some tools). */}
      <div className="probe-error no-js-only" role="note">
        <p>
          <strong>The support report needs JavaScript.</strong>
        </p>
        <p>
          It is put together in your browser from what you did in this tab: the path you took through the guide and
          the results of the checks you ran, which stay in this tab’s session storage and are never sent to a server.
          Without JavaScript there is nothing here for it to read, and nothing to build the text for Amazon with.
        </p>
        <p>Without JavaScript you can still:</p>
        <ul>
          <li>
            read what Amazon needs in a case in the guide’s step{' '}
            <Link href="/guide/contact-amazon">{tree['contact-amazon'].title}</Link>, and write the case yourself;
          </li>
          <li>
            <Link href="/check">check your whole configuration</Link>, or run <Link href="/probe">each check</Link> on its
            own page: they work without JavaScript, and you can copy their results into the case;
          </li>
          <li>
            open a report someone shared with you by pasting it into <Link href="/triage">the triage page</Link>.
          </li>
        </ul>
      </div>
      <section aria-labelledby="path-title" className="no-print needs-js">
        <h2 id="path-title">The path you took</h2>
        <WalkSummary />
      </section>
      <section aria-labelledby="evidence-title" className="no-print needs-js">
        <h2 id="evidence-title">What the probes found</h2>
        <ReportLinkingSequence />
        <EvidenceSummary nodeTitles={nodeTitles} />
      </section>
      <section aria-labelledby="case-title" className="needs-js">
        <h2 id="case-title" className="no-print">
          The case for Amazon
        </h2>
        <ReportBuilder nodeTitles={nodeTitles} />
      </section>
      <p className="source no-print">
        Amazon’s list is in the guide’s step <Link href="/guide/contact-amazon">{tree['contact-amazon'].title}</Link>.
      </p>
    </article>
  );
}
