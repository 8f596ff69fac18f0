// @ts-check
// A relay's authorize endpoint (lib/flows/relay) passes Alexa's query on exactly as it came, but Next.js gives route
// handlers a URL whose query it has parsed and written again (%20 becomes +, say). server.mjs therefore puts the raw
// query in a header of its own, replacing any a client sent.

export const RAW_QUERY_HEADER = 'x-link-doctor-raw-query';

/**
 * The query of a request target as received, without its `?` ('' when there is none).
 *
 * @param {string | undefined} target
 */
export function rawQueryOf(target) {
  const at = (target ?? '').indexOf('?');
  return at === -1 ? '' : (target ?? '').slice(at + 1);
}
