import { Fragment, type ReactNode } from 'react';
import { GRANT_TYPE_LABELS, PLATFORM_LABELS, REGION_LABELS, type SupportReport } from '@/lib/report/schema';
import { CLIENT_AUTH_SCHEME_LABELS, SKILL_TYPE_LABELS } from '@/lib/alexa';
import { formatUtc } from '@/lib/report/render';

const missing = <em className="missing">not given</em>;

/** The items of Amazon's Contact-us list as a definition list, in the list's order. Inert text only. */
export function ReportDetails({ report }: { report: SupportReport }) {
  const c = report.configuration;
  const regions = [...report.regions.map((r) => REGION_LABELS[r]), ...(report.otherRegions ? [report.otherRegions] : [])];
  const rows: Array<[string, ReactNode]> = [
    ['Skill ID', report.skillId ? <code>{report.skillId}</code> : missing],
    ['Test account user name', report.testAccount.username ? <code>{report.testAccount.username}</code> : missing],
    ['Test account password', <em key="pw">never in a shared report: ask for it privately</em>],
    ['Customer ID', report.customerId ? <code>{report.customerId}</code> : missing],
    ['Failed attempt', report.failedAt ? <time dateTime={report.failedAt}>{formatUtc(report.failedAt)}</time> : missing],
    ['Region(s)', regions.length ? regions.join(', ') : missing],
    ['Device platform', report.platform ? PLATFORM_LABELS[report.platform] : missing],
    ['Alexa app version', report.alexaAppVersion ?? missing],
    ['Description', report.description ? <span className="report-description">{report.description}</span> : missing],
    [
      'Screenshot',
      report.screenshotUrl ? (
        <a href={report.screenshotUrl} rel="noreferrer noopener nofollow">
          {report.screenshotUrl}
        </a>
      ) : (
        missing
      ),
    ],
    ['Authorization URL', c.authorizationUrl ? <code>{c.authorizationUrl}</code> : missing],
    ['Domain List', c.domains.length ? c.domains.map((d, i) => <Fragment key={i}>{i > 0 && ', '}<code>{d}</code></Fragment>) : <em>empty</em>],
    ['Account linking type', c.grantType ? GRANT_TYPE_LABELS[c.grantType] : missing],
    ['Access token URI', c.accessTokenUrl ? <code>{c.accessTokenUrl}</code> : missing],
    ['Client ID', c.clientId ? <code>{c.clientId}</code> : missing],
    ['Client authentication scheme', c.clientAuthScheme ? CLIENT_AUTH_SCHEME_LABELS[c.clientAuthScheme] : missing],
    ['Skill type', c.skillType ? SKILL_TYPE_LABELS[c.skillType] : missing],
    ['App-to-app account linking', c.appToApp === undefined ? missing : c.appToApp ? 'Yes' : 'No'],
  ];
  return (
    <dl className="report-fields">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The walk through the guide as the report recorded it. Links only to known steps. */
export function ReportPath({ report, nodeTitles }: { report: SupportReport; nodeTitles: Record<string, string> }) {
  if (report.path.length === 0) return <p>The report has no path through the guide.</p>;
  return (
    <ol className="path-summary">
      {report.path.map((step, i) => (
        <li key={`${step.id}-${i}`}>
          {step.answer && <span className="answer">{step.answer} → </span>}
          {nodeTitles[step.id] ? <a href={`/guide/${step.id}`}>{step.title}</a> : <span>{step.title} (a step this version of the guide does not have)</span>}
        </li>
      ))}
    </ol>
  );
}
