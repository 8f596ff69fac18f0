import { FINDING_STATUS_LABELS } from '@/lib/probes/findings';
import { formatUtc, sourceName } from '@/lib/report/render';
import { findingPlace } from '@/lib/flows/link/step-labels';
import { type RankedFinding } from '@/lib/report/triage';

/** Findings in the order given (most likely cause first), each with the run that found it and the step that explains it. */
export function RankedFindings({ items, nodeTitles }: { items: readonly RankedFinding[]; nodeTitles: Record<string, string> }) {
  return (
    <ol className="findings ranked-findings">
      {items.map(({ finding, source }) => (
        <li key={`${finding.id}@${finding.region ?? ''}`} className={`finding finding-${finding.status}`} data-finding={finding.id}>
          <p className="finding-head">
            <span className={`badge badge-${finding.status}`}>{FINDING_STATUS_LABELS[finding.status]}</span> <strong>{finding.title}</strong>
          </p>
          <p className="finding-detail">{finding.detail}</p>
          {finding.fix && (
            <p className="finding-fix">
              <strong>What to do:</strong> {finding.fix}
            </p>
          )}
          <p className="finding-source">
            Found by {sourceName(source.title, finding)}
            {findingPlace(finding) && `, ${findingPlace(finding)}`}, <time dateTime={source.at}>{formatUtc(source.at)}</time>
            {source.elapsedMs !== undefined && ` (took ${(source.elapsedMs / 1000).toFixed(1)} s)`}.{' '}
            {nodeTitles[finding.node] ? (
              <>
                Explained in the guide: <a href={`/guide/${finding.node}`}>{nodeTitles[finding.node]}</a>
              </>
            ) : (
              <>It links to a step this version of the guide does not have ({finding.node}).</>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}
