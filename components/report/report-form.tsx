'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useForm, useWatch, type FieldPath } from 'react-hook-form';
import { useDiagnosisStoreApi } from '@/components/diagnosis-store-provider';
import { ChoiceOptions } from '@/components/probe/choice-options';
import { Field } from '@/components/probe/field';
import { CLIENT_AUTH_SCHEME_LABELS, CLIENT_AUTH_SCHEMES, SKILL_TYPE_LABELS, SKILL_TYPES } from '@/lib/alexa';
import { ACCOUNT_LINKING_TYPES, parseAccountLinkingConfig } from '@/lib/config-check/smapi-config';
import { carriedConfigFrom, draftOf, type ReportFormValues } from '@/lib/report/form';
import { redactDraft, redactReport } from '@/lib/report/redact';
import { GRANT_TYPE_LABELS, parseUtcInput, PLATFORM_LABELS, PLATFORMS, REGION_LABELS, REGIONS, reportSchema, toUtcInput, type ReportInput, type SupportReport } from '@/lib/report/schema';
import { attentionForAmazon, failingFindings, missingForAmazon, warningFindings } from '@/lib/report/triage';
import { ReportDetails, ReportPath } from './report-details';
import { RankedFindings } from './ranked-findings';
import { ReportOutputs } from './report-outputs';

