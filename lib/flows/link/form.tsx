'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useState } from 'react';
import { useForm, useWatch, type FieldError } from 'react-hook-form';
import { Field } from '@/components/probe/field';
import { ProbeForm } from '@/components/probe/probe-form';
import { ProbeNotRun, LIMITED_HEADLINE } from '@/components/probe/probe-outcome';
import { CLIENT_AUTH_SCHEME_LABELS, CLIENT_AUTH_SCHEMES, ALEXA_REDIRECT_REGIONS } from '@/lib/alexa';
import { alexaRedirectUrl } from '@/lib/probes/token/input';
import { rehearseLinkingAction, type LinkActionState } from './action';
import { checkedRegions, LINK_FORM_DEFAULTS, linkFormSchema, readPastedConfig, type LinkFormFields } from './form-values';
import { type LinkInput } from './input';
import { LinkCarryToReport } from './carry-to-report';
import { carriedConfigOf } from './evidence';
import { type CarriedConfig } from '@/lib/report/schema';
import { LinkTimeline } from './timeline';
import { useLinkStream, type LinkProgress } from './use-link-stream';

const CONFIG_EXAMPLE = `{
  "type": "AUTH_CODE",
  "authorizationUrl": "https://auth.example.com/authorize",
  "accessTokenUrl": "https://auth.example.com/oauth/token",
  "clientId": "alexa-skill",
  "accessTokenScheme": "HTTP_BASIC",
  "scopes": ["profile"],
  "domains": ["cdn.example.com"]
}`;

/**
 * The Link as Alexa form. With JavaScript, the rehearsal streams from POST /api/link and each step appears as it ends;
 * without it, the form posts to a server action that runs the whole rehearsal and answers with the result. The
 * client secret and the test account live in the form and the request only: never in a URL, a store or storage.
 */
