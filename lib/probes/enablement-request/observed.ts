// What the status and message Amazon answered mean, read together with what the request itself showed (a 400 with
// "bearer" in lower case has a different fix than a 400 without a usable token).
import { type Finding } from '@/lib/probes/findings';
import { show } from '@/lib/probes/wording';
import { finding } from './findings';
import { type EnablementRequestInput } from './input';

/** What the request showed that changes how Amazon's answer reads. */
export interface Facts {
  bearerCaseWrong: boolean;
  tokenProblem: boolean;
  stage: string | null;
}

export interface Observed {
  status: number | undefined;
  message: string;
}

export function readObserved(input: EnablementRequestInput): Observed | null {
  const raw = input.observedStatus;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{3}$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
  const status = n !== undefined && n >= 100 && n <= 599 ? n : undefined;
  const message = typeof input.observedMessage === 'string' ? input.observedMessage.slice(0, 4096).trim() : '';
  return status === undefined && message === '' ? null : { status, message };
}

export function observedFinding(observed: Observed, facts: Facts | null): Finding {
  const { status, message } = observed;
  const lower = message.toLowerCase();
  const said = [status !== undefined ? `HTTP ${status}` : '', message ? `the message ${show(message, 160)}` : ''].filter(Boolean).join(' with ');
  const id = 'enablement.observed';
  if (lower.includes('invalid account linking credentials')) {
    return finding(
      id,
      'fail',
      'Amazon answered “Invalid account linking credentials”',
      `Amazon answered ${said}. Alexa could not exchange authCode at your access token URI: the guide blames an OAuth 2.0 server Alexa does not support; a wrong or reused authCode, or a redirectUri that differs from the one used to get the code, gives the same message in developers’ reports.`,
      'First check that authCode is a fresh code from your own server and redirectUri is exactly the one it was issued for. If both are right, make your authorization server a complete OAuth 2.0 server that works for linking from the Alexa app.',
      'enablement-invalid-credentials',
    );
  }
  if (lower.includes('could not contact provider')) {
    return finding(
      id,
      'fail',
      'Amazon answered “Could not contact provider of account linking credentials”',
      `Amazon answered ${said}. Alexa could not reach your access token URI to exchange authCode.`,
      "Check your token server's logs for Alexa's request; if none arrived, check the access token URI in the console, DNS, firewalls and IP allow lists, and HTTPS.",
      'enablement-could-not-contact',
    );
  }
  if (status === 201) return finding(id, 'pass', 'Amazon answered 201: enabled and linked', `Amazon answered ${said}: the skill is enabled and the account linked.`, '', 'enablement-not-called');
  if (status === 400) {
    if (facts?.bearerCaseWrong) {
      return finding(id, 'fail', 'Amazon answered 400, and “Bearer” is not in title case', `Amazon answered ${said}, and the Authorization header does not write "Bearer" in title case.`, 'Write Authorization: Bearer {token}.', 'enablement-bearer-case');
    }
    if (facts?.tokenProblem) {
      return finding(id, 'fail', 'Amazon answered 400, and the token is not the user’s Amazon access token', `Amazon answered ${said}, and the request does not carry a usable Amazon access token.`, "Get the user's Amazon access token first and send it as Authorization: Bearer {token}.", 'enablement-customer-token');
    }
    return finding(id, 'fail', 'Amazon answered 400 Bad Request', `Amazon answered ${said}: the request is malformed. See the other findings for what differs from the documented request.`, 'Fix the failing findings above; then check authCode and redirectUri.', 'enablement-400');
  }
  if (status === 401) {
    return finding(
      id,
      'fail',
      'Amazon answered 401 Unauthorized',
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
      'Amazon answered 403 Forbidden',
      `Amazon answered ${said}: your client ID lacks the account linking scope, or the account may not use this stage of the skill.${dev}`,
      "Add your app's redirect URLs in the console (TOOLS > Account linking); for a development skill, add the account as a beta tester.",
      'enablement-403',
    );
  }
  if (status === 404) {
    return finding(
      id,
      'warn',
      'Amazon answered 404 Not Found',
      `Amazon answered ${said}. Amazon does not document this status for the call; the usual suspects are the path, the skill ID, and the region host.`,
      'Check the path and skill ID findings, and call the host GET /v1/alexaApiEndpoint returns for the user.',
      'enablement-400',
    );
  }
  if (status !== undefined && status >= 200 && status < 300) {
    return finding(id, 'warn', `Amazon answered ${status}, not 201`, `Amazon answered ${said}. A successful enablement answers 201 Created.`, 'Check that the request is the POST with a body; a GET only reads the status.', 'enablement-not-called');
  }
  return finding(
    id,
    'warn',
    status !== undefined ? `Amazon answered HTTP ${status}` : 'Amazon’s answer is not one Link Doctor knows',
    `Amazon answered ${said || 'something not recognised'}. Amazon does not document what this means for the Skill Enablement API.`,
    'Fix any failing findings above; if the request is right, contact Amazon with the request ID and time.',
    'contact-amazon',
  );
}
