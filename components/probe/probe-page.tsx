import Link from 'next/link';
import { type ProbeId } from '@/lib/probes/catalog';
import { nodesWithProbe } from '@/lib/tree';
import { ProbeFormOf } from './probe-forms';
import { CheckPageFrame, type ProbeAbout } from './check-page-frame';

/** The page of one probe or check: its frame, its form, and the guide's steps that explain what it finds. */
export function ProbePage({ probe, about, privateMode }: { probe: ProbeId; about: ProbeAbout; privateMode: boolean }) {
  return (
    <CheckPageFrame about={about} privateMode={privateMode} form={<ProbeFormOf probe={probe} />}>
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
    </CheckPageFrame>
  );
}