export function LinkForm({ nodeTitles }: { nodeTitles: Record<string, string> }) {
  const [posted, formAction, posting] = useActionState(rehearseLinkingAction, null);
  const stream = useLinkStream();
  const [readNote, setReadNote] = useState<string | null>(null);
  // The defaults are also written into the markup (defaultChecked below): without JavaScript, react-hook-form never
  // sets them.
  const form = useForm<LinkFormFields, unknown, LinkInput>({ resolver: zodResolver(linkFormSchema), defaultValues: LINK_FORM_DEFAULTS });
  const {
    register,
    control,
    setValue,
    formState: { errors },
  } = form;
  const typed = errors as Partial<Record<'redirectUri' | 'config' | 'domains' | 'scopes', FieldError>>;
  const [vendorId, regions] = useWatch({ control, name: ['vendorId', 'regions'] });
  const chosen = checkedRegions(regions);

  // Pasting a configuration fills the fields it holds, so the user sees what was read before running anything.
  const readConfig = (text: string) => {
    if (!text.trim()) return setReadNote(null);
    const reading = readPastedConfig(text);
    if (!reading.ok) return setReadNote(null);
    for (const [name, value] of Object.entries(reading.fields)) setValue(name as keyof LinkFormFields, value as string);
    setReadNote(`Read from the pasted configuration: ${Object.keys(reading.fields).length} fields, filled in below.`);
  };

  const [carried, setCarried] = useState<CarriedConfig | undefined>(undefined);
  const onSubmit = form.handleSubmit((input) => {
    setCarried(carriedConfigOf(input));
    return stream.run(input);
  });
  const running = stream.running || posting;
  const shown: LinkProgress | null = stream.progress ?? (posted?.kind === 'done' ? { steps: posted.result.steps, live: null, result: posted.result } : null);

  return (
    <>
      <ProbeForm
        name="Link as Alexa"
        formProps={{ action: formAction, onSubmit, noValidate: true, autoComplete: 'off' }}
        running={running}
        submit="Link as Alexa"
        submitting="Rehearsing the linking…"
        // A run with JavaScript replaces what an earlier post (before the page had its scripts) answered.
        status={<LinkFormStatus posted={stream.progress || stream.problem ? null : posted} problem={stream.problem} progress={shown} running={running} />}
      >
        <Field
          label="Account linking configuration (optional)"
          error={typed.config}
          hint={
            <>
              Paste what <code>ask smapi get-account-linking-info -s &lt;skill ID&gt;</code> prints, or type the fields
              below. What the pasted configuration holds is used.
            </>
          }
        >
          {(props) => (
            <textarea
              {...props}
              {...register('config', { onChange: (e: { target: { value: string } }) => readConfig(e.target.value) })}
              rows={5}
              className="code-input"
              placeholder={CONFIG_EXAMPLE}
              spellCheck={false}
            />
          )}
        </Field>
        {readNote && <p className="hint" role="status">{readNote}</p>}

        <Field label="Authorization URI" error={errors.authorizationUri}>
          {(props) => <input {...props} {...register('authorizationUri')} type="url" inputMode="url" placeholder="https://auth.example.com/authorize" />}
        </Field>
        <Field label="Access token URI" error={errors.accessTokenUri}>
          {(props) => <input {...props} {...register('accessTokenUri')} type="url" inputMode="url" placeholder="https://auth.example.com/oauth/token" />}
        </Field>
        <Field label="Client ID" error={errors.clientId}>
          {(props) => <input {...props} {...register('clientId')} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label="Client secret" error={errors.clientSecret} hint="Sent only to your token URI, in the request. Never stored, logged or shown.">
          {(props) => <input {...props} {...register('clientSecret')} type="password" autoComplete="off" />}
        </Field>
        <fieldset>
          <legend>Client authentication scheme</legend>
          {CLIENT_AUTH_SCHEMES.map((scheme) => (
            <label key={scheme} className="radio">
              <input type="radio" value={scheme} defaultChecked={scheme === LINK_FORM_DEFAULTS.scheme} {...register('scheme')} /> {CLIENT_AUTH_SCHEME_LABELS[scheme]}
            </label>
          ))}
          {errors.scheme?.message && <p className="field-error">{errors.scheme.message}</p>}
        </fieldset>
        <Field label="Scopes" hint="Separated by spaces, as in the console." error={typed.scopes}>
          {(props) => <input {...props} {...register('scopes')} spellCheck={false} />}
        </Field>
        <Field label="Domain List" hint="One domain per line. Every host the sign-in pages load from is checked against it." error={typed.domains}>
          {(props) => <textarea {...props} {...register('domains')} rows={3} className="code-input" spellCheck={false} />}
        </Field>

        <fieldset aria-describedby="link-regions-hint">
          <legend>Regions to rehearse</legend>
          <p id="link-regions-hint" className="hint">
            One Alexa redirect URL per region, built from your vendor ID (the last part of the redirect URLs the console
            lists). A server that allows only one region’s URL fails for the others.
          </p>
          <Field label="Vendor ID" error={errors.vendorId}>
            {(props) => <input {...props} {...register('vendorId')} className="vendor-input" autoComplete="off" spellCheck={false} placeholder="M2AAAAAAAAAAAA" />}
          </Field>
          {ALEXA_REDIRECT_REGIONS.map((r) => (
            <label key={r.region} className="checkbox">
              <input type="checkbox" value={r.region} defaultChecked={checkedRegions(LINK_FORM_DEFAULTS.regions).includes(r.region)} {...register('regions')} />
              <span>
                {r.label} <code>{r.host}</code>
              </span>
            </label>
          ))}
          {typed.redirectUri?.message && <p className="field-error">{typed.redirectUri.message}</p>}
          {vendorId && /^[A-Za-z0-9]{1,64}$/.test(vendorId.trim()) && chosen.length > 0 && (
            <div className="hint">
              Redirect URLs:
              <ul className="link-redirect-urls">
                {chosen.map((region) => (
                  <li key={region}>
                    <code>{alexaRedirectUrl(region, vendorId)}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Test account</legend>
          <p className="hint">
            The account Amazon’s Contact-us form asks for anyway. Used for this run only: never stored, logged, shown or
            put in a URL; screenshots hide what is typed into the password field.
          </p>
          <Field label="User name" error={errors.testAccount?.username}>
            {(props) => <input {...props} {...register('testAccount.username')} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Password" error={errors.testAccount?.password}>
            {(props) => <input {...props} {...register('testAccount.password')} type="password" autoComplete="off" />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Options</legend>
          <label className="checkbox">
            <input type="checkbox" {...register('pkce')} />
            <span>
              PKCE is on: send <code>code_challenge</code> (S256) and then <code>code_verifier</code>, as Alexa does
            </span>
          </label>
          <label className="checkbox">
            <input type="checkbox" defaultChecked={LINK_FORM_DEFAULTS.checkRotation} {...register('checkRotation')} /> Refresh a second time with the same refresh token, to
            see whether a retried refresh survives
          </label>
          <label className="checkbox">
            <input type="checkbox" {...register('liveView')} /> If the sign-in cannot be automated (a CAPTCHA, a second
            factor), let me finish it in a live view of the page (needs JavaScript)
          </label>
        </fieldset>
      </ProbeForm>
      {stream.running && (
        <p>
          <button type="button" className="button-secondary" onClick={stream.stop}>
            Stop the rehearsal
          </button>
        </p>
      )}
      {shown && (
        <LinkTimeline progress={shown} running={stream.running} nodeTitles={nodeTitles} regions={stream.running ? chosen : []} />
      )}
      {shown?.result && <LinkCarryToReport result={shown.result} config={carried} />}
    </>
  );
}

/** The short line screen readers hear (the form's live region): what is running, the last step, or why nothing ran. */
function LinkFormStatus({ posted, problem, progress, running }: { posted: LinkActionState; problem: string | null; progress: LinkProgress | null; running: boolean }) {
  if (problem) return <ProbeNotRun headline="The rehearsal did not run to the end." message={problem} />;
  if (posted?.kind === 'invalid') {
    return (
      <div className="probe-error" role="alert">
        <p>
          <strong>{posted.message}</strong>
        </p>
        <ul>
          {posted.issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (posted && (posted.kind === 'refused' || posted.kind === 'limited' || posted.kind === 'error')) {
    const headline = posted.kind === 'limited' ? LIMITED_HEADLINE : posted.kind === 'refused' ? 'Link Doctor will not call this address.' : 'The rehearsal did not finish.';
    return <ProbeNotRun headline={headline} message={posted.message} />;
  }
  const last = progress?.steps.at(-1);
  if (progress?.result) return <p className="link-sr-only">{progress.result.linked ? 'Linked.' : 'Not linked.'} The result is below.</p>;
  if (running) return <p>{last ? `Done: ${last.title}` : 'Opening your authorization URI as the Alexa app does…'}</p>;
  return null;
}
