'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useForm } from 'react-hook-form';
import { z } from '@/lib/zod';
import { Field } from '@/components/probe/field';
import { openPastedReportAction } from '@/lib/report/open-pasted-report';
import { importReport, MAX_PASTE_BYTES, utf8Length, type ImportResult } from '@/lib/report/import';
import { formatUtc } from '@/lib/report/render';
import { type SupportReport } from '@/lib/report/schema';
import { attentionForAmazon, failingFindings, missingForAmazon, warningFindings } from '@/lib/report/triage';
import { RankedFindings } from './ranked-findings';
import { ReportDetails, ReportPath } from './report-details';
import { RerunChecks } from './rerun-checks';

const pasteSchema = z.object({
  report: z
    .string()
    .trim()
    .min(1, { error: 'Paste a report: the JSON export, the Markdown export, the text for Amazon, or a share link.' })
    .refine((text) => utf8Length(text) <= MAX_PASTE_BYTES, { error: `That is more than ${MAX_PASTE_BYTES / 1024} KB; a report is never that large.` }),
});
type PasteValues = z.input<typeof pasteSchema>;

type Shown = { kind: 'none' } | { kind: 'loading' } | { kind: 'refused'; message: string; problems: string[] } | { kind: 'report'; report: SupportReport; from: string };

const FROM: Record<Extract<ImportResult, { ok: true }>['from'], string> = {
  link: 'a share link',
  json: 'pasted JSON',
  markdown: 'pasted Markdown',
  text: 'the text for Amazon (through its share link)',
};

function shownFrom(result: ImportResult): Shown {
  return result.ok ? { kind: 'report', report: result.report, from: FROM[result.from] } : { kind: 'refused', ...result };
}

/**
 * Support staff's view of a report: from the link's fragment (read here, never sent anywhere) or a paste, which this
 * browser reads too. Without JavaScript the paste is posted to a server action, which reads it the same way.
 */
