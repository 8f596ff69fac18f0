import Link from 'next/link';
import { findingPlace } from '@/lib/flows/link/step-labels';
import { FINDING_STATUS_LABELS, type Finding, type FindingStatus } from '@/lib/probes/findings';
import type { AlexaRegion } from '@/lib/alexa';
import type { LinkStepName } from '@/lib/flows/link/input';

/** A finding; Link as Alexa's also say at which step and in which region (one id may then appear once per region). */
type ListedFinding = Finding & { step?: LinkStepName; region?: AlexaRegion };

const ORDER: FindingStatus[] = ['fail', 'warn', 'pass', 'skip'];

/**
 * Findings, worst first: what is wrong, the evidence, what to do, and the step that explains it. What passed or
 * was not checked folds away, so the problems are what the user reads first.
 */
export function FindingsList({
  findings,
  nodeTitles = {},
  showPlace = false,
}: {
  findings: readonly ListedFinding[];
  nodeTitles?: Record<string, string>;
  /** Say where each finding was made (the step and region of a rehearsal), where the list does not already. */
  showPlace?: boolean;
}) {
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const notable = sorted.filter((f) => f.status === 'fail' || f.status === 'warn');
  const rest = sorted.filter((f) => f.status === 'pass' || f.status === 'skip');
  const passed = rest.filter((f) => f.status === 'pass').length;
  const skipped = rest.length - passed;
  return (
    <>
      {notable.length > 0 && <FindingItems findings={notable} nodeTitles={nodeTitles} showPlace={showPlace} />}
      {rest.length > 0 && (
        <details className="findings-rest">
          <summary>
            {[passed && `${passed} passed`, skipped && `${skipped} not checked`].filter(Boolean).join(', ')}
          </summary>
          <FindingItems findings={rest} nodeTitles={nodeTitles} showPlace={showPlace} />
        </details>
      )}
    </>
  );
}

function FindingItems({ findings, nodeTitles, showPlace }: { findings: readonly ListedFinding[]; nodeTitles: Record<string, string>; showPlace: boolean }) {
  return (
    <ul className="findings">
      {findings.map((f) => (
        <li key={`${f.id}@${f.region ?? ''}`} className={`finding finding-${f.status}`} data-finding={f.id}>
          <p className="finding-head">
            <span className={`badge badge-${f.status}`}>{FINDING_STATUS_LABELS[f.status]}</span> <strong>{f.title}</strong>
          </p>
          {showPlace && findingPlace(f) && <p className="finding-source">Found {findingPlace(f)}.</p>}
          <p className="finding-detail">{f.detail}</p>
          {f.fix && (f.status === 'fail' || f.status === 'warn') && (
            <p className="finding-fix">
              <strong>What to do:</strong> {f.fix}
            </p>
          )}
          {(f.status === 'fail' || f.status === 'warn') && (
            <p className="finding-node">
              Explained in the guide: <Link href={`/guide/${f.node}`}>{nodeTitles[f.node] ?? f.node}</Link>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
