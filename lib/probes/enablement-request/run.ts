// App-to-app linking: check a pasted Skill Enablement API request (alexa-facts.md §5) and explain an observed error.

import 'server-only';
import { z } from '@/lib/zod';
import { parsePastedRequest, type PastedRequest } from './request-text';
import { isRecord, jsonKind, parseJson } from '@/lib/json';
import { findingBuilder, type Finding } from '@/lib/probes/findings';
import { parseUrl, safeDecode } from '@/lib/probes/urls';
import { listWords, mask, maskAll, show, showValue } from '@/lib/probes/wording';
import { MAX_TEXT_INPUT } from '@/lib/probes/input-fields';
import { enablementRequestInputSchema, type EnablementRequestInput, type MaskedRequest, type EnablementRequestResult } from './input';
import { defineProbe } from '@/lib/probes/definition';
import { formTexts } from '@/lib/form-data';
import { SKILL_ID_PATTERN } from '@/lib/alexa';

export const ENABLEMENT_REQUEST_NODES = [
  'enablement-400',
  'enablement-bearer-case',
  'enablement-customer-token',
  'enablement-auth-code-mismatch',
  'enablement-401',
  'enablement-403',
  'enablement-invalid-credentials',
  'enablement-could-not-contact',
  'enablement-not-called',
  'contact-amazon',
] as const;
type Node = (typeof ENABLEMENT_REQUEST_NODES)[number];
const finding = findingBuilder<Node>();

/** Hosts of the enablement API per region (§5). */
export const ENABLEMENT_HOSTS = ['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com'] as const;
const FE_DOC_HOST = 'api.fe.amazon.com';
const LEGACY_SKILL_ID = /^amzn1\.echo-sdk-ams\.app\.[0-9a-f-]{36}$/i;

interface Facts {
  request: PastedRequest;
  url: URL | null;
  bearerCaseWrong: boolean;
  tokenProblem: boolean;
  stage: string | null;
}

export function checkEnablementRequest(input: EnablementRequestInput): EnablementRequestResult {
  const parsed = parsePastedRequest(typeof input.request === 'string' ? input.request : '');
  const observed = readObserved(input);
  if (!parsed.ok) {
    const findings = [finding('enablement.parse', 'fail', 'Request could not be read', parsed.error.message, 'Paste the whole curl command, or the request line, headers, a blank line and the JSON body.', 'enablement-400')];
    if (observed) findings.push(observedFinding(observed, null));
    return { findings, request: null };
  }
  const request = parsed.request;
  const url = request.url ? parseUrl(request.url) : null;
  const findings: Finding[] = [];
  for (const note of request.notes) {
    findings.push(finding('enablement.parse', 'warn', 'Part of the request is missing', note, 'Paste the request exactly as it is sent, with its body.', 'enablement-400'));
  }
  findings.push(methodFinding(request.method));
  findings.push(hostFinding(request, url));
  findings.push(pathFinding(url, request.target));
  const auth = authorizationFinding(request.headers);
  findings.push(...auth.findings);
  findings.push(contentTypeFinding(request));
  const body = bodyFindings(request);
  findings.push(...body.findings);

  const secrets = [...auth.secrets, ...body.secrets, ...cookieSecrets(request.headers)];
  const facts: Facts = { request, url, bearerCaseWrong: auth.bearerCaseWrong, tokenProblem: auth.tokenProblem, stage: body.stage };
  if (observed) findings.push(observedFinding(observed, facts));
  return { findings: findings.map((f) => maskFinding(f, secrets)), request: maskRequest(request, secrets) };
}

// ---- method, host, path -------------------------------------------------------------------------------------------