export function TriageView({ nodeTitles }: { nodeTitles: Record<string, string> }) {
  // What this browser read, once it has read (or dropped) anything; until then, what the server read, if anything.
  const [read, setRead] = useState<Shown | null>(null);
  const [posted, pasteAction] = useActionState(openPastedReportAction, null);
  const shown = read ?? (posted ? shownFrom(posted) : { kind: 'none' });
  const headingRef = useRef<HTMLHeadingElement>(null);

  const show = useCallback(async (input: string) => {
    setRead({ kind: 'loading' });
    setRead(shownFrom(await importReport(input)));
  }, []);

  useEffect(() => {
    // Only a report parameter: other fragments (the skip link's #main) are ordinary in-page links.
    const fromHash = () => {
      if (/^#(?:.*&)?r=/.test(window.location.hash)) void show(window.location.hash);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [show]);

  useEffect(() => {
    if (shown.kind === 'report' || shown.kind === 'refused') headingRef.current?.focus();
  }, [shown.kind]);

  const reset = () => {
    // Drop the report from the address bar too (the fragment is never sent, but it is in this tab's history).
    window.history.replaceState(null, '', window.location.pathname);
    setRead({ kind: 'none' });
  };

  if (shown.kind === 'loading') return <p aria-live="polite">Reading the report…</p>;
  if (shown.kind === 'report') return <TriageReport report={shown.report} from={shown.from} nodeTitles={nodeTitles} headingRef={headingRef} onReset={reset} />;
  return (
    <>
      {shown.kind === 'refused' && (
        <div className="probe-error" role="alert">
          <h2 ref={headingRef} tabIndex={-1}>
            This report cannot be opened
          </h2>
          <p>{shown.message}</p>
          {shown.problems.length > 0 && (
            <ul>
              {shown.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <PasteForm onReport={show} action={pasteAction} />
    </>
  );
}

function PasteForm({ onReport, action }: { onReport: (text: string) => Promise<void>; action: (form: FormData) => void }) {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<PasteValues, unknown, z.output<typeof pasteSchema>>({ resolver: zodResolver(pasteSchema) });
  return (
    // With JavaScript, onSubmit reads the report here and the action never runs; without it, the form posts the
    // report to the action (a form with no action would put it in the address, and so in logs).
    <form action={action} onSubmit={handleSubmit((v) => onReport(v.report))} noValidate aria-label="Open a report" className="probe-form no-print">
      <Field
        label="The report: JSON, Markdown, the text for Amazon, or a share link"
        hint="The JSON export, the Markdown export (it carries the JSON), the text for Amazon or its .txt download (it carries the share link), or a share link. Your browser reads it and uploads nothing; without JavaScript, this server reads it and keeps nothing."
        error={errors.report}
      >
        {(props) => <textarea {...props} {...register('report')} rows={8} className="code-input" spellCheck={false} />}
      </Field>
      <p>
        <button type="submit">Open the report</button>
      </p>
    </form>
  );
}

function TriageReport({
  report,
  from,
  nodeTitles,
  headingRef,
  onReset,
}: {
  report: SupportReport;
  from: string;
  nodeTitles: Record<string, string>;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onReset: () => void;
}) {
  const fails = failingFindings(report);
  const warns = warningFindings(report);
  const [cause, ...otherFails] = fails;
  const missing = missingForAmazon(report);
  const attention = attentionForAmazon(report, new Date(report.createdAt));

  return (
    <div className="triage">
      <p className="triage-meta">
        Report prepared <time dateTime={report.createdAt}>{formatUtc(report.createdAt)}</time>, opened from {from}
        {report.skillId && (
          <>
            {' '}
            for <code>{report.skillId}</code>
          </>
        )}
        .
      </p>

      <section aria-labelledby="cause-title" className="triage-cause">
        <h2 id="cause-title" ref={headingRef} tabIndex={-1}>
          Most likely cause
        </h2>
        {cause ? (
          <RankedFindings items={[cause]} nodeTitles={nodeTitles} />
        ) : (
          <p>
            {report.evidence.length === 0
              ? 'The report carries no probe results. Re-run the checks below, or ask for the results of /check.'
              : 'No probe found a failure.'}
            {warns.length > 0 && ` ${warns.length} warning${warns.length > 1 ? 's are' : ' is'} listed below.`}
          </p>
        )}
      </section>

      <section aria-labelledby="missing-title">
        <h2 id="missing-title">What Amazon still needs</h2>
        {missing.length === 0 ? (
          <p>Every item of Amazon’s Contact us list is there.</p>
        ) : (
          <ul className="missing-list">
            {missing.map((m) => (
              <li key={m.field}>{m.label}</li>
            ))}
          </ul>
        )}
        {attention.map((note) => (
          <p key={note} className="field-warning">
            {note}
          </p>
        ))}
        <p className="hint">The test account password is never in a shared report: ask for it privately.</p>
      </section>

      {(otherFails.length > 0 || warns.length > 0) && (
        <section aria-labelledby="findings-title">
          <h2 id="findings-title">Other findings, most likely first</h2>
          {otherFails.length > 0 && <RankedFindings items={otherFails} nodeTitles={nodeTitles} />}
          {warns.length > 0 && <RankedFindings items={warns} nodeTitles={nodeTitles} />}
        </section>
      )}

      <section aria-labelledby="case-title">
        <h2 id="case-title">The case</h2>
        <ReportDetails report={report} />
      </section>

      <section aria-labelledby="path-title">
        <h2 id="path-title">The path the user took</h2>
        <ReportPath report={report} nodeTitles={nodeTitles} />
      </section>

      <section aria-labelledby="rerun-title">
        <h2 id="rerun-title">Check the configuration again</h2>
        <p className="hint">Runs the checks that need no secret on the configuration in this report, from this server.</p>
        <RerunChecks configuration={report.configuration} nodeTitles={nodeTitles} />
      </section>

      <p className="actions no-print">
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="button-secondary" onClick={onReset}>
          Open another report
        </button>
      </p>
    </div>
  );
}
