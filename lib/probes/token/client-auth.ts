// Client authentication: whether the server accepts the client credentials sent with the scheme chosen in the Alexa
// console. When its answer can mean that it refused them (401, 403, or 400 with invalid_client, unauthorized_client or
// invalid_request: servers use all of these for credentials sent the way they do not expect), the request is sent once
// more with the other scheme, to say which one it expects. Sets token.client-auth.

import 'server-only';
import { CLIENT_AUTH_SCHEME_LABELS, type ClientAuthScheme } from '@/lib/alexa';
import type { OutboundResponse } from '@/lib/net';
import { describeFailure, type TokenExchange } from './exchange';
import type { TokenFindings } from './findings';
import type { TokenProbeInput } from './input';
import { oauthErrorOf, quote, readBody, statusLine, TOKEN_REPLY_MAX_BYTES } from './reply';

/** Which reply the checks of the reply's format read, and the scheme that got past client authentication. */
export interface ClientAuthOutcome {
  /** The retry's reply when it got past client authentication, else the first reply. */
  evaluated: OutboundResponse;
  /** Added to the details taken from the retry's reply; empty when they come from the first. */
  note: string;
  schemeThatWorks: ClientAuthScheme | null;
  /** The scheme configured, when the server did not accept it and the other one worked; else null. */
  refusedScheme: ClientAuthScheme | null;
}

/** Characters that HTTP Basic form-encodes, and that servers decode in different ways. */
const SPECIAL_CHARACTERS = /[^A-Za-z0-9._~-]/;

const otherScheme = (s: ClientAuthScheme): ClientAuthScheme => (s === 'HTTP_BASIC' ? 'REQUEST_BODY_CREDENTIALS' : 'HTTP_BASIC');

/** OAuth errors that servers send when the client credentials were not accepted as sent. */
const CLIENT_AUTH_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_request']);

/** Errors that say the client credentials are wrong: OAuth's, and GitHub's (which it sends with HTTP 200). */
const WRONG_CREDENTIALS = new Set(['invalid_client', 'incorrect_client_credentials']);

/** The server surely refused the client credentials: 401, or an error that says so. */
function refused(r: OutboundResponse): boolean {
  const error = oauthErrorOf(r);
  return r.status === 401 || (error !== undefined && WRONG_CREDENTIALS.has(error));
}

/**
 * The answer can mean that the client credentials were refused: a refusal, a 403, or a 400 with an error that some
 * servers use for credentials they did not accept. Only the other scheme's answer tells which it was.
 */
export function mayBeClientAuthRefusal(r: OutboundResponse): boolean {
  if (refused(r) || r.status === 403) return true;
  const error = oauthErrorOf(r);
  return r.status >= 400 && r.status < 500 && error !== undefined && CLIENT_AUTH_ERRORS.has(error);
}

export async function checkClientAuth(findings: TokenFindings, exchange: TokenExchange, input: TokenProbeInput, first: OutboundResponse): Promise<ClientAuthOutcome> {
  const firstError = oauthErrorOf(first);
  if (mayBeClientAuthRefusal(first)) return retryWithOtherScheme(findings, exchange, input, first, firstError);
  if (first.status === 200 || firstError) {
    const specials = SPECIAL_CHARACTERS.test(input.clientSecret) || SPECIAL_CHARACTERS.test(input.clientId);
    const pastIt = firstError ? `: its error, ${quote(firstError, 40)}, is about the grant or the request, not the client` : '';
    if (input.scheme === 'HTTP_BASIC' && specials) {
      findings.set(
        'token.client-auth',
        'warn',
        `The server accepted the credentials sent with HTTP Basic, form-encoded before base64 as RFC 6749 §2.3.1 says${pastIt}. The client ID or secret contains characters other than letters, digits and . _ ~ -; whether Alexa form-encodes them is not documented, and servers disagree.`,
        'Use a client secret (and ID) made only of letters, digits and . _ ~ - to rule this out.', { title: 'The client ID or secret has characters Alexa may encode differently in HTTP Basic' },
      );
    } else {
      findings.set('token.client-auth', 'pass', `The server accepted the client credentials sent with ${CLIENT_AUTH_SCHEME_LABELS[input.scheme]}${pastIt}.`, '', { title: `The server accepts the client credentials sent with ${CLIENT_AUTH_SCHEME_LABELS[input.scheme]}` });
    }
    return { evaluated: first, note: '', schemeThatWorks: input.scheme, refusedScheme: null };
  }
  if (first.redirect) findings.set('token.client-auth', 'skip', 'Not checked: the server redirected instead of answering.');
  else findings.set('token.client-auth', 'skip', `Not clear: the server answered ${statusLine(first)} without an OAuth error code.`);
  return { evaluated: first, note: '', schemeThatWorks: null, refusedScheme: null };
}

