'use client';

import Link from 'next/link';
import { useDiagnosisStore } from '@/components/diagnosis-store-provider';
import { RichText } from '@/components/rich-text';
import { walkLinks, type StepInfo, type StillFailsLink } from '@/lib/tree/next-cause';

/**
 * The "No, it still fails" links of a resolution. The server renders the links a static page can know, one per
 * condition the user may not have stated, so the choice works without JavaScript; once the stored walk is read,
 * they give way to the ones that follow the user's answers and the causes not seen yet.
 */
export function StillFails({
  id,
  staticLinks,
  steps,
}: {
  id: string;
  staticLinks: readonly StillFailsLink[];
  steps: Record<string, StepInfo>;
}) {
  const path = useDiagnosisStore((state) => state.path);
  const links =
    path.at(-1)?.id === id
      ? walkLinks(
          id,
          path.map((step) => step.id),
          (step) => steps[step],
        )
      : staticLinks;
  return links.map((link) => (
    <li key={link.to}>
      <Link href={`/guide/${link.to}`} className="choice">
        <span className="choice-label">{link.label}</span>
        <span className="choice-hint">
          {link.otherwise && `${link.otherwise[0]!.toUpperCase()}${link.otherwise.slice(1)}. `}
          Next: <RichText text={steps[link.to]?.title ?? link.to} />
        </span>
      </Link>
    </li>
  ));
}