function methodFinding(method: string): Finding {
  if (method === 'POST') return finding('enablement.method', 'pass', 'Method is POST', 'The request uses POST, which enables the skill and links the account.', '', 'enablement-400');
  if (method.toUpperCase() === 'POST') {
    return finding('enablement.method', 'warn', 'Method is not upper case', `The method is written ${show(method)}. HTTP methods are case-sensitive.`, 'Send POST in upper case.', 'enablement-400');
  }
  if (method === 'GET') {
    return finding(
      'enablement.method',
      'fail',
      'GET only reads the status',
      'The request uses GET, which only reads the enablement status. It never enables the skill or links the account.',
      'Send POST to the same path with the JSON body to enable the skill and link the account.',
      'enablement-not-called',
    );
  }
  return finding('enablement.method', 'fail', `Method is ${method}, not POST`, `The request uses ${show(method, 20)}. The Skill Enablement API enables and links with POST.`, 'Send the request with POST.', 'enablement-400');
}

function hostFinding(request: PastedRequest, url: URL | null): Finding {
  if (!url) {
    return finding(
      'enablement.host',
      'warn',
      'API host unknown',
      `The request targets ${show(request.target, 80)} without a host, so the region endpoint cannot be checked.`,
      `Send it to the user's endpoint: ${listWords([...ENABLEMENT_HOSTS])} (ask GET /v1/alexaApiEndpoint which one).`,
      'enablement-customer-token',
    );
  }
  const host = url.hostname;
  if (url.protocol !== 'https:') {
    return finding('enablement.host', 'fail', 'Not HTTPS', `The request goes to ${show(`${url.protocol}//${url.host}`)} over plain HTTP; the API and the Amazon access token need HTTPS.`, `Use https://${host}.`, 'enablement-400');
  }
  if (url.port !== '') {
    return finding('enablement.host', 'fail', 'Unexpected port', `The request goes to port ${url.port} of ${host}; the API listens on 443.`, 'Drop the port from the URL.', 'enablement-400');
  }
  if ((ENABLEMENT_HOSTS as readonly string[]).includes(host)) {
    return finding(
      'enablement.host',
      'pass',
      'Known API host',
      `The request goes to ${host}. Make sure it is the endpoint GET /v1/alexaApiEndpoint returned for this user; if several came back, call each.`,
      '',
      'enablement-customer-token',
    );
  }
  if (host === FE_DOC_HOST) {
    return finding(
      'enablement.host',
      'warn',
      'Far East host from one doc page',
      `The request goes to ${FE_DOC_HOST}. One Amazon page lists this host for the Far East, while the Japanese docs and the endpoint API use api.fe.amazonalexa.com.`,
      'Use the host GET /v1/alexaApiEndpoint returns for the user, normally api.fe.amazonalexa.com for the Far East.',
      'enablement-customer-token',
    );
  }
  return finding(
    'enablement.host',
    'fail',
    'Not an enablement API host',
    `The request goes to ${show(host, 80)}. The Skill Enablement API lives at ${listWords([...ENABLEMENT_HOSTS])}.`,
    'Send the request to the endpoint GET https://api.amazonalexa.com/v1/alexaApiEndpoint returns for the user.',
    'enablement-customer-token',
  );
}

function pathFinding(url: URL | null, target: string): Finding {
  const rawPath = url ? url.pathname : target.split('?')[0] ?? '';
  const segments = rawPath.split('/').map(safeDecode);
  const expected = 'POST /v1/users/~current/skills/{skillId}/enablement';
  const shapeOk = segments.length === 7 && segments[0] === '' && segments[1] === 'v1' && segments[2] === 'users' && segments[4] === 'skills' && segments[6] === 'enablement';
  if (!shapeOk) {
    const hint = rawPath.endsWith('/') ? ' It ends with a slash.' : rawPath.includes('/skills/') && !rawPath.includes('/users/') ? ' The /users/~current part is missing.' : '';
    return finding('enablement.path', 'fail', 'Wrong API path', `The path is ${show(rawPath, 100)}.${hint} The enablement call is ${expected}.`, `Use exactly ${expected}.`, 'enablement-400');
  }
  const user = segments[3] ?? '';
  const skillId = segments[5] ?? '';
  if (user !== '~current') {
    return finding(
      'enablement.path',
      'fail',
      'User segment is not ~current',
      `The path names the user ${show(user, 60)}. The API works on the user the Amazon access token belongs to, written ~current.`,
      'Write /v1/users/~current/… and send the user\'s Amazon access token.',
      'enablement-400',
    );
  }
  if (SKILL_ID_PATTERN.test(skillId)) return finding('enablement.path', 'pass', 'Path and skill ID look right', `The path is /v1/users/~current/skills/${skillId}/enablement.`, '', 'enablement-400');
  if (/^[{<:]|^skillId$|^\$/i.test(skillId)) {
    return finding('enablement.path', 'fail', 'Skill ID is a placeholder', `The skill ID in the path is ${show(skillId, 60)}, a placeholder.`, 'Put the real skill ID (amzn1.ask.skill.…) in the path.', 'enablement-400');
  }
  const legacy = LEGACY_SKILL_ID.test(skillId) ? ' It has the older amzn1.echo-sdk-ams.app. form.' : '';
  return finding(
    'enablement.path',
    'warn',
    'Unusual skill ID',
    `The skill ID ${show(skillId, 80)} is not of the form amzn1.ask.skill.<uuid>.${legacy}`,
    'Copy the skill ID from the developer console (it looks like amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1).',
    'enablement-400',
  );
}

// ---- Authorization ------------------------------------------------------------------------------------------------

function headerValues(headers: Array<[string, string]>, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

function authorizationFinding(headers: Array<[string, string]>): { findings: Finding[]; secrets: string[]; bearerCaseWrong: boolean; tokenProblem: boolean } {
  const values = headerValues(headers, 'authorization');
  const none = { secrets: [] as string[], bearerCaseWrong: false };
  if (values.length === 0) {
    return {
      ...none,
      tokenProblem: true,
      findings: [
        finding(
          'enablement.authorization',
          'fail',
          'No Authorization header',
          "The request has no Authorization header. The API needs the user's Amazon access token.",
          "Send Authorization: Bearer {the user's Amazon access token}.",
          'enablement-customer-token',
        ),
      ],
    };
  }
  const secrets = values.flatMap((v) => [v, v.replace(/^\S+\s+/, '')]).filter((s) => s.length >= 4);
  if (values.length > 1) {
    return {
      secrets,
      bearerCaseWrong: false,
      tokenProblem: true,
      findings: [finding('enablement.authorization', 'fail', 'Several Authorization headers', `The request has ${values.length} Authorization headers.`, 'Send exactly one: Authorization: Bearer {token}.', 'enablement-400')],
    };
  }
  const value = values[0] ?? '';
  const space = value.search(/\s/);
  const scheme = space === -1 ? value : value.slice(0, space);
  const token = space === -1 ? '' : value.slice(space).replace(/^\s+/, '');
  const findings: Finding[] = [];
  let bearerCaseWrong = false;
  let tokenProblem = false;
  if (scheme === 'Bearer') {
    findings.push(finding('enablement.bearer', 'pass', 'Bearer in title case', 'The Authorization header starts with "Bearer ", as the API requires.', '', 'enablement-bearer-case'));
  } else if (scheme.toLowerCase() === 'bearer') {
    bearerCaseWrong = true;
    findings.push(
      finding(
        'enablement.bearer',
        'fail',
        `"${scheme}" is not title case`,
        `The Authorization header starts with "${scheme} ". The Skill Enablement API answers 400 unless it reads exactly "Bearer".`,
        'Write Authorization: Bearer {token}: capital B, the rest lower case, one space.',
        'enablement-bearer-case',
      ),
    );
  } else {
    tokenProblem = true;
    const what = scheme.toLowerCase() === 'basic' ? ' (HTTP Basic with a client ID and secret, perhaps from curl -u)' : token === '' ? ' (no scheme, only a value)' : '';
    findings.push(
      finding(
        'enablement.bearer',
        'fail',
        'Not a Bearer token',
        `The Authorization header uses the scheme ${show(scheme.length > 12 ? mask(scheme) : scheme, 40)}${what}. The API takes the user's Amazon access token as a Bearer token.`,
        "Get the user's Amazon access token from Login with Amazon and send Authorization: Bearer {token}.",
        'enablement-customer-token',
      ),
    );
    return { findings, secrets, bearerCaseWrong, tokenProblem };
  }
  findings.push(tokenFinding(token));
  tokenProblem = findings.some((f) => f.id === 'enablement.token' && f.status === 'fail');
  return { findings, secrets, bearerCaseWrong, tokenProblem };
}

function tokenFinding(token: string): Finding {
  if (token === '') {
    return finding('enablement.token', 'fail', 'Token is empty', 'The Authorization header says Bearer but carries no token.', "Put the user's Amazon access token after \"Bearer \".", 'enablement-customer-token');
  }
  if (/^["']|["']$|\s/.test(token)) {
    return finding('enablement.token', 'fail', 'Token has quotes or spaces', `The token ${mask(token)} has quotes or whitespace around or inside it.`, 'Send the bare token: no quotes, line breaks or extra spaces.', 'enablement-bearer-case');
  }
  if (/^\{|^\$|^<|^YOUR|^TOKEN$|^ACCESS_TOKEN$/i.test(token)) {
    return finding('enablement.token', 'fail', 'Token is a placeholder', `The token ${mask(token)} looks like a placeholder.`, "Put the user's real Amazon access token in the header.", 'enablement-customer-token');
  }
  if (token.startsWith('Atzr|')) {
    return finding(
      'enablement.token',
      'fail',
      'A refresh token, not an access token',
      `The token ${mask(token)} starts with Atzr|, the prefix of Login with Amazon refresh tokens.`,
      'Exchange the refresh token for an access token at https://api.amazon.com/auth/o2/token and send that (it starts with Atza|).',
      'enablement-customer-token',
    );
  }
  if (!token.startsWith('Atza|')) {
    const jwt = token.startsWith('eyJ') ? ' It looks like a JWT, which suggests a token from your own server.' : '';
    return finding(
      'enablement.token',
      'warn',
      'Not an Amazon access token?',
      `The token ${mask(token)} does not start with Atza|, the prefix Login with Amazon access tokens are reported to carry.${jwt}`,
      "Use the user's Amazon access token, from exchanging the Amazon authorization code with Alexa's client ID and secret (scope alexa::skills:account_linking), not your own token.",
      'enablement-customer-token',
    );
  }
  return finding('enablement.token', 'pass', 'Amazon access token', `The token ${mask(token)} has the Atza| prefix of Login with Amazon access tokens.`, '', 'enablement-customer-token');
}

function cookieSecrets(headers: Array<[string, string]>): string[] {
  return headerValues(headers, 'cookie').filter((v) => v.length >= 4);
}

// ---- Content-Type and body ----------------------------------------------------------------------------------------

function contentTypeFinding(request: PastedRequest): Finding {
  const given = headerValues(request.headers, 'content-type');
  const value = given[0] ?? request.impliedContentType;
  if (value === null || value === undefined) {
    if (request.body === null && request.method.toUpperCase() !== 'POST') {
      return finding('enablement.content-type', 'skip', 'No body to check', `A ${request.method} request without a body needs no Content-Type.`, '', 'enablement-400');
    }
    if (request.body === null) return finding('enablement.content-type', 'fail', 'No Content-Type and no body', 'The request has neither a Content-Type header nor a body.', 'Send Content-Type: application/json with the JSON body.', 'enablement-400');
    return finding('enablement.content-type', 'fail', 'No Content-Type', 'The request has a body but no Content-Type header.', 'Add Content-Type: application/json.', 'enablement-400');
  }
  const mediaType = value.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json') return finding('enablement.content-type', 'pass', 'Content-Type is JSON', `Content-Type: ${show(value, 60)}.`, '', 'enablement-400');
  const implied = given.length === 0 ? ' curl sends this on its own for -d/--data when no Content-Type header is given.' : '';
  return finding(
    'enablement.content-type',
    'fail',
    'Content-Type is not application/json',
    `The request is sent as ${show(value, 60)}.${implied} The API reads a JSON body.`,
    "Add -H 'Content-Type: application/json' (or use curl --json), and send the body as JSON.",
    'enablement-400',
  );
}

interface BodyCheck {
  findings: Finding[];
  secrets: string[];
  stage: string | null;
}

function bodyFindings(request: PastedRequest): BodyCheck {
  const out: BodyCheck = { findings: [], secrets: [], stage: null };
  if (request.body === null) {
    if (request.method !== 'POST') return out;
    out.findings.push(finding('enablement.body', 'fail', 'No body', 'The POST has no body. It needs stage and accountLinkRequest as JSON.', 'Send {"stage":"live","accountLinkRequest":{"redirectUri":"https://…","authCode":"…","type":"AUTH_CODE"}}.', 'enablement-400'));
    return out;
  }
  const parsed = parseJson(request.body);
  if (!parsed.ok) {
    out.findings.push(finding('enablement.body', 'fail', 'Body is not valid JSON', parsed.error.message, 'Send the body as JSON; check quotes (double quotes only) and commas.', 'enablement-400'));
    return out;
  }
  const body = parsed.value;
  if (!isRecord(body)) {
    out.findings.push(finding('enablement.body', 'fail', 'Body is not a JSON object', `The body is ${jsonKind(body)}; the API expects an object with stage and accountLinkRequest.`, 'Send {"stage":…,"accountLinkRequest":{…}}.', 'enablement-400'));
    return out;
  }
  out.findings.push(finding('enablement.body', 'pass', 'Body is a JSON object', `Top-level fields: ${Object.keys(body).slice(0, 10).join(', ') || 'none'}.`, '', 'enablement-400'));

  const stage = body.stage;
  if (stage === 'development' || stage === 'live') {
    out.stage = stage;
    out.findings.push(finding('enablement.stage', 'pass', `stage is ${stage}`, `stage: "${stage}".`, '', 'enablement-400'));
  } else {
    if (typeof stage === 'string') out.stage = stage;
    const detail = stage === undefined ? 'The body has no stage field.' : `stage is ${showValue(stage, 40)}; it must be "development" or "live", in lower case.`;
    out.findings.push(finding('enablement.stage', 'fail', stage === undefined ? 'stage missing' : 'stage is not development or live', detail, 'Set "stage": "development" for a skill in development, "live" for the published skill.', 'enablement-400'));
  }

  const alr = body.accountLinkRequest;
  if (!isRecord(alr)) {
    const detail = alr === undefined ? 'The body has no accountLinkRequest object.' : `accountLinkRequest is ${jsonKind(alr)}, not an object.`;
    const nearby = Object.keys(body).find((k) => k.toLowerCase() === 'accountlinkrequest' && k !== 'accountLinkRequest');
    out.findings.push(
      finding('enablement.account-link-request', 'fail', 'accountLinkRequest missing', nearby ? `${detail} There is a field spelled ${show(nearby)}; the name is case-sensitive.` : detail, 'Add "accountLinkRequest": {"redirectUri": "https://…", "authCode": "…", "type": "AUTH_CODE"}.', 'enablement-400'),
    );
    return out;
  }
  const authCode = alr.authCode;
  if (typeof authCode === 'string' && authCode.length >= 4) out.secrets.push(authCode);
  out.findings.push(typeFinding(alr.type));
  out.findings.push(authCodeFinding(authCode));
  out.findings.push(redirectUriFinding(alr.redirectUri));
  return out;
}

function typeFinding(type: unknown): Finding {
  if (type === 'AUTH_CODE') return finding('enablement.type', 'pass', 'type is AUTH_CODE', 'accountLinkRequest.type is "AUTH_CODE".', '', 'enablement-400');
  const detail = type === undefined ? 'accountLinkRequest has no type.' : `accountLinkRequest.type is ${showValue(type, 40)}; the only value is "AUTH_CODE", in upper case.`;
  return finding('enablement.type', 'fail', 'type is not AUTH_CODE', detail, 'Set "type": "AUTH_CODE".', 'enablement-400');
}

function authCodeFinding(authCode: unknown): Finding {
  if (typeof authCode === 'string' && authCode.trim() !== '') {
    return finding(
      'enablement.auth-code',
      'pass',
      'authCode is present',
      `authCode is ${mask(authCode)}. It must be a fresh code from your own authorization server, not the Amazon authorization code.`,
      '',
      'enablement-auth-code-mismatch',
    );
  }
  const detail = authCode === undefined ? 'accountLinkRequest has no authCode.' : `authCode is ${typeof authCode === 'string' ? 'empty' : jsonKind(authCode)}.`;
  return finding('enablement.auth-code', 'fail', 'authCode missing', detail, 'Put a fresh authorization code from your own authorization server in authCode.', 'enablement-auth-code-mismatch');
}

function redirectUriFinding(redirectUri: unknown): Finding {
  if (typeof redirectUri !== 'string' || redirectUri.trim() === '') {
    return finding('enablement.redirect-uri', 'fail', 'redirectUri missing', 'accountLinkRequest has no redirectUri.', 'Set redirectUri to the redirect URI your server used when it issued authCode.', 'enablement-auth-code-mismatch');
  }
  const url = parseUrl(redirectUri);
  if (!url || url.protocol !== 'https:') {
    return finding(
      'enablement.redirect-uri',
      'fail',
      'redirectUri is not an https URL',
      `redirectUri is ${show(redirectUri, 100)}; it must be a full https:// URL.`,
      'Set redirectUri to exactly the https redirect URI your server used when it issued authCode.',
      'enablement-auth-code-mismatch',
    );
  }
  return finding(
    'enablement.redirect-uri',
    'pass',
    'redirectUri is an https URL',
    `redirectUri is ${show(redirectUri, 100)}. Alexa sends it to your token endpoint with the code; it must equal the one used to get the code.`,
    '',
    'enablement-auth-code-mismatch',
  );
}

// ---- Observed status and message ----------------------------------------------------------------------------------

interface Observed {
  status: number | undefined;
  message: string;
}

function readObserved(input: EnablementRequestInput): Observed | null {
  const raw = input.observedStatus;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{3}$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
  const status = n !== undefined && n >= 100 && n <= 599 ? n : undefined;
  const message = typeof input.observedMessage === 'string' ? input.observedMessage.slice(0, 4096).trim() : '';
  return status === undefined && message === '' ? null : { status, message };
}

function observedFinding(observed: Observed, facts: Facts | null): Finding {
  const { status, message } = observed;
  const lower = message.toLowerCase();
  const said = [status !== undefined ? `HTTP ${status}` : '', message ? `the message ${show(message, 160)}` : ''].filter(Boolean).join(' with ');
  const id = 'enablement.observed';
  if (lower.includes('invalid account linking credentials')) {
    return finding(
      id,
      'fail',
      '"Invalid account linking credentials"',
      `Amazon answered ${said}. Alexa could not exchange authCode at your access token URI: the guide blames an OAuth 2.0 server Alexa does not support; a wrong or reused authCode, or a redirectUri that differs from the one used to get the code, is reported to give the same message.`,
      'First check that authCode is a fresh code from your own server and redirectUri is exactly the one it was issued for. If both are right, make your authorization server a complete OAuth 2.0 server that works for linking from the Alexa app.',
      'enablement-invalid-credentials',
    );
  }
  if (lower.includes('could not contact provider')) {
    return finding(
      id,
      'fail',
      '"Could not contact provider of account linking credentials"',
      `Amazon answered ${said}. Alexa could not reach your access token URI to exchange authCode.`,
      "Check your token server's logs for Alexa's request; if none arrived, check the access token URI in the console, DNS, firewalls and IP allow lists, and HTTPS.",
      'enablement-could-not-contact',
    );
  }
  if (status === 201) return finding(id, 'pass', 'Enabled and linked (201)', `Amazon answered ${said}: the skill is enabled and the account linked.`, '', 'enablement-not-called');
  if (status === 400) {
    if (facts?.bearerCaseWrong) {
      return finding(id, 'fail', '400: Bearer is not title case', `Amazon answered ${said}, and the Authorization header does not write "Bearer" in title case.`, 'Write Authorization: Bearer {token}.', 'enablement-bearer-case');
    }
    if (facts?.tokenProblem) {
      return finding(id, 'fail', "400: not the user's Amazon access token", `Amazon answered ${said}, and the request does not carry a usable Amazon access token.`, "Get the user's Amazon access token first and send it as Authorization: Bearer {token}.", 'enablement-customer-token');
    }
    return finding(id, 'fail', '400 Bad Request', `Amazon answered ${said}: the request is malformed. See the other findings for what differs from the documented request.`, 'Fix the failing findings above; then check authCode and redirectUri.', 'enablement-400');
  }
  if (status === 401) {
    return finding(
      id,
      'fail',
      '401 Unauthorized',
      `Amazon answered ${said}: the enablement for this user was deleted (the user disabled the skill) or the token was revoked.`,
      'Subscribe to SKILL_DISABLED, delete stored tokens when it arrives, and run the app-to-app flow again to link.',
      'enablement-401',
    );
  }
  if (status === 403) {
    const dev = facts?.stage === 'development' ? ' The request uses stage "development": only the developer account and beta testers may be linked to a skill in development.' : '';
    return finding(
      id,
      'fail',
      '403 Forbidden',
      `Amazon answered ${said}: your client ID lacks the account linking scope, or the account may not use this stage of the skill.${dev}`,
      "Add your app's redirect URLs in the console (TOOLS > Account linking); for a development skill, add the account as a beta tester.",
      'enablement-403',
    );
  }
  if (status === 404) {
    return finding(
      id,
      'warn',
      '404 Not Found',
      `Amazon answered ${said}. Amazon does not document this status for the call; the usual suspects are the path, the skill ID, and the region host.`,
      'Check the path and skill ID findings, and call the host GET /v1/alexaApiEndpoint returns for the user.',
      'enablement-400',
    );
  }
  if (status !== undefined && status >= 200 && status < 300) {
    return finding(id, 'warn', `${status}, not 201`, `Amazon answered ${said}. A successful enablement answers 201 Created.`, 'Check that the request is the POST with a body; a GET only reads the status.', 'enablement-not-called');
  }
  return finding(
    id,
    'warn',
    status !== undefined ? `HTTP ${status}` : 'Unrecognised message',
    `Amazon answered ${said || 'something not recognised'}. Amazon does not document what this means for the Skill Enablement API.`,
    'Fix any failing findings above; if the request is right, contact Amazon with the request ID and time.',
    'contact-amazon',
  );
}

// ---- masking ------------------------------------------------------------------------------------------------------

const SENSITIVE_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'x-amz-security-token']);

function maskRequest(request: PastedRequest, secrets: string[]): MaskedRequest {
  return {
    format: request.format,
    method: request.method,
    url: request.url === null ? null : maskAll(request.url, secrets),
    headers: request.headers.map(([n, v]) => [n, SENSITIVE_HEADERS.has(n.toLowerCase()) ? maskHeader(v) : maskAll(v, secrets)]),
    body: request.body === null ? null : maskAll(request.body, secrets),
  };
}

function maskHeader(value: string): string {
  const space = value.indexOf(' ');
  return space === -1 ? mask(value) : `${value.slice(0, space)} ${mask(value.slice(space + 1).trim())}`;
}

function maskFinding(f: Finding, secrets: string[]): Finding {
  return { ...f, title: maskAll(f.title, secrets), detail: maskAll(f.detail, secrets), fix: maskAll(f.fix, secrets) };
}

/** The Skill Enablement API request check, as the registry runs it. */
export const enablementRequestProbe = defineProbe({
  id: 'enablement-request',
  schema: enablementRequestInputSchema,
  fromForm: (form) => formTexts(form, ['request', 'observedStatus', 'observedMessage']),
  run: checkEnablementRequest,
});
