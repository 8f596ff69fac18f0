// The report as plain text (in the order of Amazon's Contact-us list, ready to paste into the case), as Markdown (for a
// GitHub issue or a ticket) and as JSON (schema in lib/report/README.md). Pure functions; client-safe.
import { FINDING_STATUS_LABELS } from '@/lib/probes/findings';
import { GRANT_TYPE_LABELS, PLATFORM_LABELS, REGION_LABELS, REPORT_SCHEMA_VERSION, type SupportReport } from './schema';
import { CLIENT_AUTH_SCHEME_LABELS, SKILL_TYPE_LABELS } from '@/lib/alexa';
import { plural } from '@/lib/probes/wording';
import { findingPlace } from '@/lib/flows/link/step-labels';
import { failingFindings, warningFindings, type RankedFinding } from './triage';

export interface RenderOptions {
  /** Where links to the guide's steps point, e.g. https://linkdoctor.example (no trailing slash). */
  origin: string;
  /** Titles of the guide's steps, to name the step that explains each finding. */
  nodeTitles?: Record<string, string>;
}

export interface TextOptions extends RenderOptions {
  /** The report's share link (/triage#r=…): support opens the whole report from it, and /triage reads it back from the text. */
  shareLink?: string | undefined;
  /** The test account password: only in the plain text, only when the user chose to include it. */
  password?: string;
}

const NOT_GIVEN = '(not given)';

export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function regions(report: SupportReport): string | undefined {
  const all = [...report.regions.map((r) => REGION_LABELS[r]), ...(report.otherRegions ? [report.otherRegions] : [])];
  return all.length ? all.join(', ') : undefined;
}

function appToApp(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'Yes' : 'No';
}

/** Amazon's list, item by item: label, then the lines of the value. */
function amazonItems(report: SupportReport, password: string | undefined): Array<[string, string[]]> {
  const c = report.configuration;
  const v = (value: string | undefined) => value ?? NOT_GIVEN;
  const passwordLine =
    password !== undefined && password !== ''
      ? `Password: ${password}`
      : 'Password: not included here; I will give it to you separately.';
  return [
    ['Skill ID', [v(report.skillId)]],
    ['Test credentials for the account linking login page', [`User name: ${v(report.testAccount.username)}`, passwordLine]],
    ['Customer ID of the account that failed', [v(report.customerId)]],
    ['Date and time of the failed attempt', [report.failedAt ? formatUtc(report.failedAt) : NOT_GIVEN]],
    ['Region(s)', [v(regions(report))]],
    ['Device platform', [v(report.platform && PLATFORM_LABELS[report.platform])]],
    ['Alexa app version', [v(report.alexaAppVersion)]],
    [
      'Description or screenshot',
      [...(report.description ? report.description.split(/\r?\n/) : []), ...(report.screenshotUrl ? [`Screenshot: ${report.screenshotUrl}`] : [])].filter(
        (line, i, all) => line !== '' || (i > 0 && i < all.length - 1),
      ),
    ],
    [
      'Account linking configuration (Account Linking tab)',
      [
        `Authorization URL: ${v(c.authorizationUrl)}`,
        `Domain List: ${c.domains.length ? c.domains.join(', ') : '(empty)'}`,
        `Account linking type: ${v(c.grantType && GRANT_TYPE_LABELS[c.grantType])}`,
        `Access token URI: ${v(c.accessTokenUrl)}`,
        `Client ID: ${v(c.clientId)}`,
        `Client authentication scheme: ${v(c.clientAuthScheme && CLIENT_AUTH_SCHEME_LABELS[c.clientAuthScheme])}`,
        `Skill type: ${v(c.skillType && SKILL_TYPE_LABELS[c.skillType])}`,
        `App-to-app account linking: ${v(appToApp(c.appToApp))}`,
      ],
    ],
  ];
}

/**
 * The run that found a finding, as a list of findings names it. A rehearsal's title carries its verdict per region,
 * which its findings say again with their own step and region: they name the rehearsal alone.
 */
export function sourceName(title: string, finding: Parameters<typeof findingPlace>[0]): string {
  return findingPlace(finding) ? title.replace(/:[\s\S]*$/, '') : title;
}

function guideUrl(origin: string, node: string): string {
  return `${origin}/guide/${node}`;
}

function nodeTitle(options: RenderOptions, node: string): string {
  return options.nodeTitles?.[node] ?? node;
}

