import Link from 'next/link';
import { type Finding, type FindingStatus } from '@/lib/probe/types';

const STATUS_LABEL: Record<FindingStatus, string> = { fail: 'Fail', warn: 'Warning', pass: 'Pass', skip: 'Not checked' };
const ORDER: FindingStatus[] = ['fail', 'warn', 'pass', 'skip'];

/** Findings, worst first: what is wrong, the evidence, what to do, and the step that explains it. */
export function FindingsList({
  findings,
  nodeTitles = {},
}: {
  findings: readonly Finding[];
  nodeTitles?: Record<string, string>;
}) {
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  return (
    <ul className="findings">
      {sorted.map((f) => (
        <li key={f.id} className={`finding finding-${f.status}`} data-finding={f.id}>
          <p className="finding-head">
            <span className={`badge badge-${f.status}`}>{STATUS_LABEL[f.status]}</span> <strong>{f.title}</strong>
          </p>
          <p className="finding-detail">{f.detail}</p>
          {f.fix && f.status !== 'pass' && f.status !== 'skip' && (
            <p className="finding-fix">
              <strong>What to do:</strong> {f.fix}
            </p>
          )}
          {f.status !== 'pass' && f.status !== 'skip' && (
            <p className="finding-node">
              Explained in the guide: <Link href={`/guide/${f.node}`}>{nodeTitles[f.node] ?? f.node}</Link>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
