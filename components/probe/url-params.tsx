/** The parameters a pasted URL carries, where each sits, and its value as shown (secrets already masked). */
export function UrlParams({ params, caption }: { params: ReadonlyArray<{ name: string; where: 'query' | 'fragment'; shown: string }>; caption: string }) {
  return (
    <table className="params">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Where</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p, i) => (
          <tr key={i}>
            <td>
              <code>{p.name}</code>
            </td>
            <td>{p.where === 'query' ? 'query (after ?)' : 'fragment (after #)'}</td>
            <td>{p.shown}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
