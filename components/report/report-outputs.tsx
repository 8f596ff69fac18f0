'use client';

import { useMemo } from 'react';
import { downloadName, renderJson, renderMarkdown, renderText } from '@/lib/report/render';
import { type SupportReport } from '@/lib/report/schema';
import { CopyButton, DownloadButton } from './output-actions';
import { ShareLink, useShareLink } from './share-link';

const PASSWORD_PLACEHOLDER = '•••••••• (added when you copy)';

/** The prepared report three ways, each with a copy button and a download, plus the share link. */
export function ReportOutputs({
  report,
  password,
  includePassword,
  nodeTitles,
}: {
  /** Already redacted. */
  report: SupportReport;
  password: string;
  includePassword: boolean;
  nodeTitles: Record<string, string>;
}) {
  const link = useShareLink(report);
  const shareLink = link && 'url' in link ? link.url : undefined;
  // The text carries the share link, so support can open the whole report from the case.
  const options = useMemo(() => ({ origin: window.location.origin, nodeTitles, shareLink }), [nodeTitles, shareLink]);
  const withPassword = includePassword && password !== '';
  // The page shows a placeholder: the password reaches only the clipboard, never the page or a file.
  const textShown = useMemo(() => renderText(report, { ...options, password: withPassword ? PASSWORD_PLACEHOLDER : undefined }), [report, options, withPassword]);
  const textSaved = useMemo(() => renderText(report, options), [report, options]);
  const markdown = useMemo(() => renderMarkdown(report, options), [report, options]);
  const json = useMemo(() => renderJson(report), [report]);

  return (
    <>
      <section className="report-output" aria-labelledby="output-text">
        <h3 id="output-text">Plain text for Amazon’s Contact us form</h3>
        <p className="hint">
          In the order of Amazon’s list. {withPassword ? 'The copied text includes the password; the download does not.' : 'The password is not included.'}
        </p>
        <pre tabIndex={0} data-output="text">
          {textShown}
        </pre>
        <p className="actions">
          <CopyButton label="Copy the text" text={() => renderText(report, { ...options, password: withPassword ? password : undefined })} />
          <DownloadButton label="Download .txt" name={downloadName(report, 'txt')} type="text/plain;charset=utf-8" text={() => textSaved} />
        </p>
      </section>

      <section className="report-output" aria-labelledby="output-markdown">
        <h3 id="output-markdown">Markdown for a GitHub issue or a ticket</h3>
        <pre tabIndex={0} data-output="markdown">
          {markdown}
        </pre>
        <p className="actions">
          <CopyButton label="Copy the Markdown" text={() => markdown} />
          <DownloadButton label="Download .md" name={downloadName(report, 'md')} type="text/markdown;charset=utf-8" text={() => markdown} />
        </p>
      </section>

      <section className="report-output" aria-labelledby="output-json">
        <h3 id="output-json">JSON (Link Doctor report schema {report.schemaVersion})</h3>
        <pre tabIndex={0} data-output="json">
          {json}
        </pre>
        <p className="actions">
          <CopyButton label="Copy the JSON" text={() => json} />
          <DownloadButton label="Download .json" name={downloadName(report, 'json')} type="application/json" text={() => json} />
        </p>
      </section>

      <section className="report-output" aria-labelledby="output-share">
        <h3 id="output-share">Share with a colleague or support</h3>
        <ShareLink link={link} />
      </section>
    </>
  );
}
