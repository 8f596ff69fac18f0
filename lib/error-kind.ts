// Recognising the project's own errors without `instanceof`. Next bundles each route and page on its own, each with
// its own copy of every module, so an error made by one copy of a class is not an instance of another copy's class.
// That happens whenever an object shared by the whole process (see ./process-wide.ts: the browser slots, say) throws
// into code from another bundle. The kind travels on the error instead, under a process-wide symbol.

const KIND = Symbol.for('link-doctor.error-kind');

/** Marks `error` (call it in the constructor) as being of `kind`. */
export function markErrorKind(error: Error, kind: string): void {
  Object.defineProperty(error, KIND, { value: kind, enumerable: false });
}

/** Whether `value` is an error marked as `kind`, whichever copy of its module made it. */
export function hasErrorKind(value: unknown, kind: string): value is Error {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[KIND] === kind;
}
