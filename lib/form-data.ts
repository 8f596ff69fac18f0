/** A text field of a submitted form; undefined when it is missing or a file. */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Several text fields at once, keyed by name: the shape of a flat JSON body, for the same schema to check. */
export function formTexts<K extends string>(form: FormData, names: readonly K[]): Record<K, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, formText(form, name)])) as Record<K, string | undefined>;
}
