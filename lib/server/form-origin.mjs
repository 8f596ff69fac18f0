// @ts-check

/**
 * A form posted without JavaScript from a page whose Referrer-Policy is no-referrer (/triage) arrives with
 * `Origin: null`, and Next refuses a server action whose origin does not match the host. The browser still tells
 * where the form came from in Sec-Fetch-Site, which no page can set: a form from this very origin gets its origin
 * back (Next compares the host alone). Anything else keeps `null` and is refused as before: a sandboxed frame or
 * another site's page (cross-site), or a client that sends no Sec-Fetch-Site.
 *
 * @param {import('node:http').IncomingHttpHeaders} headers changed in place
 */
export function restoreSameOriginFormOrigin(headers) {
  if (headers.origin === 'null' && headers['sec-fetch-site'] === 'same-origin' && headers.host) {
    headers.origin = `http://${headers.host}`;
  }
}
