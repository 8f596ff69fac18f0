/** A request as plain HTTP text (request line, headers, blank line, body), for showing what was sent or read. */
export function requestText(request: {
  method: string;
  url: string | null;
  headers: readonly (readonly [string, string])[];
  body: string | null;
}): string {
  const lines = [`${request.method} ${request.url ?? '(no URL)'}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  lines.push('', request.body ?? '');
  return lines.join('\n');
}
