'use client';

import { appLinksProbeInputSchema, type AppLinksProbeFormValues } from './input';
import { AppLinksResult } from './result';
import { Field } from '@/components/probe/field';
import { RunProbeForm, type ProbeFormTexts } from '@/components/probe/probe-form';
import { useProbeForm } from '@/components/probe/use-probe-form';

const DEFAULTS: AppLinksProbeFormValues = { url: '', packageName: '', sha256Fingerprint: '', appId: '', platforms: 'auto' };

const TEXTS: ProbeFormTexts = { name: 'App Links and Universal Links check', running: 'Fetching the two files from your domain…' };

/** Fetches a redirect URL's assetlinks.json and apple-app-site-association, as Android and iOS do, and checks them. */
export function AppLinksForm() {
  const probe = useProbeForm('app-links', appLinksProbeInputSchema, DEFAULTS);
  const { formState: { errors } } = probe.form;
  return (
    <RunProbeForm of={probe} texts={TEXTS} result={(state) => <AppLinksResult state={state} />}>
      <Field
        label="Redirect URL or domain"
        error={errors.url}
        hint="The URL that should open your app (a redirect URL of app-to-app linking, or your authorization URL), or just its domain. With a full URL, Link Doctor also checks its path against the iOS patterns."
      >
        {(props) => (
          <input
            {...props}
            {...probe.text('url')}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://example.com/alexa/link"
          />
        )}
      </Field>
      <Field
        label="Android package name (optional)"
        error={errors.packageName}
        hint="The applicationId of your Android app, such as com.example.app."
      >
        {(props) => <input {...props} {...probe.text('packageName')} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field
        label="SHA-256 certificate fingerprint (optional)"
        error={errors.sha256Fingerprint}
        hint="Of the key that signs the app users install: with Play App Signing, Google’s app signing key (Play Console > App integrity). 32 pairs like AB:CD:…:EF, as keytool prints it."
      >
        {(props) => <input {...props} {...probe.text('sha256Fingerprint')} className="code-input" autoComplete="off" spellCheck={false} />}
      </Field>
      <Field
        label="Apple app ID (optional)"
        error={errors.appId}
        hint="Your team ID, a dot and the bundle ID (TEAMID.bundle.id), such as ABCDE12345.com.example.app."
      >
        {(props) => <input {...props} {...probe.text('appId')} autoComplete="off" spellCheck={false} />}
      </Field>
      <fieldset>
        <legend>Which platforms does your app run on?</legend>
        <label className="radio">
          <input {...probe.radio('platforms', 'auto')} /> Work it out from what I entered (a package name or
          fingerprint means Android, an app ID means iOS; nothing means both)
        </label>
        <label className="radio">
          <input {...probe.radio('platforms', 'android')} /> Android only
        </label>
        <label className="radio">
          <input {...probe.radio('platforms', 'ios')} /> iOS only
        </label>
        <label className="radio">
          <input {...probe.radio('platforms', 'both')} /> Android and iOS
        </label>
      </fieldset>
    </RunProbeForm>
  );
}
