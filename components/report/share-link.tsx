'use client';

import { useEffect, useState } from 'react';
import { Field } from '@/components/probe/field';
import { type SupportReport } from '@/lib/report/schema';
import { shareUrl } from '@/lib/report/share';
import { CopyButton } from './output-actions';

export type ShareLinkState = { url: string } | { error: string } | null;

/** The redacted report packed into the fragment of a /triage link (null while it is being packed). */
export function useShareLink(report: SupportReport): ShareLinkState {
  const [link, setLink] = useState<ShareLinkState>(null);
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
  return link;
}

/** The share link: the server that serves the page never sees the report, which rides after the #. */
export function ShareLink({ link }: { link: ShareLinkState }) {
  if (link && 'error' in link) return <p className="field-error">{link.error}</p>;
  const url = link?.url ?? '';
  return (
    <>
      <Field
        label="Share link"
        hint="Everything after # stays in the browser: no server receives, stores or logs the report. It holds the redacted report, never the password. The text for Amazon carries it too."
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
