/** The options of a select whose choice may be left open: `none` (value "") first, then each value with its label. */
export function ChoiceOptions<V extends string>({ none, values, labels }: { none: string; values: readonly V[]; labels: Record<V, string> }) {
  return (
    <>
      <option value="">{none}</option>
      {values.map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </>
  );
}
