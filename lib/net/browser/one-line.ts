// Text from a page or a server, made safe to show, log or put in a header.

import 'server-only';

/** One line, no control characters (nor Unicode's line and paragraph separators), at most `max` characters. */
export function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
