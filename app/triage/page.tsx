import type { Metadata } from 'next';
import { TriageView } from '@/components/report/triage-view';
import { nodeIds, tree } from '@/lib/tree';
import '@/components/report/report.css';

export const metadata: Metadata = {
  title: 'Triage a support report',
  description: 'Open a Link Doctor support report: the most likely cause first, what Amazon still needs, and the checks to run again.',
  robots: { index: false, follow: false },
  // Share links carry the report in the fragment, which browsers never send; no Referer may leave this page either, or
  // the next site would learn the link.
  // next.config.js also sends Referrer-Policy: no-referrer and Cache-Control: no-store for it.
  referrer: 'no-referrer',
};

export default function TriagePage() {
  const nodeTitles = Object.fromEntries(nodeIds.map((id) => [id, tree[id].title]));
  return (
    <article aria-labelledby="triage-title" className="report-page">
      <p className="eyebrow">For support staff</p>
      <h1 id="triage-title">Triage a support report</h1>
      <p className="lead no-print">
        Open a share link, or paste a report, to see what is wrong at a glance. The report is read in this browser: a
        share link keeps it after the #, which no server receives.
      </p>
      <noscript>
        <p className="lead">
          JavaScript is off, so a share link cannot open by itself: the report after the # never reaches a server. Paste
          the link, the text for Amazon, or the JSON or Markdown export into the form below instead; this server reads it
          from the form and keeps nothing.
        </p>
      </noscript>
      <TriageView nodeTitles={nodeTitles} />
    </article>
  );
}
