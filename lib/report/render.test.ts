import { expect, test } from '@playwright/test';
import MarkdownIt from 'markdown-it';
import { importReport } from './import';
import { downloadName, renderJson, renderMarkdown, renderText } from './render';
import { parseReport } from './schema';
import { shareUrl } from './share';
import { sampleReport } from './test-support';

const origin = 'https://linkdoctor.example';
const PASSWORD = 'Pa55-word!';

test('the plain text follows the order of Amazon’s Contact-us list', () => {
  const text = renderText(sampleReport(), { origin });
  const labels = [
    '1. Skill ID: amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1',
    '2. Test credentials for the account linking login page:',
    'User name: tester@example.com',
    '3. Customer ID of the account that failed: A1B2C3D4E5F6G7',
    '4. Date and time of the failed attempt: 2026-11-24 13:58 UTC',
    '5. Region(s): NA (North America), EU (Europe)',
    '6. Device platform: Android (Alexa app)',
    '7. Alexa app version: 2.2.612345.0',
    "8. Description or screenshot:",
    "After sign-in the page says 'unable to link'.",
    'Screenshot: https://example.com/shot.png',
    '9. Account linking configuration (Account Linking tab):',
    'Authorization URL: https://auth.example.com/authorize',
    'Domain List: cdn.example.com, fonts.example.net',
    'Account linking type: Auth code grant',
    'Access token URI: https://auth.example.com/oauth/token',
    'Client ID: alexa-skill',
    'Client authentication scheme: HTTP Basic',
    'App-to-app account linking: No',
    "My path through Amazon's troubleshooting guide:",
    '2. Both are fine -> Contact Amazon',
    'FAIL: expires_in is below 360 seconds',
    `(Configuration check: Access token URI, 2026-11-24 14:00 UTC, took 0.1 s; explained at ${origin}/guide/token-lifetime-too-short)`,
    'FAIL: Tokens expire too soon',
    'WARNING: Provider detected',
  ];
  let at = -1;
  for (const label of labels) {
    const next = text.indexOf(label, at + 1);
    expect(next, `"${label}" after position ${at}`).toBeGreaterThan(at);
    at = next;
  }
});

test('the password is only in the plain text, and only when the user includes it', () => {
  const report = sampleReport();
  const without = renderText(report, { origin });
  expect(without).not.toContain(PASSWORD);
  expect(without).toContain('Password: not included here; I will give it to you separately.');
  expect(renderText(report, { origin, password: PASSWORD })).toContain(`Password: ${PASSWORD}`);
  expect(renderMarkdown(report, { origin })).not.toContain(PASSWORD);
  expect(renderJson(report)).not.toContain(PASSWORD);
  expect(renderJson(report)).not.toMatch(/password/i);
});

test('missing items say so instead of leaving a blank', () => {
  const text = renderText(sampleReport({ customerId: '', platform: '' }), { origin });
  expect(text).toContain('3. Customer ID of the account that failed: (not given)');
  expect(text).toContain('6. Device platform: (not given)');
});

test('Markdown escapes what the user typed, and carries the JSON that /triage reads back', async () => {
  const report = sampleReport({ description: 'See [this](javascript:alert(1)) <script>x</script> | cell ```' });
  const md = renderMarkdown(report, { origin, nodeTitles: { 'token-lifetime-too-short': 'Tokens expire too soon' } });
  expect(md).toContain('| Skill ID | `amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1` |');
  expect(md).toContain('\\[this\\]\\(javascript:alert\\(1\\)\\) \\<script\\>x\\</script\\> \\| cell \\`\\`\\`');
  expect(md).toContain(`[Tokens expire too soon](${origin}/guide/token-lifetime-too-short)`);
  expect(md).toContain('````json');
  const back = await importReport(md);
  expect(back).toEqual({ ok: true, report, from: 'markdown' });
});

test('JSON and download names', () => {
  const report = sampleReport();
  expect(JSON.parse(renderJson(report))).toMatchObject({ schemaVersion: 1, skillId: report.skillId });
  expect(downloadName(report, 'md')).toMatch(/^link-doctor-report-\d{8}-\d{4}\.md$/);
});

// ---- The Markdown export against a real parser -----------------------------------------------------------------------

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

