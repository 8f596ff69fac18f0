// The two well-known files, /.well-known/assetlinks.json (Android App Links) and
// /.well-known/apple-app-site-association (iOS Universal Links): how much of them is read, how values from them are
// shown, and how each was served. Sets the fetch, status, content-type and json findings of each platform.

import { parseJson } from '@/lib/json';
import type { OutboundResult } from '@/lib/net';
import type { AppLinksFindingId, WellKnownFile } from './input';
import type { AppLinksFindings } from './findings';

/**
 * Both platforms' files are small (Apple documents 128 KB); a larger one is refused, since reading more from a hostile
 * server only costs memory.
 */
export const WELL_KNOWN_MAX_BYTES = 128 * 1024;
/** At most this many statements (assetlinks.json) or entries of applinks.details are read from a file. */
export const MAX_STATEMENTS = 200;

/** One line, no control characters, bounded (values from the file are untrusted). */
export function clip(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function isJsonType(contentType: string | null): boolean {
  return contentType !== null && /^application\/json\s*(;|$)/i.test(contentType.trim());
}

/**
 * How a file was served: fetched over https, 200 without a redirect (neither platform follows one), as
 * application/json, and valid JSON. Returns the parsed JSON, or undefined when there is none to check.
 */
export function checkServed(findings: AppLinksFindings, platform: 'android' | 'ios', result: OutboundResult, file: WellKnownFile): unknown {
  const name = platform === 'android' ? 'assetlinks.json' : 'apple-app-site-association';
  const id = (s: 'fetch' | 'status' | 'content-type' | 'json') => `applinks.${platform}.${s}` as AppLinksFindingId;
  const who = platform === 'android' ? 'Android' : 'iOS';
  if (!result.ok) {
    const f = result.failure;
    if (f.kind === 'too-large') {
      findings.set(id('fetch'), 'fail', `${name} is larger than ${WELL_KNOWN_MAX_BYTES / 1024} KB (${f.message}); ${who} ignores files that large.`, `Keep ${name} small: only the statements your apps need.`, { title: `${name} is larger than ${WELL_KNOWN_MAX_BYTES / 1024} KB (${f.message})` });
      return undefined;
    }
    findings.set(
      id('fetch'),
      'fail',
      `${file.url} could not be fetched: ${f.code && !f.message.includes(f.code) ? `${f.message} (${f.code})` : f.message}`,
      f.kind === 'tls'
        ? `Serve ${name} over https with a valid certificate for this host from a publicly trusted authority; ${who} does not accept anything else.`
        : `Serve https://<your domain>/.well-known/${name} publicly on port 443.`, { title: `${file.url} could not be fetched` },
    );
    return undefined;
  }
  const r = result.response;
  findings.set(id('fetch'), 'pass', `${file.url} answered over https.`, '', { title: `${file.url} answered over https` });
  if (r.status >= 300 && r.status < 400) {
    findings.set(
      id('status'),
      'fail',
      `${name} answered HTTP ${r.status}, a redirect${file.redirectTo ? ` to ${file.redirectTo}` : ''}. ${who} does not follow redirects for this file, so the links are not verified.`,
      `Serve ${name} directly at https://<your domain>/.well-known/${name} with status 200 — no redirect (watch for http→https, www and trailing-slash rules).`, { title: `${name} answered HTTP ${r.status}, a redirect${file.redirectTo ? ` to ${file.redirectTo}` : ''}` },
    );
    return undefined;
  }
  if (r.status !== 200) {
    findings.set(
      id('status'),
      'fail',
      `${name} answered HTTP ${r.status}${r.status === 404 ? ' (not found)' : ''}.`,
      `Serve the file at https://<your domain>/.well-known/${name} with status 200.`, { title: `${name} answered HTTP ${r.status}${r.status === 404 ? ' (not found)' : ''}` },
    );
    return undefined;
  }
  findings.set(id('status'), 'pass', `${name} answered HTTP 200 without redirecting.`, '', { title: `${name} answered HTTP 200 without redirecting` });
  const ct = file.contentType;
  if (isJsonType(ct)) findings.set(id('content-type'), 'pass', `Content-Type: ${clip(ct ?? '')}.`, '', { title: `${name} is served as ${clip(ct ?? '')}` });
  else
    findings.set(
      id('content-type'),
      'warn',
      `${name} is served as ${ct ? clip(ct) : 'no content type'}, not application/json.${platform === 'ios' ? ' Apple expects application/json (a signed file, application/pkcs7-mime, is only read by very old iOS versions).' : ' Android expects application/json.'}`,
      `Serve ${name} with Content-Type: application/json.`, { title: `${name} is served as ${ct ? clip(ct) : 'no content type'}, not application/json` },
    );
  const parsed = parseJson(r.body, { maxBytes: WELL_KNOWN_MAX_BYTES });
  if (!parsed.ok) {
    findings.set(id('json'), 'fail', `${name} is not valid JSON: ${parsed.error.message}`, `Validate ${name} with a JSON validator and fix it.`, { title: `${name} is not valid JSON` });
    return undefined;
  }
  return parsed.value;
}
