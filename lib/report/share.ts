// Share links: the redacted report, compressed, in the URL fragment of /triage. Browsers never send the fragment to a
// server, nor in Referer (RFC 9110 §10.1.3), so no server receives, stores or logs the report.
//
// Format: /triage#r=1.<base64url(zlib(JSON))>
//   r=  the fragment parameter; 1. the share format version (independent of the report's schemaVersion);
//   zlib: CompressionStream('deflate'), i.e. RFC 1950: deflate plus an Adler-32 checksum, so a link that was cut off or
//   altered fails to unpack instead of yielding a different report. Built into browsers and Node 18+, so no library.
// Decoding is capped at MAX_DECODED_BYTES of JSON (the unpacking stops there: no zip bombs), then the report schema
// checks the content. Client-safe: Web APIs only.
import { hasErrorKind, markErrorKind } from '@/lib/error-kind';
import { parseJson } from '@/lib/json';
import { readUpTo } from '@/lib/streams';
import { parseReport, type SupportReport } from './schema';
import { withoutTrailing } from '@/lib/text.mjs';

export const SHARE_PARAM = 'r';
export const SHARE_FORMAT = '1';
export const MAX_DECODED_BYTES = 256 * 1024;
/** base64 of the largest deflate stream a MAX_DECODED_BYTES report can give, with room to spare. */
export const MAX_ENCODED_CHARS = Math.ceil((MAX_DECODED_BYTES * 1.01 + 64) / 3) * 4;

export type ShareErrorCode = 'empty' | 'not-a-share-link' | 'wrong-version' | 'too-large' | 'not-base64' | 'damaged' | 'not-json' | 'invalid-report';

export class ShareLinkError extends Error {
  constructor(
    readonly code: ShareErrorCode,
    message: string,
    /** The report schema's problems, for invalid-report. */
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'ShareLinkError';
    markErrorKind(this, 'ShareLinkError');
  }
}

export function isShareLinkError(e: unknown): e is ShareLinkError {
  return hasErrorKind(e, 'ShareLinkError');
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return withoutTrailing(btoa(binary).replace(/\+/g, '-').replace(/\//g, '_'), '=');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** All of a stream's bytes; over `cap`, the stream is cancelled and the link refused. */
async function readAll(stream: ReadableStream<Uint8Array>, cap: number): Promise<Uint8Array> {
  const bytes = await readUpTo(stream, cap);
  if (bytes === null) {
    await stream.cancel().catch(() => undefined);
    throw new ShareLinkError('too-large', `The report in this link is larger than ${cap / 1024} KB once unpacked, so Link Doctor does not open it. Ask for the JSON export instead.`);
  }
  return bytes;
}

function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): ReadableStream<Uint8Array> {
  // Writing is not awaited: the reader drives it, and an error surfaces on the read side.
  const writer = transform.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return transform.readable as ReadableStream<Uint8Array>;
}

/** The fragment value after `r=`: `1.` and the packed report. */
export async function encodeReport(report: SupportReport): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(report));
  if (json.byteLength > MAX_DECODED_BYTES) {
    throw new ShareLinkError('too-large', `The report is ${Math.ceil(json.byteLength / 1024)} KB, more than a share link carries (${MAX_DECODED_BYTES / 1024} KB). Share the JSON export instead.`);
  }
  const packed = await readAll(pipe(json, new CompressionStream('deflate')), Number.POSITIVE_INFINITY);
  return `${SHARE_FORMAT}.${toBase64Url(packed)}`;
}

/** The whole share link: the triage page with the report in its fragment, never in the query or the path. */
export async function shareUrl(origin: string, report: SupportReport): Promise<string> {
  return `${origin}/triage#${SHARE_PARAM}=${await encodeReport(report)}`;
}

/** Finds the packed report in a share link, a fragment (`#r=…`), or the packed text alone. */
export function extractPacked(input: string): string | null {
  const text = input.trim();
  const hash = text.indexOf('#');
  const fragment = hash >= 0 ? text.slice(hash + 1) : text;
  for (const part of fragment.split('&')) {
    if (part.startsWith(`${SHARE_PARAM}=`)) return part.slice(SHARE_PARAM.length + 1);
  }
  return /^[0-9]+\.[A-Za-z0-9_-]*$/.test(fragment) ? fragment : null;
}

/** Unpacks and validates a share link's report. Throws ShareLinkError with a message for people. */
export async function decodeShareLink(input: string): Promise<SupportReport> {
  if (input.trim() === '' || input.trim() === '#') throw new ShareLinkError('empty', 'There is no report in this link.');
  const packed = extractPacked(input);
  if (packed === null) {
    throw new ShareLinkError('not-a-share-link', 'This is not a Link Doctor share link: it has no report after #r=.');
  }
  const dot = packed.indexOf('.');
  const version = dot >= 0 ? packed.slice(0, dot) : '';
  const body = dot >= 0 ? packed.slice(dot + 1) : packed;
  if (version !== SHARE_FORMAT) {
    throw new ShareLinkError(
      'wrong-version',
      /^[0-9]+$/.test(version)
        ? `This link uses share format ${version}, but this Link Doctor reads format ${SHARE_FORMAT}. Open it with the Link Doctor that made it, or ask for the JSON export.`
        : 'This share link does not start with its format version (r=1.…): it was cut or changed. Ask for the link again.',
    );
  }
  if (body.length > MAX_ENCODED_CHARS) {
    throw new ShareLinkError('too-large', `This link is ${body.length} characters long, more than a report can be (${MAX_DECODED_BYTES / 1024} KB). Ask for the JSON export instead.`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1) {
    throw new ShareLinkError('not-base64', 'This share link is damaged: it has characters a share link never has, or was cut off. Ask for the link again.');
  }
  let json: Uint8Array;
  try {
    json = await readAll(pipe(fromBase64Url(body), new DecompressionStream('deflate')), MAX_DECODED_BYTES);
  } catch (error) {
    if (isShareLinkError(error)) throw error;
    throw new ShareLinkError('damaged', 'This share link is damaged: it was cut off or changed after it was made, so it does not unpack. Ask for the link again, or for the JSON export.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new ShareLinkError('not-json', 'The report in this link is not text: the link was not made by Link Doctor.');
  }
  const parsed = parseJson(text, { maxBytes: MAX_DECODED_BYTES });
  if (!parsed.ok) throw new ShareLinkError('not-json', `The report in this link is not valid JSON (${parsed.error.message}) The link was not made by Link Doctor.`);
  const result = parseReport(parsed.value);
  if (!result.ok) throw new ShareLinkError('invalid-report', 'The report in this link does not pass Link Doctor’s checks, so it was changed or made by something else:', result.problems);
  return result.report;
}