/** Values that try every way out of a code span, a table cell or a line; each must come out as text, once. */
const HOSTILE = {
  username: '`` `x` ``` | <b>b</b> [l](javascript:alert(1)) *em* # h',
  clientId: '```json',
  authorizationUrl: 'https://auth.example.com/authorize?q=`|`&r=```|x',
  accessTokenUrl: 'https://auth.example.com/token#<script>|`',
  domains: ['a`b', '``', '`', 'c|d', 'e\\|f', '<script>', '[x](javascript:alert(1))', '*x*', '#h', 'g\u0001\u007fh'],
  otherRegions: '| # *x* <b>b</b> [l](javascript:x) `c` &amp; \\',
  alexaAppVersion: '1. - `x` | y',
  screenshotUrl: 'https://example.com/shot.png?a=|&b=`<x>`',
  description: [
    '# heading',
    '- item',
    '1. item',
    '===',
    '---',
    '> quote',
    '    indented',
    '<script>alert(1)</script>',
    '[link](javascript:alert(1)) ![img](x.png)',
    '| a | b |',
    '```',
    '~~~',
    '&amp; &lt; $x$',
    'lone\rCR and a\u0001control',
  ].join('\n'),
  finding: {
    id: 'token.expires-in',
    status: 'fail' as const,
    title: 'Title `x` | # <i>i</i>',
    detail: 'line one\n# not a heading\n- not a list\r\n1. nope | [l](javascript:1) `',
    fix: '*do* `this` <b>b</b>',
    node: 'token-lifetime-too-short',
  },
  evidenceTitle: 'Probe | `x` [l](javascript:1)',
  step: { id: 'start', title: 'Step [x](javascript:1) | `y`', answer: '*a* # b' },
};

/** What a value looks like once exported: control characters as their pictures (a line break in a cell would end it). */
const shown = (value: string) => value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));

function hostileReport() {
  const parsed = parseReport({
    ...JSON.parse(renderJson(sampleReport())),
    testAccount: { username: HOSTILE.username },
    otherRegions: HOSTILE.otherRegions,
    alexaAppVersion: HOSTILE.alexaAppVersion,
    screenshotUrl: HOSTILE.screenshotUrl,
    description: HOSTILE.description,
    configuration: {
      ...JSON.parse(renderJson(sampleReport())).configuration,
      authorizationUrl: HOSTILE.authorizationUrl,
      accessTokenUrl: HOSTILE.accessTokenUrl,
      clientId: HOSTILE.clientId,
      domains: HOSTILE.domains,
    },
    path: [HOSTILE.step],
    evidence: [{ title: HOSTILE.evidenceTitle, at: '2026-11-24T14:00:00.000Z', findings: [HOSTILE.finding] }],
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.report;
}

/** The rows of the first table, each a list of cells, each cell its inline tokens. */
function tableRows(tokens: Token[]): Token[][][] {
  const rows: Token[][][] = [];
  let row: Token[][] | null = null;
  for (const token of tokens) {
    if (token.type === 'table_close') break;
    if (token.type === 'tr_open') rows.push((row = []));
    else if (token.type === 'inline' && row) row.push(token.children ?? []);
  }
  return rows;
}

const textOf = (inline: Token[]) => inline.map((t) => (t.type === 'text' ? t.content : t.type === 'hardbreak' || t.type === 'softbreak' ? '\n' : '')).join('');
const typesOf = (inline: Token[]) => [...new Set(inline.map((t) => t.type))].sort();

test('the Markdown export keeps every value inside its code span, cell or line: read back by a real Markdown parser', async () => {
  const report = hostileReport();
  const md = renderMarkdown(report, { origin, nodeTitles: { 'token-lifetime-too-short': 'Tokens expire too soon' } });
  // html: true, as GitHub and most ticket systems allow some HTML: any the values could inject would show.
  const tokens = new MarkdownIt({ html: true }).parse(md, {});
  const inlines = tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);

  expect(tokens.filter((t) => t.type === 'heading_open').map((t) => tokens[tokens.indexOf(t) + 1]!.content)).toEqual([
    'Alexa account linking fails: support report',
    'Description',
    'Probe findings, most likely cause first',
    "Path through Amazon's troubleshooting guide",
  ]);
  expect([...tokens.filter((t) => t.type === 'html_block'), ...inlines.filter((t) => t.type === 'html_inline')].map((t) => t.content.trim())).toEqual([
    expect.stringMatching(/^<details><summary>Report JSON \(Link Doctor report schema 1\): paste it into https:\/\/linkdoctor\.example\/triage<\/summary>$/),
    '</details>',
  ]);
  expect(inlines.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'))).toEqual([
    expect.stringMatching(/^https:\/\/example\.com\/shot\.png\?/),
    `${origin}/guide/token-lifetime-too-short`,
    `${origin}/guide/start`,
  ]);
  expect(inlines.filter((t) => t.type === 'image')).toEqual([]);

  // The table: 17 rows of exactly two cells; a value in a code span is that span alone, shown exactly.
  const rows = tableRows(tokens);
  expect(rows.map((cells) => cells.length)).toEqual(Array(18).fill(2));
  const cell = (label: string) => rows.find(([name]) => name && textOf(name) === label)![1]!;
  for (const [label, value] of [
    ['Test account user name', HOSTILE.username],
    ['Client ID', HOSTILE.clientId],
    ['Authorization URL', HOSTILE.authorizationUrl],
    ['Access token URI', HOSTILE.accessTokenUrl],
  ] as const) {
    expect(cell(label).map((t) => [t.type, t.content]), label).toEqual([['code_inline', value]]);
  }
  const domains = cell('Domain List');
  expect(domains.filter((t) => t.type === 'code_inline').map((t) => t.content)).toEqual(HOSTILE.domains.map(shown));
  expect(domains.filter((t) => t.type !== 'code_inline').map((t) => [t.type, t.content])).toEqual(Array(HOSTILE.domains.length - 1).fill(['text', ', ']));
  for (const [label, value] of [
    ['Region(s)', `NA (North America), EU (Europe), ${HOSTILE.otherRegions}`],
    ['Alexa app version', HOSTILE.alexaAppVersion],
  ] as const) {
    expect(typesOf(cell(label)), label).toEqual(['text']);
    expect(textOf(cell(label)), label).toBe(value);
  }
  const screenshot = cell('Screenshot');
  expect(screenshot.map((t) => t.type)).toEqual(['link_open', 'text', 'link_close']);
  expect(decodeURI(String(screenshot[0]!.attrGet('href')))).toBe(HOSTILE.screenshotUrl);

  // Each value in exactly one code span of the whole document.
  const spans = inlines.filter((t) => t.type === 'code_inline').map((t) => t.content);
  for (const value of [HOSTILE.username, HOSTILE.clientId, HOSTILE.authorizationUrl, HOSTILE.accessTokenUrl, ...HOSTILE.domains.map(shown)]) {
    expect(spans.filter((span) => span === value), value).toHaveLength(1);
  }

  // The description: one paragraph of plain text, a line of it for each line typed (edges trimmed).
  const description = tokens[tokens.findIndex((t) => t.type === 'heading_open' && tokens[tokens.indexOf(t) + 1]!.content === 'Description') + 4]!;
  expect(typesOf(description.children!)).toEqual(['hardbreak', 'text']);
  expect(textOf(description.children!)).toBe(HOSTILE.description.split(/\r|\n/).map((line) => shown(line.trim())).join('\n'));

  // The finding: one list item, its own bold badge, emphasis and link only; its texts on one line each.
  expect(tokens.filter((t) => t.type === 'list_item_open')).toHaveLength(2);
  const [finding, step] = tokens.filter((t) => t.type === 'list_item_open').map((t) => tokens[tokens.indexOf(t) + 2]!.children!);
  expect(finding!.filter((t) => t.type.endsWith('_open')).map((t) => t.type)).toEqual(['strong_open', 'em_open', 'em_open', 'em_open', 'link_open']);
  expect(typesOf(finding!).filter((type) => !/^(strong|em|link)_(open|close)$/.test(type))).toEqual(['hardbreak', 'text']);
  const findingText = textOf(finding!);
  for (const value of [HOSTILE.finding.title, HOSTILE.finding.detail.split(/\r\n|\n/).map((line) => line.trim()).join(' '), HOSTILE.finding.fix, HOSTILE.evidenceTitle]) {
    expect(findingText.split(value), value).toHaveLength(2);
  }
  expect(step!.filter((t) => t.type.endsWith('_open')).map((t) => t.type)).toEqual(['em_open', 'link_open']);
  expect(textOf(step!)).toBe(`${HOSTILE.step.answer} → ${HOSTILE.step.title}`);

  // The JSON rides along unchanged, and /triage reads the report back.
  expect(tokens.filter((t) => t.type === 'fence').map((t) => [t.info, t.content])).toEqual([['json', renderJson(report)]]);
  expect(await importReport(md)).toEqual({ ok: true, report, from: 'markdown' });
});

