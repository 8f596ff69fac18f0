import { deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { importReport } from './import';
import { renderJson } from './render';
import { decodeShareLink, encodeReport, isShareLinkError, MAX_DECODED_BYTES, type ShareLinkError, shareUrl } from './share';
import { sampleReport } from './test-support';

const origin = 'https://linkdoctor.example';

async function refusal(input: string): Promise<ShareLinkError> {
  try {
    await decodeShareLink(input);
  } catch (error) {
    if (isShareLinkError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${input.slice(0, 40)} to be refused`);
}

const pack = (bytes: Buffer) => `${origin}/triage#r=1.${bytes.toString('base64url')}`;

test('round-trips a report through the fragment of /triage, never the query or path', async () => {
  const report = sampleReport();
  const url = await shareUrl(origin, report);
  expect(url).toMatch(/^https:\/\/linkdoctor\.example\/triage#r=1\.[A-Za-z0-9_-]+$/);
  expect(new URL(url).search).toBe('');
  expect(await decodeShareLink(url)).toEqual(report);
  // The same from the fragment alone, from `r=…`, and through the importer.
  const packed = await encodeReport(report);
  expect(await decodeShareLink(`#r=${packed}`)).toEqual(report);
  expect(await decodeShareLink(`r=${packed}`)).toEqual(report);
  expect(await importReport(`  ${url}\n`)).toEqual({ ok: true, report, from: 'link' });
  // Compressed: shorter than the JSON itself, and Node's zlib reads it (RFC 1950).
  const body = Buffer.from(packed.slice(2), 'base64url');
  expect(JSON.parse(inflateSync(body).toString('utf8'))).toEqual(JSON.parse(renderJson(report)));
  expect(packed.length).toBeLessThan(renderJson(report).length);
});

test('rejects garbage, truncated, tampered, oversized and wrong-version links with a clear message', async () => {
  const url = await shareUrl(origin, sampleReport());
  expect((await refusal('')).code).toBe('empty');
  expect((await refusal('https://example.com/triage')).code).toBe('not-a-share-link');
  expect((await refusal('hello world')).code).toBe('not-a-share-link');
  expect((await refusal(`${origin}/triage#r=1.<script>`)).code).toBe('not-base64');
  expect((await refusal(`${origin}/triage#r=1.AAAAAAAA`)).code).toBe('damaged');

  const truncated = await refusal(url.slice(0, url.length - 12));
  expect(truncated.code).toBe('damaged');
  expect(truncated.message).toMatch(/cut off or changed/);

  // Flip one character in the middle: the Adler-32 checksum (or the deflate stream itself) no longer matches.
  const at = url.indexOf('#r=1.') + 5 + Math.floor((url.length - url.indexOf('#r=1.') - 5) / 2);
  const flipped = `${url.slice(0, at)}${url[at] === 'A' ? 'B' : 'A'}${url.slice(at + 1)}`;
  expect((await refusal(flipped)).code).toBe('damaged');

  // Raw deflate (no checksum) is not the format.
  expect((await refusal(pack(deflateRawSync(renderJson(sampleReport()))))).code).toBe('damaged');

  const wrong = await refusal(url.replace('#r=1.', '#r=2.'));
  expect(wrong.code).toBe('wrong-version');
  expect(wrong.message).toMatch(/share format 2, but this Link Doctor reads format 1/);
  expect((await refusal(url.replace('#r=1.', '#r='))).code).toBe('wrong-version');

  // A zip bomb: 10 MB of spaces packs into a few KB; unpacking stops at the cap.
  const bomb = await refusal(pack(deflateSync(Buffer.alloc(10 * 1024 * 1024, 0x20))));
  expect(bomb.code).toBe('too-large');
  expect(bomb.message).toContain(`${MAX_DECODED_BYTES / 1024} KB`);
  expect((await refusal(`${origin}/triage#r=1.${'A'.repeat(400_000)}`)).code).toBe('too-large');

  expect((await refusal(pack(deflateSync('not json')))).code).toBe('not-json');
  expect((await refusal(pack(deflateSync(Buffer.from([0xff, 0xfe, 0x00]))))).code).toBe('not-json');
});

test('a well-formed link whose report was edited is refused with the schema’s reasons', async () => {
  const json = JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;
  const edited = await refusal(pack(deflateSync(JSON.stringify({ ...json, skillId: 'amzn1.ask.skill.x', testAccount: { username: 'a', password: 'p' } }))));
  expect(edited.code).toBe('invalid-report');
  expect(edited.problems.join('\n')).toMatch(/Skill ID: The skill ID looks like/);
  expect(edited.problems.join('\n')).toMatch(/never carries a password/);
  const future = await refusal(pack(deflateSync(JSON.stringify({ ...json, schemaVersion: 7 }))));
  expect(future.problems[0]).toMatch(/schema version 7/);
});

test('a report too large for a link says to use the JSON export', async () => {
  const report = sampleReport();
  const big = { ...report, evidence: Array.from({ length: 40 }, (_, i) => ({ ...report.evidence[0]!, title: `${i}`, findings: Array.from({ length: 40 }, (_, j) => ({ ...report.evidence[0]!.findings[0]!, id: `x.${j}`, detail: `${i}-${j}-`.repeat(50) })) })) };
  await expect(encodeReport(big)).rejects.toThrow(/Share the JSON export instead/);
});

test('the importer explains what it cannot read', async () => {
  expect(await importReport('')).toMatchObject({ ok: false, message: expect.stringMatching(/Paste a report first/) });
  expect(await importReport('just some words')).toMatchObject({ ok: false, message: expect.stringMatching(/This is not a report/) });
  expect(await importReport('{"schemaVersion": 1,')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
  const refused = await importReport(JSON.stringify({ schemaVersion: 1, createdAt: 'x' }));
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.problems[0]).toMatch(/^Prepared at:/);
});
