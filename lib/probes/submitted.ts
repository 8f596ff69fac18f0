import { PROBE_FIELD } from './catalog';
import { type SubmittedFields } from './state';

/**
 * Which fields of a probe's form may hold a secret: `true` for one that always does (a client secret, a code), or a
 * test of the value for pasted text that holds one only sometimes (an address with or without a code in it).
 */
export type SecretFields = Readonly<Record<string, true | ((value: string) => boolean)>>;

/**
 * A posted form's fields, to fill them in again on the page that answers a post without JavaScript. A field that may
 * hold a secret is never sent back: it is named in `withheld` (when it was filled in), so the form can say why it is
 * empty. React's own fields and the probe's name are left out.
 */
export function submittedFields(form: FormData, secrets: SecretFields = {}): SubmittedFields {
  const values: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || name === PROBE_FIELD || name.startsWith('$ACTION') || name in values) continue;
    const secret = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
    if (secret === true || secret?.(value)) {
      if (value !== '' && !withheld.includes(name)) withheld.push(name);
    } else values[name] = value;
  }
  return { values, withheld };
}
