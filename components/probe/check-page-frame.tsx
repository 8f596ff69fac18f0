import Link from 'next/link';
import { type ReactNode } from 'react';

/** What a probe's page says about it: each probe's folder has one (`about.tsx`). */
export interface ProbeAbout {
  title: string;
  /** For search results and link previews. */
  description: string;
  formHeading: string;
  /** What it checks and why, in plain words. */
  lead: ReactNode;
}

/**
 * The frame every check's page shares: where it sits, what it does in plain words, the private-mode note, and its form;
 * `children` follow the form.
 */
export function CheckPageFrame({ about, privateMode, form, children }: { about: ProbeAbout; privateMode: boolean; form: ReactNode; children?: ReactNode }) {
  return (
    <article aria-labelledby="check-title">
      <p className="eyebrow">
        <Link href="/probe">Checks</Link>
      </p>
      <h1 id="check-title">{about.title}</h1>
      <p className="lead">{about.lead}</p>
      {privateMode && (
        <p className="private-mode" role="note">
          PROBE_ALLOW_PRIVATE=1 is set: this server will probe loopback and private addresses. Use it only for local
          development.
        </p>
      )}
      <section aria-labelledby="check-form-title">
        <h2 id="check-form-title">{about.formHeading}</h2>
        {form}
      </section>
      {children}
    </article>
  );
}
