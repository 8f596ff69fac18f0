import { type ReactNode } from 'react';
import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { type AppLinksProbeResult, type WellKnownFile } from './input';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';
import { appLinksTimingRows } from '@/components/pictures/from-results';
import { TimingWaterfall } from '@/components/pictures/timing-waterfall';

/** What the app links check found, and what each of the two files held. */
export function AppLinksResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'app-links'>>> }) {
  return (
    <ProbeOutcomeView
      state={state}
      accepted="Android and iOS can verify these links"
      rejected="Your app would not open from these links"
      unfinished="The check did not finish."
    >
      {(result) => (
        <>
          <WellKnownFiles result={result} />
          <TimingWaterfall rows={appLinksTimingRows(result)} title="How long each request took" />
        </>
      )}
    </ProbeOutcomeView>
  );
}

function WellKnownFiles({ result }: { result: AppLinksProbeResult }) {
  const { android, ios } = result.files;
  const { platforms } = result;
  return (
    <>
      <p className="hint">
        Checked for {platforms.android && platforms.ios ? 'Android and iOS' : platforms.android ? 'Android only' : 'iOS only'}: {platforms.because}.
      </p>
      <FileSummary
        title="assetlinks.json (Android App Links)"
        file={android}
        foundLabel="Statements found"
        found={
          android.statements.length === 0
            ? 'No statement grants handle_all_urls to an Android app.'
            : android.statements.map((s) => (
                <span key={s.packageName} className="file-entry">
                  <code>{s.packageName}</code>: {s.fingerprints.length} {s.fingerprints.length === 1 ? 'fingerprint' : 'fingerprints'}
                </span>
              ))
        }
      />
      <FileSummary
        title="apple-app-site-association (iOS Universal Links)"
        file={ios}
        foundLabel="Apps found"
        found={
          ios.apps.length === 0
            ? 'No app in applinks.details.'
            : ios.apps.map((a, i) => (
                <span key={i} className="file-entry">
                  {a.appIds.map((id) => (
                    <code key={id}>{id} </code>
                  ))}
                  : {a.patterns.length} {a.form === 'components' ? 'components' : 'paths'}
                  {a.patterns.length > 0 && ` (${a.patterns.slice(0, 5).join(', ')}${a.patterns.length > 5 ? ', …' : ''})`}
                </span>
              ))
        }
      />
      {result.path !== null && (
        <p className="hint">
          Path checked against the iOS patterns: <code>{result.path}</code>
        </p>
      )}
    </>
  );
}

function FileSummary({ title, file, foundLabel, found }: { title: string; file: WellKnownFile; foundLabel: string; found: ReactNode }) {
  const status =
    file.status === null
      ? `No answer${file.problem ? `: ${file.problem}` : ''}`
      : `HTTP ${file.status}${file.redirectTo ? `, a redirect to ${file.redirectTo} (not followed)` : ''}${file.problem ? ` (${file.problem})` : ''}`;
  return (
    <section className="well-known-file">
      <h4>{title}</h4>
      <dl className="file-facts">
        <div>
          <dt>URL</dt>
          <dd>
            <code>{file.url}</code>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{status}</dd>
        </div>
        <div>
          <dt>Content type</dt>
          <dd>{file.contentType ?? 'none'}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{file.bytes} bytes</dd>
        </div>
        <div>
          <dt>{foundLabel}</dt>
          <dd>{file.status === 200 ? found : 'None: the file was not read.'}</dd>
        </div>
      </dl>
    </section>
  );
}