/** The first line of the text for Amazon: /triage knows the text export by it. */
export const TEXT_EXPORT_HEADING = 'Alexa account linking fails: support case';

/** The plain text for Amazon's Contact-us form. */
export function renderText(report: SupportReport, options: TextOptions): string {
  const lines: string[] = [TEXT_EXPORT_HEADING, ''];
  amazonItems(report, options.password).forEach(([label, values], i) => {
    const description = values.length ? values : [NOT_GIVEN];
    if (description.length === 1) lines.push(`${i + 1}. ${label}: ${description[0]}`);
    else lines.push(`${i + 1}. ${label}:`, ...description.map((line) => (line ? `   ${line}` : '')));
  });

  const fails = failingFindings(report);
  const warns = warningFindings(report);
  lines.push('', 'What I already checked (with Link Doctor):');
  if (report.path.length) {
    lines.push('', "My path through Amazon's troubleshooting guide:");
    report.path.forEach((step, i) => lines.push(`   ${i + 1}. ${step.answer ? `${step.answer} -> ` : ''}${step.title}`));
  }
  if (report.evidence.length) {
    lines.push('', `Probe results: ${plural(fails.length, 'problem')}, ${plural(warns.length, 'warning')}, most likely cause first.`);
    for (const { finding, source } of [...fails, ...warns]) {
      lines.push(`   - ${FINDING_STATUS_LABELS[finding.status].toUpperCase()}: ${finding.title}`);
      lines.push(`     ${oneLine(finding.detail)}`);
      const took = source.elapsedMs === undefined ? '' : `, took ${(source.elapsedMs / 1000).toFixed(1)} s`;
      const place = findingPlace(finding);
      lines.push(`     (${sourceName(source.title, finding)}${place ? `, ${place}` : ''}, ${formatUtc(source.at)}${took}; explained at ${guideUrl(options.origin, finding.node)})`);
    }
    if (fails.length + warns.length === 0) lines.push('   Every check that ran passed.');
  }
  if (options.shareLink) {
    lines.push('', 'The whole report, to open in Link Doctor (it travels after the #, which no server receives):', options.shareLink);
  }
  lines.push('', `Prepared with Link Doctor on ${formatUtc(report.createdAt)} (report schema ${REPORT_SCHEMA_VERSION}).`);
  return `${lines.join('\n')}\n`;
}

/** The lines of a text (any line ending: CR LF, LF or a lone CR). */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** One line: each line break, with the spaces around it, becomes one space. */
function oneLine(text: string): string {
  const lines = linesOf(text);
  return lines.map((line, i) => (i > 0 ? line.trimStart() : line)).map((line, i) => (i < lines.length - 1 ? line.trimEnd() : line)).join(' ');
}

/** Control characters (a tab aside) as their visible pictures, ␀ to ␟ and ␡: none can end a line of the Markdown. */
function showControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));
}

/**
 * Markdown-escapes text from the report: nothing in it may become a link, an image, HTML, emphasis, a table cell
 * break, or, at the start of a line, a heading, a list, a quote or a rule. Line breaks become spaces, and the edges'
 * spaces go (indented, a line would become code or a nested list).
 */
