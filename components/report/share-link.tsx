'use client';

import { useEffect, useState } from 'react';
import { Field } from '@/components/probe/field';
import { type SupportReport } from '@/lib/report/schema';
import { shareUrl } from '@/lib/report/share';
import { CopyButton } from './output-actions';

/** The redacted report packed into the fragment of a /triage link: the server that serves the page never sees it. */
export function ShareLink({ report }: { report: SupportReport }) {
  const [link, setLink] = useState<{ url: string } | { error: string } | null>(null);
  useEffect(() => {
    let current = true;
    shareUrl(window.location.origin, report).then(
      (url) => current && setLink({ url }),
      (error: unknown) => current && setLink({ error: error instanceof Error ? error.message : 'The link could not be made.' }),
    );
    return () => {
      current = false;
    };
  }, [report]);

  if (link && 'error' in link) return <p className="field-error">{link.error}</p>;
  const url = link?.url ?? '';
  return (
    <>
      <Field
        label="Share link"
        hint="Everything after # stays in the browser: no server receives, stores or logs the report. It holds the redacted report, never the password."
      >
        {(props) => <input {...props} readOnly value={url} className="code-input" onFocus={(e) => e.currentTarget.select()} />}
      </Field>
      <p className="actions">
        <CopyButton label="Copy the share link" text={() => url} />
        {url && (
          <a href={url} className="button button-secondary">
            Open the triage view
          </a>
        )}
      </p>
    </>
  );
}
