// App-to-app linking: check a pasted Skill Enablement API request (the call an app or its server makes to enable the
// skill and link the account) part by part, explain the status or message Amazon answered, and mask every secret in it.

import 'server-only';
import { parsePastedRequest, type PastedRequest } from './request-text';
import { type Finding } from '@/lib/probes/findings';
import { parseUrl } from '@/lib/probes/urls';
import { mask, maskAll } from '@/lib/probes/wording';
import { enablementRequestInputSchema, type EnablementRequestInput, type MaskedRequest, type EnablementRequestResult } from './input';
import { defineProbe } from '@/lib/probes/definition';
import { formTexts } from '@/lib/form-data';
import { finding } from './findings';
import { hostFinding, methodFinding, pathFinding } from './request-line';
import { authorizationFinding, contentTypeFinding, cookieSecrets } from './headers';
import { bodyFindings } from './body';
import { observedFinding, readObserved, type Facts } from './observed';

export function checkEnablementRequest(input: EnablementRequestInput): EnablementRequestResult {
  const parsed = parsePastedRequest(typeof input.request === 'string' ? input.request : '');
  const observed = readObserved(input);
  if (!parsed.ok) {
    const findings = [finding('enablement.parse', 'fail', 'The request could not be read', parsed.error.message, 'Paste the whole curl command, or the request line, headers, a blank line and the JSON body.', 'enablement-400')];
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
  const facts: Facts = { bearerCaseWrong: auth.bearerCaseWrong, tokenProblem: auth.tokenProblem, stage: body.stage };
  if (observed) findings.push(observedFinding(observed, facts));
  return { findings: findings.map((f) => maskFinding(f, secrets)), request: maskRequest(request, secrets) };
}

// What the result shows of the request: headers that carry credentials are masked whole, and every secret the checks
// found (token, authCode, cookies) is masked wherever else it appears, URL and body included.
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
  // The request carries the user's Alexa token and the authorization code.
  secretFields: { request: true },
  run: checkEnablementRequest,
});
