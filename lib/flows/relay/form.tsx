'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { CopyButton } from '@/components/report/output-actions';
import { Field } from '@/components/probe/field';
import { createRelayAction, type RelayActionState } from './action';
import { RELAY_DEFAULT_TTL_SECONDS, RELAY_TTL_CHOICES, relayFieldsFromFormData, relayInputSchema, type RelayCreated } from './input';
import { RelayWatch } from './watch';

/**
 * The /relay form: the two URIs, the mode and the lifetime. It posts to a server action, so it works without
 * JavaScript; with it, the fields are checked first with the same schema as the API's, and the captures then appear
 * live below the URLs.
 */
export function RelayForm() {
  const [state, formAction, pending] = useActionState<RelayActionState, FormData>(createRelayAction, null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const check = (event: FormEvent<HTMLFormElement>) => {
    const form = new FormData(event.currentTarget);
    const parsed = relayInputSchema.safeParse(relayFieldsFromFormData((name) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : undefined)));
    if (parsed.success) return setIssues({});
    event.preventDefault();
    setIssues(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ''), i.message])));
  };
  const shown = { ...Object.fromEntries((state?.kind === 'invalid' ? state.issues : []).map((i) => [i.field, i.message])), ...issues };
  const error = (name: string) => (shown[name] ? { message: shown[name] } : undefined);

  if (state?.kind === 'created') return <RelayMade created={state.created} />;
  return (
    <form action={formAction} onSubmit={check} aria-label="Make a relay" noValidate>
      <Field label="Authorization URI" hint="Your Web Authorization URI, as in the console’s account-linking settings." error={error('authorizationUri')}>
        {(props) => <input {...props} name="authorizationUri" type="url" className="code-input" autoComplete="off" spellCheck={false} required />}
      </Field>
      <Field label="Access token URI" hint="Token requests go to this URI only, under the same address rules as every probe." error={error('accessTokenUri')}>
        {(props) => <input {...props} name="accessTokenUri" type="url" className="code-input" autoComplete="off" spellCheck={false} required />}
      </Field>
      <fieldset>
        <legend>Token requests</legend>
        <label className="radio">
          <input type="radio" name="mode" value="forward" defaultChecked /> Forward to my token URI and record both ways
        </label>
        <label className="radio">
          <input type="radio" name="mode" value="dummy" /> Dummy: answer with a fixed valid token response, forward nothing
        </label>
        <p className="hint">
          Dummy mode is Amazon’s “dummy token URL” test: if linking then succeeds, Alexa reaches and reads this relay,
          and the trouble is in your token server’s answer.
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor="relay-ttl">Delete the relay after</label>
        <select id="relay-ttl" name="ttlSeconds" defaultValue={String(RELAY_DEFAULT_TTL_SECONDS)}>
          {RELAY_TTL_CHOICES.map((c) => (
            <option key={c.seconds} value={c.seconds}>
              {c.label}
            </option>
          ))}
        </select>
        {error('ttlSeconds') && <p className="field-error">{error('ttlSeconds')!.message}</p>}
      </div>
      {(state?.kind === 'error' || state?.kind === 'invalid') && (
        <p className="probe-error" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? 'Making the relay…' : 'Make the relay'}
      </button>
    </form>
  );
}

/** The relay just made: the URLs to paste, the watch link with its key (shown this once) and the live captures. */
function RelayMade({ created }: { created: RelayCreated }) {
  const rows = [
    { label: 'Your Web Authorization URI', value: created.authorizeUrl, copy: 'Copy the authorization URI' },
    { label: 'Access Token URI', value: created.tokenUrl, copy: 'Copy the access token URI' },
  ];
  return (
    <section aria-labelledby="relay-made" className="relay-made">
      <h3 id="relay-made">Your relay is ready</h3>
      <p>
        In the Alexa developer console, under Build › Account Linking, put these in place of your own URIs and save.
        Then link the skill from the Alexa app. Put your own URIs back when you are done.
      </p>
      <dl className="relay-urls">
        {rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>
              <code>{row.value}</code> <CopyButton label={row.copy} text={() => row.value} />
            </dd>
          </div>
        ))}
        <div>
          <dt>Watch address (shown only now)</dt>
          <dd>
            <code>{created.watchUrl}</code> <CopyButton label="Copy the watch address" text={() => created.watchUrl} />
            <p className="hint">
              Its key follows the #, which browsers never send to a server. Keep it to watch from another tab or device;
              it cannot be shown again. The relay is deleted at {new Date(created.expiresAt).toUTCString()}
              {created.mode === 'dummy' ? ', and it answers token requests in dummy mode' : ''}.
            </p>
          </dd>
        </div>
      </dl>
      <RelayWatch id={created.id} relayKey={created.key} />
    </section>
  );
}
