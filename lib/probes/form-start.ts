import { get, set } from 'react-hook-form';
import { type SubmittedFields } from './state';

/**
 * What a probe form's fields start with. Usually its defaults; on the page that answers a post without JavaScript,
 * the fields as they were sent (secrets left out: those start empty). react-hook-form sets a field's value only in
 * the browser, so the markup carries these values too (`defaultValue`, `defaultChecked`): without JavaScript, that is
 * all there is.
 */
export class FormStart<Values extends object> {
  /** The values react-hook-form starts from: the same as the markup's, so hydrating changes nothing. */
  readonly values: Values;

  constructor(
    private readonly defaults: Values,
    private readonly submitted: SubmittedFields | undefined,
  ) {
    this.values = structuredClone(defaults);
    if (submitted) for (const path of leafPaths(defaults)) set(this.values, path, this.startOf(path, get(defaults, path)));
  }

  /** A text field's or a radio group's starting value. */
  text(name: string): string {
    if (!this.submitted) return String(get(this.defaults, name) ?? '');
    return this.submitted.values[name] ?? '';
  }

  /** Whether a checkbox starts checked. A form sends a checked box only, so after a post, absent means unchecked. */
  checked(name: string): boolean {
    return this.submitted ? name in this.submitted.values : get(this.defaults, name) === true;
  }

  /** Whether a field was filled in with a secret, which the page does not fill in again. */
  withheld(name: string): boolean {
    return this.submitted?.withheld.includes(name) ?? false;
  }

  private startOf(path: string, fallback: unknown): unknown {
    if (typeof fallback === 'boolean') return this.checked(path);
    if (typeof fallback === 'string') return this.text(path);
    return fallback;
  }
}

/** The dotted paths of an object's leaves (`grant.code`), as form fields are named. */
function leafPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    child !== null && typeof child === 'object' && !Array.isArray(child) ? leafPaths(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}