function localTime(iso: string): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}${zone ? ` (${zone})` : ''}`;
}

/**
 * The support report form. Every typed field is a react-hook-form value checked by the report schema; the test
 * account password is not: it stays in this component's state, and reaches only the text the user copies.
 */
export function ReportForm({
  defaults,
  nodeTitles,
  onStartOver,
}: {
  defaults: ReportFormValues;
  nodeTitles: Record<string, string>;
  onStartOver: () => void;
}) {
  const store = useDiagnosisStoreApi();
  const {
    register,
    control,
    handleSubmit,
    setValue,
    setFocus,
    formState: { errors },
  } = useForm<ReportInput, unknown, SupportReport>({ resolver: zodResolver(reportSchema), defaultValues: defaults, mode: 'onTouched' });
  const [password, setPassword] = useState('');
  const [includePassword, setIncludePassword] = useState(false);
  const [prepared, setPrepared] = useState(false);
  const [smapiMessage, setSmapiMessage] = useState('');
  const smapiRef = useRef<HTMLTextAreaElement>(null);
  const outputsRef = useRef<HTMLHeadingElement>(null);
  const ids = useId();

  const values = useWatch({ control }) as ReportInput;
  const parsed = useMemo(() => reportSchema.safeParse(values), [values]);
  const username = parsed.success ? parsed.data.testAccount.username : undefined;
  const report = useMemo(
    () => (parsed.success ? redactReport(parsed.data, { password, username: parsed.data.testAccount.username }) : null),
    [parsed, password],
  );

  // The draft survives a reload in this tab: redacted, without the password.
  useEffect(() => {
    store.getState().saveReportDraft(redactDraft(draftOf(values), { password, username }));
  }, [store, values, password, username]);

  useEffect(() => {
    if (prepared) outputsRef.current?.focus();
    // Only when the outputs first appear.
  }, [prepared]);

  const onSubmit = handleSubmit(() => {
    setValue('createdAt', new Date().toISOString());
    setPrepared(true);
  });

  const failedAt = parsed.success ? parsed.data.failedAt : undefined;
  const typedAt = parseUtcInput(values.failedAt ?? '');
  const attention = parsed.success ? attentionForAmazon(parsed.data, new Date(), 'now') : [];
  const missing = parsed.success ? missingForAmazon(parsed.data) : [];

  const fillFromSmapi = () => {
    const text = smapiRef.current?.value ?? '';
    const result = parseAccountLinkingConfig(text);
    if (!result.ok) {
      setSmapiMessage(result.error.message);
      return;
    }
    const carried = carriedConfigFrom(result.config);
    const set = (name: FieldPath<ReportInput>, value: string | undefined) => {
      if (value !== undefined) setValue(name, value, { shouldDirty: true, shouldValidate: true });
    };
    set('configuration.authorizationUrl', carried.authorizationUrl);
    set('configuration.domains', (carried.domains ?? []).join('\n'));
    set('configuration.grantType', carried.grantType);
    set('configuration.accessTokenUrl', carried.accessTokenUrl);
    set('configuration.clientId', carried.clientId);
    set('configuration.clientAuthScheme', carried.clientAuthScheme);
    if (carried.appToApp) set('configuration.appToApp', 'yes');
    store.getState().recordConfig(carried);
    // The pasted text can hold the client secret (update-account-linking-info input): do not keep it on the page.
    if (smapiRef.current) smapiRef.current.value = '';
    setSmapiMessage(`Filled the configuration fields from the pasted output${result.hadClientSecret ? '; its client secret was left out' : ''}.`);
  };

  const errorId = (name: string) => `${ids}-${name}-error`;

  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-label="Support report" className="probe-form report-form no-print">
        <fieldset>
          <legend>Your skill and the account that failed</legend>
          <Field
            label="Skill ID"
            hint="amzn1.ask.skill. followed by a UUID, as the Alexa developer console shows it."
            error={errors.skillId}
          >
            {(props) => <input {...props} {...register('skillId')} autoComplete="off" spellCheck={false} placeholder="amzn1.ask.skill.…" />}
          </Field>
          <Field
            label="Customer ID of the account that failed"
            hint={
              <>
                Sign in with that account and open <a href="https://developer.amazon.com/mycid.html">developer.amazon.com/mycid.html</a>.
              </>
            }
            error={errors.customerId}
          >
            {(props) => <input {...props} {...register('customerId')} autoComplete="off" spellCheck={false} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>The failed attempt</legend>
          <Field
            label="Date and time of the failed attempt (UTC)"
            hint="In UTC, not your local time. The latest attempt you have; Amazon prefers one from the last 14 days."
            error={errors.failedAt}
          >
            {(props) => <input {...props} {...register('failedAt')} type="datetime-local" step={60} />}
          </Field>
          <p className="local-time">
            {typedAt ? <>Your local time: {localTime((failedAt ?? typedAt.toISOString()))}</> : 'Enter the time to see it in your local time.'}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setValue('failedAt', toUtcInput(new Date()), { shouldDirty: true, shouldValidate: true })}
            >
              Use the current time
            </button>
          </p>
          {attention.map((note) => (
            <p key={note} className="field-warning" role="note">
              {note}
            </p>
          ))}

          <fieldset className="choice-group" aria-describedby={errors.regions ? errorId('regions') : undefined}>
            <legend>Region or regions you link in</legend>
            {REGIONS.map((region) => (
              <label key={region} className="checkbox">
                <input type="checkbox" value={region} {...register('regions')} /> {REGION_LABELS[region]}
              </label>
            ))}
            {errors.regions && (
              <p id={errorId('regions')} className="field-error">
                {errors.regions.message ?? 'Choose NA, EU or FE.'}
              </p>
            )}
          </fieldset>
          <Field label="Other regions" hint="Anything else, for example Asia or India." error={errors.otherRegions}>
            {(props) => <input {...props} {...register('otherRegions')} autoComplete="off" />}
          </Field>

          <fieldset className="choice-group" aria-describedby={errors.platform ? errorId('platform') : undefined}>
            <legend>Device platform</legend>
            {PLATFORMS.map((platform) => (
              <label key={platform} className="radio">
                <input type="radio" value={platform} {...register('platform')} /> {PLATFORM_LABELS[platform]}
              </label>
            ))}
            {errors.platform && (
              <p id={errorId('platform')} className="field-error">
                {errors.platform.message}
              </p>
            )}
          </fieldset>
          <Field label="Alexa app version" hint="In the Alexa app: Settings > About the Alexa app." error={errors.alexaAppVersion}>
            {(props) => <input {...props} {...register('alexaAppVersion')} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field
            label="What happens"
            hint="For example an empty page, an ‘unable to link’ page, or a button that does nothing. Tokens or secrets pasted here are redacted."
            error={errors.description}
          >
            {(props) => <textarea {...props} {...register('description')} rows={4} />}
          </Field>
          <Field label="Link to a screenshot" hint="Optional if the description says it all." error={errors.screenshotUrl}>
            {(props) => <input {...props} {...register('screenshotUrl')} type="url" inputMode="url" autoComplete="off" />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Test account for your login page</legend>
          <Field label="Test account user name" error={errors.testAccount?.username}>
            {(props) => <input {...props} {...register('testAccount.username')} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field
            label="Test account password"
            hint="Never stored, and never in the Markdown, the JSON, a download or a share link. Amazon needs it, so it can go into the text you copy if you tick the box below."
          >
            {(props) => <input {...props} type="password" autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <label className="checkbox">
            <input type="checkbox" onChange={(e) => setIncludePassword(e.target.checked)} /> Include the password in the copied text
          </label>
        </fieldset>

        <fieldset>
          <legend>Account linking configuration</legend>
          <p className="hint">From the Account Linking tab of the Alexa developer console.</p>
          <details className="typed-fields">
            <summary>Fill these from ask smapi get-account-linking-info</summary>
            <Field label="Output of ask smapi get-account-linking-info" hint="Read here in your browser, then cleared. A client secret in it is ignored.">
              {(props) => <textarea {...props} ref={smapiRef} rows={5} className="code-input" spellCheck={false} />}
            </Field>
            <p>
              <button type="button" className="button-secondary" onClick={fillFromSmapi}>
                Fill the configuration fields
              </button>
            </p>
            <p role="status">{smapiMessage}</p>
          </details>
          <Field label="Authorization URL" error={errors.configuration?.authorizationUrl}>
            {(props) => <input {...props} {...register('configuration.authorizationUrl')} type="url" inputMode="url" autoComplete="off" />}
          </Field>
          <Field label="Domain List" hint="One domain per line; leave empty if the list is empty." error={errors.configuration?.domains}>
            {(props) => <textarea {...props} {...register('configuration.domains')} rows={3} className="code-input" spellCheck={false} />}
          </Field>
          <Field label="Account linking type (authorization grant type)" error={errors.configuration?.grantType}>
            {(props) => (
              <select {...props} {...register('configuration.grantType')}>
                <ChoiceOptions none="Not set" values={ACCOUNT_LINKING_TYPES} labels={GRANT_TYPE_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Access token URI" error={errors.configuration?.accessTokenUrl}>
            {(props) => <input {...props} {...register('configuration.accessTokenUrl')} type="url" inputMode="url" autoComplete="off" />}
          </Field>
          <Field label="Client ID" hint="Not secret; it helps support re-run the checks." error={errors.configuration?.clientId}>
            {(props) => <input {...props} {...register('configuration.clientId')} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Client authentication scheme" error={errors.configuration?.clientAuthScheme}>
            {(props) => (
              <select {...props} {...register('configuration.clientAuthScheme')}>
                <ChoiceOptions none="Not set" values={CLIENT_AUTH_SCHEMES} labels={CLIENT_AUTH_SCHEME_LABELS} />
              </select>
            )}
          </Field>
          <Field label="Skill type" error={errors.configuration?.skillType}>
            {(props) => (
              <select {...props} {...register('configuration.skillType')}>
                <ChoiceOptions none="Not set" values={SKILL_TYPES} labels={SKILL_TYPE_LABELS} />
              </select>
            )}
          </Field>
          <fieldset className="choice-group">
            <legend>App-to-app account linking (starting from your app)</legend>
            {(
              [
                ['yes', 'Yes'],
                ['no', 'No'],
                ['', 'Not sure'],
              ] as const
            ).map(([value, label]) => (
              <label key={value || 'unsure'} className="radio">
                <input type="radio" value={value} {...register('configuration.appToApp')} /> {label}
              </label>
            ))}
          </fieldset>
        </fieldset>

        {missing.length > 0 && (
          <div className="report-missing" role="note" aria-labelledby={`${ids}-missing`}>
            <p id={`${ids}-missing`}>
              <strong>Amazon also needs:</strong>
            </p>
            <ul>
              {missing.map((item) => (
                <li key={item.field}>
                  <button type="button" className="link-button" onClick={() => setFocus(item.field as FieldPath<ReportInput>)}>
                    {item.label}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <p className="actions">
          <button type="submit">Prepare the report</button>
          <button type="button" className="button-secondary" onClick={onStartOver}>
            Clear what I typed
          </button>
        </p>
      </form>

      {prepared && (
        <section aria-labelledby="outputs-title" className="report-outputs">
          <h2 id="outputs-title" ref={outputsRef} tabIndex={-1}>
            Your report
          </h2>
          {report ? (
            <>
              {missing.length > 0 && (
                <p className="field-warning no-print" role="note">
                  Still missing for Amazon: {missing.map((m) => m.name).join('; ')}.
                </p>
              )}
              <div className="no-print">
                <ReportOutputs report={report} password={password} includePassword={includePassword} nodeTitles={nodeTitles} />
                <p className="actions">
                  <button type="button" className="button-secondary" onClick={() => window.print()}>
                    Print the report
                  </button>
                  <a href="https://developer.amazon.com/support/contact-us" className="button">
                    Open Amazon’s Contact us form
                  </a>
                </p>
              </div>
              <PrintedReport report={report} nodeTitles={nodeTitles} />
            </>
          ) : (
            <p className="field-error" role="alert">
              Fix the fields marked above to update the report.
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** What the printer gets: Amazon's items, the findings and the path, without the form or any button. */
function PrintedReport({ report, nodeTitles }: { report: SupportReport; nodeTitles: Record<string, string> }) {
  const findings = [...failingFindings(report), ...warningFindings(report)];
  return (
    <div className="print-only">
      <h3>What Amazon needs</h3>
      <ReportDetails report={report} />
      <h3>Probe findings, most likely cause first</h3>
      {findings.length ? <RankedFindings items={findings} nodeTitles={nodeTitles} /> : <p>No probe found a problem.</p>}
      <h3>Path through the guide</h3>
      <ReportPath report={report} nodeTitles={nodeTitles} />
    </div>
  );
}
