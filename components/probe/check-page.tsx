import Link from 'next/link';
import { type ReactNode } from 'react';
import { nodesWithProbe, type ProbeId } from '@/lib/tree';

/** The page of one check: what it does in plain words, its form, and the guide's steps that explain what it finds. */
export function CheckPage({
  probe,
  title,
  lead,
  formHeading,
  children,
}: {
  probe: ProbeId;
  title: string;
  lead: ReactNode;
  formHeading: string;
  children: ReactNode;
}) {
  return (
    <article aria-labelledby="probe-title">
      <p className="eyebrow">
        <Link href="/probe">Checks</Link>
      </p>
      <h1 id="probe-title">{title}</h1>
      <p className="lead">{lead}</p>
      <section aria-labelledby="probe-form-title">
        <h2 id="probe-form-title">{formHeading}</h2>
        {children}
      </section>
      <section aria-labelledby="probe-steps">
        <h2 id="probe-steps">Where the guide explains it</h2>
        <ul className="doc-links">
          {nodesWithProbe(probe).map((step) => (
            <li key={step.id}>
              <Link href={`/guide/${step.id}`}>{step.title}</Link>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
