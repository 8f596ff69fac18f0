'use client';

import { CheckResults } from '@/lib/config-check/results';
import { useCheckStream } from '@/lib/config-check/use-stream';
import { type ReportConfiguration } from '@/lib/report/schema';

/** /api/check's input for a report's configuration: the typed fields and no secret, so only secret-free checks run. */
export function checkRequestFor(c: ReportConfiguration) {
  return {
    fields: {
      type: c.grantType,
      authorizationUrl: c.authorizationUrl,
      accessTokenUrl: c.accessTokenUrl,
      clientId: c.clientId,
      accessTokenScheme: c.clientAuthScheme,
      domains: c.domains.join('\n'),
    },
    skillType: c.skillType,
  };
}

function notRunReason(message: string | undefined): string {
  return (message ?? 'could not run').replace(/^Not run:\s*/, '').replace(/\.$/, '');
}

/**
 * Runs /check again on the report's configuration, without any secret: the configuration lint, the provider rules,
 * and every other check that needs none (the token exchange needs the client secret, so it says it did not run).
 */
export function RerunChecks({ configuration, nodeTitles }: { configuration: ReportConfiguration; nodeTitles: Record<string, string> }) {
  const { progress, running, problem, run } = useCheckStream();

  if (!configuration.authorizationUrl) {
    return <p>The report has no authorization URL, so there is nothing to check again.</p>;
  }

  const rerun = () => run(checkRequestFor(configuration));

  const ran = progress?.plan.filter(({ id }) => progress.steps[id]?.status === 'done') ?? [];
  const notRun = progress?.plan.filter(({ id }) => progress.steps[id] && progress.steps[id]?.status !== 'done') ?? [];

  return (
    <div className="rerun">
      <p className="no-print">
        <button type="button" onClick={rerun} disabled={running}>
          {running ? 'Checking…' : 'Re-run the checks that need no secret'}
        </button>
      </p>
      <div aria-live="polite">
        {problem && (
          <p className="probe-error" role="alert">
            {problem}
          </p>
        )}
        {progress?.summary && (
          <p className="rerun-list">
            Re-ran: {ran.length ? ran.map((s) => s.label).join(', ') : 'nothing'}.
            {notRun.length > 0 && <> Not run: {notRun.map((s) => `${s.label} (${notRunReason(progress.steps[s.id]?.message)})`).join('; ')}.</>}
          </p>
        )}
        {progress && progress.plan.length > 0 && <CheckResults progress={progress} nodeTitles={nodeTitles} />}
      </div>
    </div>
  );
}
