// The JSON body of a pasted Skill Enablement API request: an object with stage ("development" or "live") and an
// accountLinkRequest of type AUTH_CODE, with a code from the skill's own authorization server and the https redirect
// URI that code was issued for.
import { isRecord, jsonKind, parseJson } from '@/lib/json';
import { type Finding } from '@/lib/probes/findings';
import { parseUrl } from '@/lib/probes/urls';
import { mask, show, showValue } from '@/lib/probes/wording';
import { finding } from './findings';
import { type PastedRequest } from './request-text';

export interface BodyCheck {
  findings: Finding[];
  secrets: string[];
  stage: string | null;
}

export function bodyFindings(request: PastedRequest): BodyCheck {
  const out: BodyCheck = { findings: [], secrets: [], stage: null };
  if (request.body === null) {
    if (request.method !== 'POST') return out;
    out.findings.push(finding('enablement.body', 'fail', 'The POST has no body', 'The POST has no body. It needs stage and accountLinkRequest as JSON.', 'Send {"stage":"live","accountLinkRequest":{"redirectUri":"https://…","authCode":"…","type":"AUTH_CODE"}}.', 'enablement-400'));
    return out;
  }
  const parsed = parseJson(request.body);
  if (!parsed.ok) {
    out.findings.push(finding('enablement.body', 'fail', 'The body is not valid JSON', parsed.error.message, 'Send the body as JSON; check quotes (double quotes only) and commas.', 'enablement-400'));
    return out;
  }
  const body = parsed.value;
  if (!isRecord(body)) {
    out.findings.push(finding('enablement.body', 'fail', `The body is ${jsonKind(body)}, not a JSON object`, `The body is ${jsonKind(body)}; the API expects an object with stage and accountLinkRequest.`, 'Send {"stage":…,"accountLinkRequest":{…}}.', 'enablement-400'));
    return out;
  }
  out.findings.push(finding('enablement.body', 'pass', 'The body is a JSON object', `Top-level fields: ${Object.keys(body).slice(0, 10).join(', ') || 'none'}.`, '', 'enablement-400'));

  const stage = body.stage;
  if (stage === 'development' || stage === 'live') {
    out.stage = stage;
    out.findings.push(finding('enablement.stage', 'pass', `stage is ${stage}`, `stage: "${stage}".`, '', 'enablement-400'));
  } else {
    if (typeof stage === 'string') out.stage = stage;
    const detail = stage === undefined ? 'The body has no stage field.' : `stage is ${showValue(stage, 40)}; it must be "development" or "live", in lower case.`;
    out.findings.push(finding('enablement.stage', 'fail', stage === undefined ? 'The body has no stage' : `stage is ${showValue(stage, 30)}, not development or live`, detail, 'Set "stage": "development" for a skill in development, "live" for the published skill.', 'enablement-400'));
  }

  const alr = body.accountLinkRequest;
  if (!isRecord(alr)) {
    const detail = alr === undefined ? 'The body has no accountLinkRequest object.' : `accountLinkRequest is ${jsonKind(alr)}, not an object.`;
    const nearby = Object.keys(body).find((k) => k.toLowerCase() === 'accountlinkrequest' && k !== 'accountLinkRequest');
    out.findings.push(
      finding('enablement.account-link-request', 'fail', alr === undefined ? 'The body has no accountLinkRequest' : `accountLinkRequest is ${jsonKind(alr)}, not an object`, nearby ? `${detail} There is a field spelled ${show(nearby)}; the name is case-sensitive.` : detail, 'Add "accountLinkRequest": {"redirectUri": "https://…", "authCode": "…", "type": "AUTH_CODE"}.', 'enablement-400'),
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
  return finding('enablement.type', 'fail', type === undefined ? 'accountLinkRequest has no type' : `type is ${showValue(type, 30)}, not AUTH_CODE`, detail, 'Set "type": "AUTH_CODE".', 'enablement-400');
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
  return finding('enablement.auth-code', 'fail', authCode === undefined ? 'accountLinkRequest has no authCode' : 'authCode is not a usable code', detail, 'Put a fresh authorization code from your own authorization server in authCode.', 'enablement-auth-code-mismatch');
}

function redirectUriFinding(redirectUri: unknown): Finding {
  if (typeof redirectUri !== 'string' || redirectUri.trim() === '') {
    return finding('enablement.redirect-uri', 'fail', 'accountLinkRequest has no redirectUri', 'accountLinkRequest has no redirectUri.', 'Set redirectUri to the redirect URI your server used when it issued authCode.', 'enablement-auth-code-mismatch');
  }
  const url = parseUrl(redirectUri);
  if (!url || url.protocol !== 'https:') {
    return finding(
      'enablement.redirect-uri',
      'fail',
      `redirectUri is ${show(redirectUri, 60)}, not an https URL`,
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
