/** A plain GET form: searching works without JavaScript. */
export function SearchForm({ defaultValue = '' }: { defaultValue?: string }) {
  return (
    <form action="/search" method="get" role="search" className="search-form">
      <label htmlFor="q">Paste the error message or describe what you see</label>
      <div className="search-row">
        <textarea
          id="q"
          name="q"
          rows={2}
          maxLength={2000}
          required
          defaultValue={defaultValue}
          placeholder="We were unable to link at this time"
        />
        <button type="submit">Find the step</button>
      </div>
    </form>
  );
}