test('the text for Amazon carries the share link, and /triage opens the text (its .txt download) through it', async () => {
  const report = sampleReport();
  const link = await shareUrl(origin, report);
  const text = renderText(report, { origin, shareLink: link });
  expect(text).toContain(`\n${link}\n`);
  const opened = await importReport(text);
  expect(opened).toMatchObject({ ok: true, from: 'text' });
  if (opened.ok) expect(opened.report).toEqual(report);
  // A link quoted in the description does not win over the text's own, which comes last.
  const quoted = await importReport(text.replace('Alexa app version:', `Alexa app version: ${origin}/triage#r=1.AAAA`));
  expect(quoted.ok).toBe(true);
  // Without its link the text says what to ask for instead of "not a report".
  const bare = await importReport(renderText(report, { origin }));
  expect(bare).toMatchObject({ ok: false });
  if (!bare.ok) expect(bare.message).toContain('without its share link');
});

test('a rehearsal’s finding names the rehearsal once, with its own step and region, not the verdict again', () => {
  const report = sampleReport();
  const rehearsal = {
    title: 'Link as Alexa: linked in North America (pitangui.amazon.com); not linked in Europe (layla.amazon.com), fails at “Alexa app opens your authorization URI”',
    at: '2026-11-24T14:02:00.000Z',
    findings: [{ id: 'link.authorize', status: 'fail' as const, title: 'The authorization request was refused (HTTP 400)', detail: 'HTTP 400.', fix: 'Allow the URL.', node: 'redirect-uri-invalid', step: 'authorize' as const, region: 'EU' as const }],
  };
  const text = renderText({ ...report, evidence: [rehearsal, ...report.evidence] }, { origin });
  expect(text).toContain('(Link as Alexa, at “Alexa app opens your authorization URI”, Europe (layla.amazon.com), 2026-11-24 14:02 UTC;');
  expect(text.match(/Alexa app opens your authorization URI/g)).toHaveLength(1);
});
