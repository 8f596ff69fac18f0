// "Where the user ended up": reads the address of the page a linking attempt ended on and says what it means.
// - Alexa's skills-store link-result page (`…/external/link-result?success=…&errorKey=…`): whether linking succeeded,
//   and what the error key is reported to mean;
// - an Alexa redirect URL (`https://<region host>/api/skill/link/<vendorId>?…`): what your authorization server sent
//   back: an OAuth error (error, error_description), or a code and state;
// - anything else: the user never got back to Alexa.
// Nothing is fetched; the code and tokens are masked in the result.

import 'server-only';
import { ALEXA_REDIRECT_HOSTS } from '@/lib/alexa';
import { formTexts } from '@/lib/form-data';
import { defineProbe } from '@/lib/probes/definition';
import { FindingSet } from '@/lib/probes/findings';
import { shortenRandomRuns } from '@/lib/probes/redact';
import { carriesCredential, CREDENTIAL_PARAMS, hostOf, splitParams, type RawParam } from '@/lib/probes/urls';
import { mask, show } from '@/lib/probes/wording';
import { FINAL_URL_FINDINGS, type FinalUrlFindings } from './findings';
import { finalUrlInputSchema, type FinalPageKind, type FinalUrlInput, type FinalUrlParam, type FinalUrlResult } from './input';
import { LINK_RESULT_ERROR_KEYS, OAUTH_ERRORS, UNKNOWN_ERROR_KEY, UNKNOWN_OAUTH_ERROR, type Meaning } from './meanings';

/** Amazon's skills store answers the end of a linking with this page (on skills-store.amazon.<country>). */
const LINK_RESULT_HOST = /^skills-store\.amazon\.[a-z.]+$/;
const LINK_RESULT_PATH = /\/link-result\/?$/;

interface Read {
  url: URL;
  host: string;
  query: RawParam[];
  fragment: RawParam[];
}

export function checkFinalUrl(input: FinalUrlInput): FinalUrlResult {
  const text = input.finalUrl.trim();
  const url = new URL(text);
  const host = hostOf(url) ?? '';
  // Read the query and fragment as written: URL would re-encode parts of them.
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt === -1 ? text : text.slice(0, hashAt);
  const questionAt = beforeHash.indexOf('?');
  const read: Read = {
    url,
    host,
    query: splitParams(questionAt === -1 ? '' : beforeHash.slice(questionAt + 1)),
    fragment: splitParams(hashAt === -1 ? '' : text.slice(hashAt + 1)),
  };
  const findings = new FindingSet(FINAL_URL_FINDINGS);
  const kind: FinalPageKind = LINK_RESULT_HOST.test(host) && LINK_RESULT_PATH.test(url.pathname) ? 'link-result' : ALEXA_REDIRECT_HOSTS.includes(host) ? 'alexa-redirect' : 'other';
  if (kind === 'link-result') linkResult(findings, read);
  else if (kind === 'alexa-redirect') alexaRedirect(findings, read);
  else otherPage(findings, read);
  return {
    findings: findings.list(),
    kind,
    page: { host, path: url.pathname.slice(0, 300) },
    params: [...read.query.map((p) => shown(p, 'query')), ...read.fragment.map((p) => shown(p, 'fragment'))].slice(0, 50),
  };
}

function shown(p: RawParam, where: FinalUrlParam['where']): FinalUrlParam {
  return { name: p.name.slice(0, 80), where, shown: CREDENTIAL_PARAMS.has(p.name) ? mask(p.value) : show(shortenRandomRuns(p.value), 100) };
}

const param = (list: RawParam[], name: string) => list.find((p) => p.name === name);

function explain(findings: FinalUrlFindings, what: string, meaning: Meaning, extra = ''): void {
  findings.set(
    'final.error',
    meaning.reported ? 'warn' : 'fail',
    `${what}: ${meaning.means}${meaning.reported ? ' (This comes from developers’ reports, not from Amazon’s documentation.)' : ''}${extra}`,
    meaning.fix,
    { node: meaning.node, title: `What ${what} means` },
  );
}

function linkResult(findings: FinalUrlFindings, { query }: Read): void {
  const success = param(query, 'success')?.value;
  const errorKey = param(query, 'errorKey')?.value;
  if (success === 'true') {
    findings.set('final.page', 'pass', 'This is Alexa’s link-result page with success=true: the skill was linked.', '', { title: 'Linking succeeded', node: 'relink-later' });
    return;
  }
  if (success !== 'false') {
    findings.set(
      'final.page',
      'warn',
      `This is Alexa’s link-result page, but its success parameter is ${success === undefined ? 'missing' : show(success, 40)}, so it does not say whether linking worked.`,
      'Paste the whole address, including everything after the question mark.',
      { title: 'Alexa’s link-result page, outcome unknown' },
    );
    return;
  }
  findings.set(
    'final.page',
    'fail',
    `This is Alexa’s link-result page with success=false: linking failed${errorKey ? `, with errorKey=${show(errorKey, 80)}` : ', without an error key'}. It comes after your login page sent the user back to Alexa.`,
    errorKey ? 'See what the error key means below.' : 'Check the token exchange next: it is the step after the redirect.',
    { title: `Linking failed${errorKey ? ` (errorKey=${errorKey.slice(0, 60)})` : ''}`, node: errorKey ? (LINK_RESULT_ERROR_KEYS[errorKey] ?? UNKNOWN_ERROR_KEY).node : 'token-exchange' },
  );
  if (errorKey) explain(findings, `errorKey=${show(errorKey, 80)}`, LINK_RESULT_ERROR_KEYS[errorKey] ?? UNKNOWN_ERROR_KEY);
}

