import { type CheckEvent } from './run';

/** Reads an NDJSON answer (/api/check, /api/link), one JSON value per line, as the lines arrive. */
export async function* readNdjson<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
  const last = (buffer + decoder.decode()).trim();
  if (last) yield JSON.parse(last) as T;
}

/** Reads /api/check's NDJSON answer, one event per line, as the lines arrive. */
export const readCheckStream = (body: ReadableStream<Uint8Array>) => readNdjson<CheckEvent>(body);

/** What a refused NDJSON request's JSON error says (the probes' error shape), in one sentence for the form. */
export async function refusalMessage(response: Response, what: string): Promise<string> {
  const answer = (await response.json().catch(() => null)) as { error?: { message?: string; issues?: { message: string }[] } } | null;
  const issues = (answer?.error?.issues ?? []).map((i) => i.message);
  return [answer?.error?.message ?? `The ${what} could not start (HTTP ${response.status}).`, ...issues].join(' ');
}
