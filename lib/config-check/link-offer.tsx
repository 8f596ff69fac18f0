'use client';

import Link from 'next/link';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ALEXA_REDIRECT_REGIONS, type AlexaRegion } from '@/lib/alexa';
import { flowEntry } from '@/lib/flows/catalog';
import { fieldsFromConfig, linkFormSchema } from '@/lib/flows/link/form-values';
import { LinkCarryToReport } from '@/lib/flows/link/carry-to-report';
import { LinkTimeline } from '@/lib/flows/link/timeline';
import { useLinkStream } from '@/lib/flows/link/use-link-stream';
import { formText } from '@/lib/form-data';
import { carriedConfigFrom } from '@/lib/report/form';
import { type AccountLinkingConfig } from './smapi-config';

const link = flowEntry('link');

/**
 * /check's offer of Link as Alexa, under a finished check of an auth code configuration: with a test account (and the
 * client secret typed in the check, or here), it rehearses the linking with the configuration as the check read it,
 * and shows the timeline right here. The secrets stay in this page's memory and the request: no URL, no storage.
 * Without JavaScript it is a link to /link, where the form works without it.
 */
export function LinkOffer({
  config,
  checkSecret,
  nodeTitles,
}: {
  config: AccountLinkingConfig;
  /** The client secret typed into the check's form, if any. */
  checkSecret: () => string | undefined;
  nodeTitles: Record<string, string>;
}) {
  const id = useId();
  const stream = useLinkStream();
  // Before hydration the offer is only a link: a form that cannot run must not exist, or the browser would send the
  // password somewhere.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [regions, setRegions] = useState<AlexaRegion[]>([]);
  const [issues, setIssues] = useState<string[]>([]);

  if (config.type === 'IMPLICIT') return null;
  const heading = `${id}-title`;
  const typedSecret = checkSecret();

  // The fields are read from the form when it is sent, not kept in state: a controlled field's value would be
  // copied into the page's markup.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => formText(form, name) ?? '';
    const chosen = form.getAll('regions').filter((r): r is AlexaRegion => typeof r === 'string');
    const parsed = linkFormSchema.safeParse({
      ...fieldsFromConfig(config),
      clientSecret: typedSecret || text('clientSecret'),
      vendorId: text('vendorId'),
      regions: chosen,
      testAccount: { username: text('username'), password: text('password') },
      pkce: form.get('pkce') !== null,
      checkRotation: true,
    });
    if (!parsed.success) return setIssues([...new Set(parsed.error.issues.map((i) => i.message))]);
    setIssues([]);
    setRegions(chosen);
    void stream.run(parsed.data);
  };

  const field = (name: 'username' | 'password' | 'clientSecret' | 'vendorId', label: string, secret = false) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} name={name} type={secret ? 'password' : 'text'} autoComplete="off" spellCheck={false} />
    </div>
  );

  return (
    <section className="check-link-offer probe-embed" aria-labelledby={heading}>
      <h2 id={heading}>{link.label}: rehearse the linking with a test account</h2>
      <p>{link.summary}</p>
      {!hydrated ? (
        <p>
          <Link href="/link">{link.action}</Link>
        </p>
      ) : (
        <form className="probe-form" aria-label={link.label} onSubmit={submit} noValidate autoComplete="off">
          <p className="hint">
            With the configuration read above. The test account and the secret serve this run only: never stored,
            logged, shown or put in a URL.
          </p>
          {field('username', 'Test account user name')}
          {field('password', 'Test account password', true)}
          {!typedSecret && field('clientSecret', 'Client secret', true)}
          {field('vendorId', 'Vendor ID (the last part of your Alexa redirect URLs)')}
          <fieldset>
            <legend>Regions to rehearse</legend>
            {ALEXA_REDIRECT_REGIONS.map((r) => (
              <label key={r.region} className="checkbox">
                <input type="checkbox" name="regions" value={r.region} defaultChecked={r.region === 'NA'} />
                <span>
                  {r.label} <code>{r.host}</code>
                </span>
              </label>
            ))}
          </fieldset>
          <label className="checkbox">
            <input type="checkbox" name="pkce" /> PKCE is on
          </label>
          {issues.length > 0 && (
            <div className="probe-error" role="alert">
              <ul>
                {issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            </div>
          )}
          <p>
            <button type="submit" disabled={stream.running}>
              {stream.running ? 'Rehearsing the linking…' : 'Link as Alexa'}
            </button>
          </p>
        </form>
      )}
      <div aria-live="polite">{stream.problem && <div className="probe-error" role="alert"><p>{stream.problem}</p></div>}</div>
      {stream.progress && <LinkTimeline progress={stream.progress} running={stream.running} nodeTitles={nodeTitles} regions={stream.running ? regions : []} />}
      {stream.progress?.result && <LinkCarryToReport result={stream.progress.result} config={carriedConfigFrom(config)} />}
    </section>
  );
}
