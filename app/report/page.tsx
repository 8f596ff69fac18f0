import type { Metadata } from 'next';
import { StepList } from '@/components/step-list';
import { EvidenceSummary } from '@/components/report/evidence-summary';
import { WalkSummary } from '@/components/report/walk-summary';
import { tree } from '@/lib/tree';

export const metadata: Metadata = {
  title: 'Support report',
  description: 'Everything Amazon asks for in a Contact-us case about account linking.',
  robots: { index: false },
};

export default function ReportPage() {
  const contact = tree['contact-amazon'];
  return (
    <article aria-labelledby="report-title">
      <h1 id="report-title">Support report</h1>
      <p className="lead">
        A prefilled report that you can paste into Amazon’s Contact-us form is coming soon. Until then, gather the
        items below and include the path you took through this guide.
      </p>
      <section aria-labelledby="path-title">
        <h2 id="path-title">The path you took</h2>
        <WalkSummary />
      </section>
      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title">What the probes found</h2>
        <EvidenceSummary />
      </section>
      {contact?.kind === 'report' && (
        <section aria-labelledby="checklist-title">
          <h2 id="checklist-title">What Amazon needs</h2>
          <StepList steps={contact.checklist} />
          <ul className="doc-links">
            {contact.links.map((link) => (
              <li key={link.url}>
                <a href={link.url}>{link.label}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
