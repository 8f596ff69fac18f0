// The request line of a pasted Skill Enablement API request: POST, over https to the user's regional API host on the
// default port, at /v1/users/~current/skills/{skillId}/enablement with a real skill ID.
import { type Finding } from '@/lib/probes/findings';
import { safeDecode } from '@/lib/probes/urls';
import { listWords, show } from '@/lib/probes/wording';
import { SKILL_ID_PATTERN } from '@/lib/alexa';
import { finding } from './findings';
import { type PastedRequest } from './request-text';

/** The Skill Enablement API's host in each region; GET /v1/alexaApiEndpoint says which ones serve a user. */
const ENABLEMENT_HOSTS = ['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com'] as const;
/** The Far East host one Amazon page gives, where the Japanese docs and the endpoint API give api.fe.amazonalexa.com. */
const FE_DOC_HOST = 'api.fe.amazon.com';
const LEGACY_SKILL_ID = /^amzn1\.echo-sdk-ams\.app\.[0-9a-f-]{36}$/i;

export function methodFinding(method: string): Finding {
  if (method === 'POST') return finding('enablement.method', 'pass', 'The method is POST', 'The request uses POST, which enables the skill and links the account.', '', 'enablement-400');
  if (method.toUpperCase() === 'POST') {
    return finding('enablement.method', 'warn', `The method is written ${show(method, 20)}, not POST`, `The method is written ${show(method)}. HTTP methods are case-sensitive.`, 'Send POST in upper case.', 'enablement-400');
  }
  if (method === 'GET') {
    return finding(
      'enablement.method',
      'fail',
      'The method is GET, which only reads the status',
      'The request uses GET, which only reads the enablement status. It never enables the skill or links the account.',
      'Send POST to the same path with the JSON body to enable the skill and link the account.',
      'enablement-not-called',
    );
  }
  return finding('enablement.method', 'fail', `The method is ${method.slice(0, 20)}, not POST`, `The request uses ${show(method, 20)}. The Skill Enablement API enables and links with POST.`, 'Send the request with POST.', 'enablement-400');
}

export function hostFinding(request: PastedRequest, url: URL | null): Finding {
  if (!url) {
    return finding(
      'enablement.host',
      'warn',
      'The request names no host',
      `The request targets ${show(request.target, 80)} without a host, so the region endpoint cannot be checked.`,
      `Send it to the user's endpoint: ${listWords([...ENABLEMENT_HOSTS])} (ask GET /v1/alexaApiEndpoint which one).`,
      'enablement-customer-token',
    );
  }
  const host = url.hostname;
  if (url.protocol !== 'https:') {
    return finding('enablement.host', 'fail', 'The request goes over plain http', `The request goes to ${show(`${url.protocol}//${url.host}`)} over plain HTTP; the API and the Amazon access token need HTTPS.`, `Use https://${host}.`, 'enablement-400');
  }
  if (url.port !== '') {
    return finding('enablement.host', 'fail', `The request goes to port ${url.port}, not 443`, `The request goes to port ${url.port} of ${host}; the API listens on 443.`, 'Drop the port from the URL.', 'enablement-400');
  }
  if ((ENABLEMENT_HOSTS as readonly string[]).includes(host)) {
    return finding(
      'enablement.host',
      'pass',
      `The request goes to ${host}, an Alexa API host`,
      `The request goes to ${host}. Make sure it is the endpoint GET /v1/alexaApiEndpoint returned for this user; if several came back, call each.`,
      '',
      'enablement-customer-token',
    );
  }
  if (host === FE_DOC_HOST) {
    return finding(
      'enablement.host',
      'warn',
      `The request goes to ${FE_DOC_HOST}, a Far East host only one doc page lists`,
      `The request goes to ${FE_DOC_HOST}. One Amazon page lists this host for the Far East, while the Japanese docs and the endpoint API use api.fe.amazonalexa.com.`,
      'Use the host GET /v1/alexaApiEndpoint returns for the user, normally api.fe.amazonalexa.com for the Far East.',
      'enablement-customer-token',
    );
  }
  return finding(
    'enablement.host',
    'fail',
    `The request goes to ${show(host, 60)}, not an enablement API host`,
    `The request goes to ${show(host, 80)}. The Skill Enablement API lives at ${listWords([...ENABLEMENT_HOSTS])}.`,
    'Send the request to the endpoint GET https://api.amazonalexa.com/v1/alexaApiEndpoint returns for the user.',
    'enablement-customer-token',
  );
}

export function pathFinding(url: URL | null, target: string): Finding {
  const rawPath = url ? url.pathname : target.split('?')[0] ?? '';
  const segments = rawPath.split('/').map(safeDecode);
  const expected = 'POST /v1/users/~current/skills/{skillId}/enablement';
  const shapeOk = segments.length === 7 && segments[0] === '' && segments[1] === 'v1' && segments[2] === 'users' && segments[4] === 'skills' && segments[6] === 'enablement';
  if (!shapeOk) {
    const hint = rawPath.endsWith('/') ? ' It ends with a slash.' : rawPath.includes('/skills/') && !rawPath.includes('/users/') ? ' The /users/~current part is missing.' : '';
    return finding('enablement.path', 'fail', `The path is ${show(rawPath, 60)}, not the enablement call`, `The path is ${show(rawPath, 100)}.${hint} The enablement call is ${expected}.`, `Use exactly ${expected}.`, 'enablement-400');
  }
  const user = segments[3] ?? '';
  const skillId = segments[5] ?? '';
  if (user !== '~current') {
    return finding(
      'enablement.path',
      'fail',
      `The path names the user ${show(user, 30)}, not ~current`,
      `The path names the user ${show(user, 60)}. The API works on the user the Amazon access token belongs to, written ~current.`,
      'Write /v1/users/~current/… and send the user\'s Amazon access token.',
      'enablement-400',
    );
  }
  if (SKILL_ID_PATTERN.test(skillId)) return finding('enablement.path', 'pass', 'The path is the enablement call for a well-formed skill ID', `The path is /v1/users/~current/skills/${skillId}/enablement.`, '', 'enablement-400');
  if (/^[{<:]|^skillId$|^\$/i.test(skillId)) {
    return finding('enablement.path', 'fail', `The skill ID ${show(skillId, 40)} is a placeholder`, `The skill ID in the path is ${show(skillId, 60)}, a placeholder.`, 'Put the real skill ID (amzn1.ask.skill.…) in the path.', 'enablement-400');
  }
  const legacy = LEGACY_SKILL_ID.test(skillId) ? ' It has the older amzn1.echo-sdk-ams.app. form.' : '';
  return finding(
    'enablement.path',
    'warn',
    `The skill ID ${show(skillId, 40)} is not amzn1.ask.skill.<uuid>`,
    `The skill ID ${show(skillId, 80)} is not of the form amzn1.ask.skill.<uuid>.${legacy}`,
    'Copy the skill ID from the developer console (it looks like amzn1.ask.skill.eb6e6958-a33c-4050-a1f4-ceaeda2eddb1).',
    'enablement-400',
  );
}