function alexaRedirect(findings: FinalUrlFindings, { url, host, query, fragment }: Read): void {
  const all = [...query, ...fragment];
  const error = param(all, 'error')?.value;
  const description = param(all, 'error_description')?.value;
  const state = param(all, 'state');
  const code = param(query, 'code') ?? param(fragment, 'code');
  const token = param(fragment, 'access_token');
  const where = `${host}${url.pathname.slice(0, 120)}`;
  if (error) {
    findings.set(
      'final.page',
      'fail',
      `Your authorization server sent the user back to Alexa (${where}) with error=${show(error, 60)} instead of ${fragment.length && !query.some((p) => p.name === 'error') ? 'a token' : 'a code'}${description ? `, described as ${show(shortenRandomRuns(description), 200)}` : ''}. Linking cannot continue from there.`,
      'See what the error means below.',
      { title: `Your server answered Alexa with error=${error.slice(0, 60)}`, node: (OAUTH_ERRORS[error] ?? UNKNOWN_OAUTH_ERROR).node },
    );
    const meaning = OAUTH_ERRORS[error] ?? UNKNOWN_OAUTH_ERROR;
    // invalid_request about the redirect URL is the redirect URL refused.
    const aboutRedirect = error === 'invalid_request' && description !== undefined && /redirect[_\s-]?ur[il]/i.test(description);
    explain(findings, `error=${error}`, aboutRedirect ? { ...meaning, node: 'redirect-uri-invalid', fix: 'Allow every Alexa Redirect URL from the console in your OAuth client’s settings.' } : meaning);
  } else if (code || token) {
    findings.set(
      'final.page',
      'pass',
      `Your authorization server sent the user back to Alexa (${where}) with ${code ? 'an authorization code' : 'an access token'}: the sign-in part of linking worked.`,
      '',
      { title: 'The user got back to Alexa with a result' },
    );
  } else {
    findings.set(
      'final.page',
      'fail',
      `The user is on Alexa’s redirect URL (${where}), but the address carries neither a code, a token nor an error: Alexa cannot finish linking from it.`,
      'Redirect to the redirect_uri Alexa sent with code and state as query parameters (authorization code grant), or state, access_token and token_type in the fragment (implicit grant).',
      { title: 'Back at Alexa with nothing to link', node: 'redirect-uri-invalid' },
    );
  }
  if (code || token || !error) {
    if (state && state.value !== '') findings.set('final.state', 'pass', `state came back (${state.value.length} characters); Alexa checks that it is exactly the value it sent.`, '', { title: `state came back to Alexa (${state.value.length} characters)` });
    else
      findings.set(
        'final.state',
        'fail',
        'The redirect to Alexa carries no state. Alexa sends state with every request to your authorization URI and needs the same value back to finish linking.',
        LINK_RESULT_ERROR_KEYS['missing-state']!.fix, { title: 'The redirect to Alexa carries no state' },
      );
  }
  if (code) {
    findings.set(
      'final.code',
      'pass',
      `A code came back (${code.value.length} characters, masked here). Next Alexa exchanges it at your access token URI: if linking still failed, look there.`,
      'Run the access token URI probe with a fresh code, or check the exchange in your server’s logs.', { title: `An authorization code came back to Alexa (${code.value.length} characters)` },
    );
  }
}

function otherPage(findings: FinalUrlFindings, { host, query, fragment }: Read): void {
  const all = [...query, ...fragment];
  const error = param(all, 'error')?.value;
  findings.set(
    'final.page',
    'warn',
    `The page is on ${host}, not on Alexa’s redirect URL or its link-result page: the user did not get back to Alexa, so Alexa never learned the result of the sign-in.${error ? ` The address carries error=${show(error, 60)}.` : ''}`,
    'After sign-in, your server must redirect to the redirect_uri Alexa sent (one of the Alexa Redirect URLs in the console), not to a page of your own.',
    { title: `Linking ended on ${host.slice(0, 80)}, not at Alexa`, node: 'redirect-uri-invalid' },
  );
  if (error) explain(findings, `error=${error}`, OAUTH_ERRORS[error] ?? UNKNOWN_OAUTH_ERROR);
}

/** The "where the user ended up" check, as the registry runs it. */
export const finalUrlProbe = defineProbe({
  id: 'final-url',
  schema: finalUrlInputSchema,
  fromForm: (form) => formTexts(form, ['finalUrl']),
  secretFields: { finalUrl: carriesCredential },
  run: checkFinalUrl,
});