/** The answer came from past client authentication: tokens, or an OAuth error about the grant or the request. */
function gotPast(r: OutboundResponse): boolean {
  const error = oauthErrorOf(r);
  return error === undefined ? r.status === 200 : !mayBeClientAuthRefusal(r);
}

async function retryWithOtherScheme(
  findings: TokenFindings,
  exchange: TokenExchange,
  input: TokenProbeInput,
  first: OutboundResponse,
  firstError: string | undefined,
): Promise<ClientAuthOutcome> {
  const alt = otherScheme(input.scheme);
  const retry = await exchange.send(alt, 'client-auth-retry');
  const used = CLIENT_AUTH_SCHEME_LABELS[input.scheme];
  const altLabel = CLIENT_AUTH_SCHEME_LABELS[alt];
  const firstEvidence = evidence(first, firstError);
  const notWorking: ClientAuthOutcome = { evaluated: first, note: '', schemeThatWorks: null, refusedScheme: null };
  const checkCredentials = 'Check the client ID and secret against your authorization server’s client registration, and enter the same values in the Alexa console.';
  if (!retry.response) {
    if (refused(first))
      findings.set(
        'token.client-auth',
        'fail',
        `With ${used} the server refused the client credentials (${firstEvidence}). The retry with ${altLabel} failed: ${describeFailure(retry.failure)}.`,
        'Check the client ID and secret, and the Client Authentication Scheme in the Alexa console.', { title: `The server refuses the client credentials sent with ${used} (HTTP ${first.status})` },
      );
    else
      findings.set(
        'token.client-auth',
        'warn',
        `Not clear: with ${used} the server answered ${firstEvidence}, which can mean that it did not accept the client credentials as sent, and the retry with ${altLabel} failed: ${describeFailure(retry.failure)}.`,
        'Check which client authentication method your server allows for this client, and choose the same one in the Alexa console.', { title: `Not clear whether the server accepts the client credentials sent with ${used} (HTTP ${first.status})` },
      );
    return notWorking;
  }
  const r = retry.response;
  const retryEvidence = evidence(r, oauthErrorOf(r));
  if (gotPast(r)) {
    findings.set(
      'token.client-auth',
      'fail',
      `With ${used} the server did not accept the client credentials (${firstEvidence}). Sent once more with ${altLabel}, it ${
        r.status === 200 && !oauthErrorOf(r) ? `accepted them (${statusLine(r)})` : `got past client authentication (${retryEvidence})`
      }, so ${altLabel} is the scheme this server expects.`,
      `In the Alexa developer console, under Account Linking, set Client Authentication Scheme to “${altLabel}”.`, { title: `The server refuses ${used} and accepts ${altLabel}: the console’s scheme is wrong` },
    );
    return { evaluated: r, note: ` (from the retry with ${altLabel})`, schemeThatWorks: alt, refusedScheme: input.scheme };
  }
  if (refused(first) || refused(r)) {
    findings.set(
      'token.client-auth',
      'fail',
      `The server refused the client credentials with both schemes: ${used} (${firstEvidence}) and ${altLabel} (${retryEvidence}). The client ID or secret is probably wrong${SPECIAL_CHARACTERS.test(input.clientSecret + input.clientId) ? ', or the server decodes special characters in them differently' : ''}.`,
      checkCredentials, { title: `The server refuses the client credentials with both schemes (HTTP ${first.status}, HTTP ${r.status})` },
    );
    return notWorking;
  }
  findings.set(
    'token.client-auth',
    'warn',
    `Not clear: the server answered ${used} with ${firstEvidence} and ${altLabel} with ${retryEvidence}. Neither scheme got past this answer, so it is about this client or the request rather than how the credentials are sent — or the credentials are wrong.`,
    `${checkCredentials} See also the OAuth error finding.`, { title: `Neither client authentication scheme gets past the server’s answer (HTTP ${first.status}, HTTP ${r.status})` },
  );
  return notWorking;
}

function evidence(r: OutboundResponse, error: string | undefined): string {
  return `${statusLine(r)}${error ? `, error ${quote(error, 60)}` : ''}`;
}
