import Link from 'next/link';
import { type ReactNode } from 'react';
import { type ProbeId } from '@/lib/probes/catalog';
import { nodesWithProbe } from '@/lib/tree';
import { ProbeFormOf } from './probe-forms';

/** What a probe's page says about it: each probe's folder has one (`about.tsx`). */
export interface ProbeAbout {
  title: string;
  /** For search results and link previews. */
  description: string;
  formHeading: string;
  /** What it checks and why, in plain words. */
  lead: ReactNode;
}

/** The page of one probe or check: what it does in plain words, its form, and the guide's steps that explain what it finds. */
export function ProbePage({ probe, about, privateMode }: { probe: ProbeId; about: ProbeAbout; privateMode: boolean }) {
  return (
    <article aria-labelledby="probe-title">
      <p className="eyebrow">
        <Link href="/probe">Checks</Link>
      </p>
      <h1 id="probe-title">{about.title}</h1>
      <p className="lead">{about.lead}</p>
      {privateMode && (
        <p className="private-mode" role="note">
          PROBE_ALLOW_PRIVATE=1 is set: this server will probe loopback and private addresses. Use it only for local
          development.
        </p>
      )}
      <section aria-labelledby="probe-form-title">
        <h2 id="probe-form-title">{about.formHeading}</h2>
        <ProbeFormOf probe={probe} />
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
