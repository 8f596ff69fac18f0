// The headers of a pasted Skill Enablement API request: exactly one Authorization header carrying the user's Amazon
// access token as "Bearer <token>" (the API answers 400 unless "Bearer" is in title case), and a JSON Content-Type.
// The secrets found on the way are handed back so that the result can mask them.
import { type Finding } from '@/lib/probes/findings';
import { mask, show } from '@/lib/probes/wording';
import { finding } from './findings';
import { type PastedRequest } from './request-text';

function headerValues(headers: Array<[string, string]>, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

export function authorizationFinding(headers: Array<[string, string]>): { findings: Finding[]; secrets: string[]; bearerCaseWrong: boolean; tokenProblem: boolean } {
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
          'The request has no Authorization header',
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
      findings: [finding('enablement.authorization', 'fail', `The request has ${values.length} Authorization headers`, `The request has ${values.length} Authorization headers.`, 'Send exactly one: Authorization: Bearer {token}.', 'enablement-400')],
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
    findings.push(finding('enablement.bearer', 'pass', 'The Authorization header says Bearer, in title case', 'The Authorization header starts with "Bearer ", as the API requires.', '', 'enablement-bearer-case'));
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
        `The Authorization header’s scheme is ${show(scheme.length > 12 ? mask(scheme) : scheme, 20)}, not Bearer`,
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
    return finding('enablement.token', 'fail', 'The Authorization header carries no token', 'The Authorization header says Bearer but carries no token.', "Put the user's Amazon access token after \"Bearer \".", 'enablement-customer-token');
  }
  if (/^["']|["']$|\s/.test(token)) {
    return finding('enablement.token', 'fail', 'The token has quotes or spaces', `The token ${mask(token)} has quotes or whitespace around or inside it.`, 'Send the bare token: no quotes, line breaks or extra spaces.', 'enablement-bearer-case');
  }
  if (/^\{|^\$|^<|^YOUR|^TOKEN$|^ACCESS_TOKEN$/i.test(token)) {
    return finding('enablement.token', 'fail', 'The token is a placeholder', `The token ${mask(token)} looks like a placeholder.`, "Put the user's real Amazon access token in the header.", 'enablement-customer-token');
  }
  if (token.startsWith('Atzr|')) {
    return finding(
      'enablement.token',
      'fail',
      'The token is a refresh token (Atzr|), not an access token',
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
      'The token does not start with Atza|',
      `The token ${mask(token)} does not start with Atza|, the prefix of the Login with Amazon access tokens in Amazon’s documentation.${jwt}`,
      "Use the user's Amazon access token, from exchanging the Amazon authorization code with Alexa's client ID and secret (scope alexa::skills:account_linking), not your own token.",
      'enablement-customer-token',
    );
  }
  return finding('enablement.token', 'pass', 'The token has the Atza| prefix of Amazon access tokens', `The token ${mask(token)} has the Atza| prefix of Login with Amazon access tokens.`, '', 'enablement-customer-token');
}

export function cookieSecrets(headers: Array<[string, string]>): string[] {
  return headerValues(headers, 'cookie').filter((v) => v.length >= 4);
}


export function contentTypeFinding(request: PastedRequest): Finding {
  const given = headerValues(request.headers, 'content-type');
  const value = given[0] ?? request.impliedContentType;
  if (value === null || value === undefined) {
    if (request.body === null && request.method.toUpperCase() !== 'POST') {
      return finding('enablement.content-type', 'skip', 'No body to check', `A ${request.method} request without a body needs no Content-Type.`, '', 'enablement-400');
    }
    if (request.body === null) return finding('enablement.content-type', 'fail', 'The request has no Content-Type and no body', 'The request has neither a Content-Type header nor a body.', 'Send Content-Type: application/json with the JSON body.', 'enablement-400');
    return finding('enablement.content-type', 'fail', 'The request has a body but no Content-Type', 'The request has a body but no Content-Type header.', 'Add Content-Type: application/json.', 'enablement-400');
  }
  const mediaType = value.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json') return finding('enablement.content-type', 'pass', 'Content-Type is application/json', `Content-Type: ${show(value, 60)}.`, '', 'enablement-400');
  const implied = given.length === 0 ? ' curl sends this on its own for -d/--data when no Content-Type header is given.' : '';
  return finding(
    'enablement.content-type',
    'fail',
    `Content-Type is ${show(mediaType || value, 40)}, not application/json`,
    `The request is sent as ${show(value, 60)}.${implied} The API reads a JSON body.`,
    "Add -H 'Content-Type: application/json' (or use curl --json), and send the body as JSON.",
    'enablement-400',
  );
}
