// Client authentication: whether the server accepts the client credentials sent with the scheme chosen in the Alexa
// console. When it refuses them, the request is sent once more with the other scheme, to say which one it expects.
// Sets token.client-auth.

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
}

/** Characters that HTTP Basic form-encodes, and that servers decode in different ways. */
const SPECIAL_CHARACTERS = /[^A-Za-z0-9._~-]/;

const otherScheme = (s: ClientAuthScheme): ClientAuthScheme => (s === 'HTTP_BASIC' ? 'REQUEST_BODY_CREDENTIALS' : 'HTTP_BASIC');

/** The server refused the client credentials: 401, or the OAuth error invalid_client. */
function refused(r: OutboundResponse): boolean {
  const shape = readBody(r, TOKEN_REPLY_MAX_BYTES);
  return r.status === 401 || (shape.kind === 'object' && shape.value.error === 'invalid_client');
}

export async function checkClientAuth(findings: TokenFindings, exchange: TokenExchange, input: TokenProbeInput, first: OutboundResponse): Promise<ClientAuthOutcome> {
  const firstError = oauthErrorOf(first);
  if (refused(first)) return retryWithOtherScheme(findings, exchange, input, first, firstError);
  if (first.status === 200 || (firstError && firstError !== 'invalid_client')) {
    const specials = SPECIAL_CHARACTERS.test(input.clientSecret) || SPECIAL_CHARACTERS.test(input.clientId);
    const accepted = first.status === 200 ? 'accepted' : `did not refuse (it answered ${quote(firstError ?? '', 40)}, not invalid_client)`;
    if (input.scheme === 'HTTP_BASIC' && specials) {
      findings.set(
        'token.client-auth',
        'warn',
        `The server ${accepted} the credentials sent with HTTP Basic, form-encoded before base64 as RFC 6749 §2.3.1 says. The client ID or secret contains characters other than letters, digits and . _ ~ -; whether Alexa form-encodes them is not documented, and servers disagree.`,
        'Use a client secret (and ID) made only of letters, digits and . _ ~ - to rule this out.',
      );
    } else {
      findings.set('token.client-auth', 'pass', `The server ${accepted} the client credentials sent with ${CLIENT_AUTH_SCHEME_LABELS[input.scheme]}.`);
    }
    return { evaluated: first, note: '', schemeThatWorks: input.scheme };
  }
  if (first.redirect) findings.set('token.client-auth', 'skip', 'Not checked: the server redirected instead of answering.');
  else findings.set('token.client-auth', 'skip', `Not clear: the server answered ${statusLine(first)} without an OAuth error code.`);
  return { evaluated: first, note: '', schemeThatWorks: null };
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
  const firstEvidence = `${statusLine(first)}${firstError ? `, error ${quote(firstError, 60)}` : ''}`;
  const notWorking = { evaluated: first, note: '', schemeThatWorks: null };
  if (!retry.response) {
    findings.set(
      'token.client-auth',
      'fail',
      `With ${used} the server refused the client credentials (${firstEvidence}). The retry with ${altLabel} failed: ${describeFailure(retry.failure)}.`,
      'Check the client ID and secret, and the Client Authentication Scheme in the Alexa console.',
    );
    return notWorking;
  }
  const retryError = oauthErrorOf(retry.response);
  const retryEvidence = `${statusLine(retry.response)}${retryError ? `, error ${quote(retryError, 60)}` : ''}`;
  if (refused(retry.response)) {
    findings.set(
      'token.client-auth',
      'fail',
      `The server refused the client credentials with both schemes: ${used} (${firstEvidence}) and ${altLabel} (${retryEvidence}). The client ID or secret is probably wrong${SPECIAL_CHARACTERS.test(input.clientSecret + input.clientId) ? ', or the server decodes special characters in them differently' : ''}.`,
      'Check the client ID and secret against your authorization server’s client registration, and enter the same values in the Alexa console.',
    );
    return notWorking;
  }
  const worked = retry.response.status === 200;
  findings.set(
    'token.client-auth',
    'fail',
    `With ${used} the server refused the client credentials (${firstEvidence}). Sent once more with ${altLabel}, it ${
      worked ? `accepted them (${statusLine(retry.response)})` : `got past client authentication (${retryEvidence})`
    }, so ${altLabel} is the scheme this server expects.`,
    `In the Alexa developer console, under Account Linking, set Client Authentication Scheme to “${altLabel}”.`,
  );
  return { evaluated: retry.response, note: ` (from the retry with ${altLabel})`, schemeThatWorks: alt };
}
