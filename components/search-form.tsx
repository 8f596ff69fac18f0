/**
 * A plain GET form to /search, so searching works without JavaScript. The field is one line on purpose: Enter
 * submits it natively (no script), phones show a Search key, and a multi-line paste only loses its line breaks,
 * which search ignores anyway.
 */
export function SearchForm({ defaultValue = '' }: { defaultValue?: string }) {
  return (
    <form action="/search" method="get" role="search" className="search-form">
      <label htmlFor="q">Paste the error message or describe what you see</label>
      <div className="search-row">
        <input
          type="search"
          id="q"
          name="q"
          maxLength={2000}
          required
          enterKeyHint="search"
          autoComplete="off"
          spellCheck={false}
          defaultValue={defaultValue}
          placeholder="We were unable to link…"
        />
        <button type="submit">Find the step</button>
      </div>
    </form>
  );
}