export function mdEscape(text: string): string {
  return showControls(oneLine(text).trim())
    .replace(/[\\`*_{}[\]()<>#+!|~&$]/g, (c) => `\\${c}`)
    .replace(/^([-=])|^(\d+)([.)])/, (_, marker: string | undefined, digits: string, dot: string) => (marker ? `\\${marker}` : `${digits}\\${dot}`));
}

/**
 * A value of the table shown exactly, as a code span: its fence is one backtick longer than the longest run of
 * backticks in it, and spaces pad it where Markdown would otherwise eat an edge (a backtick there, or a space at both
 * ends). `|` is escaped: the table reads `\\|` as a `|`, inside a code span too.
 */
function mdCodeCell(value: string): string {
  const text = showControls(value).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Markdown for a GitHub issue or a ticket; the JSON export rides along, folded, so /triage can read a pasted issue. */
export function renderMarkdown(report: SupportReport, options: RenderOptions): string {
  const c = report.configuration;
  const cell = (value: string | undefined) => (value ? mdEscape(value) : '*not given*');
  const code = (value: string | undefined) => (value ? mdCodeCell(value) : '*not given*');
  const rows: Array<[string, string]> = [
    ['Skill ID', code(report.skillId)],
    ['Test account user name', code(report.testAccount.username)],
    ['Test account password', '*not included: ask for it privately*'],
    ['Customer ID', code(report.customerId)],
    ['Failed attempt (UTC)', report.failedAt ? formatUtc(report.failedAt) : '*not given*'],
    ['Region(s)', cell(regions(report))],
    ['Device platform', cell(report.platform && PLATFORM_LABELS[report.platform])],
    ['Alexa app version', cell(report.alexaAppVersion)],
    // encodeURI leaves nothing that ends an autolink or a cell (<, >, |, spaces); a lone surrogate would make it throw.
    ['Screenshot', report.screenshotUrl ? `<${encodeURI(report.screenshotUrl.toWellFormed())}>` : '*not given*'],
    ['Authorization URL', code(c.authorizationUrl)],
    ['Domain List', c.domains.length ? c.domains.map(mdCodeCell).join(', ') : '*empty*'],
    ['Account linking type', cell(c.grantType && GRANT_TYPE_LABELS[c.grantType])],
    ['Access token URI', code(c.accessTokenUrl)],
    ['Client ID', code(c.clientId)],
    ['Client authentication scheme', cell(c.clientAuthScheme && CLIENT_AUTH_SCHEME_LABELS[c.clientAuthScheme])],
    ['Skill type', cell(c.skillType && SKILL_TYPE_LABELS[c.skillType])],
    ['App-to-app account linking', cell(appToApp(c.appToApp))],
  ];
  const out: string[] = ['## Alexa account linking fails: support report', '', '| Item | Value |', '| --- | --- |'];
  for (const [label, value] of rows) out.push(`| ${label} | ${value} |`);
  // One line of the description to a line of Markdown.
  out.push('', '### Description', '', report.description ? linesOf(report.description).map(mdEscape).join('  \n') : '*not given*');

  const fails = failingFindings(report);
  const warns = warningFindings(report);
  out.push('', '### Probe findings, most likely cause first', '');
  if (report.evidence.length === 0) out.push('*No probe results.*');
  else if (fails.length + warns.length === 0) out.push('Every check that ran passed.');
  for (const { finding, source } of [...fails, ...warns]) out.push(...mdFinding(finding, source, options));

  out.push('', "### Path through Amazon's troubleshooting guide", '');
  if (report.path.length === 0) out.push('*Not recorded.*');
  report.path.forEach((step, i) =>
    out.push(`${i + 1}. ${step.answer ? `*${mdEscape(step.answer)}* → ` : ''}[${mdEscape(step.title)}](${guideUrl(options.origin, step.id)})`),
  );

  const json = renderJson(report).trimEnd();
  // A fence longer than any run of backticks inside, so a finding that quotes ``` cannot end it early.
  const fence = '`'.repeat(Math.max(3, ...[...json.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  out.push(
    '',
    `<details><summary>Report JSON (Link Doctor report schema ${REPORT_SCHEMA_VERSION}): paste it into ${options.origin}/triage</summary>`,
    '',
    `${fence}json`,
    json,
    fence,
    '',
    '</details>',
    '',
    `*Prepared with Link Doctor on ${formatUtc(report.createdAt)}.*`,
  );
  return `${out.join('\n')}\n`;
}

function mdFinding(finding: RankedFinding['finding'], source: { title: string; at: string }, options: RenderOptions): string[] {
  const badge = `**${FINDING_STATUS_LABELS[finding.status]}**`;
  const lines = [`- ${badge}: ${mdEscape(finding.title)}  `, `  ${mdEscape(finding.detail)}  `];
  if (finding.fix) lines.push(`  *What to do:* ${mdEscape(finding.fix)}  `);
  lines.push(
    `  *Found by* ${mdEscape(sourceName(source.title, finding))}${findingPlace(finding) ? `, ${mdEscape(findingPlace(finding))}` : ''}, ${formatUtc(source.at)}. *Explained in* [${mdEscape(nodeTitle(options, finding.node))}](${guideUrl(options.origin, finding.node)})`,
  );
  return lines;
}

/** The JSON export: the validated, redacted report, two-space indented. */
export function renderJson(report: SupportReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** File names for the downloads, e.g. link-doctor-report-20261124-1405.txt. */
export function downloadName(report: SupportReport, extension: 'txt' | 'md' | 'json'): string {
  const stamp = report.createdAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `link-doctor-report-${stamp}.${extension}`;
}
