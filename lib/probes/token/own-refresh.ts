// After a code exchange, the refresh Alexa will make: the refresh token the reply just carried, sent back at once
// with the scheme that worked. The grant is the probe's own (from the code it was given), so nobody else's tokens
// are touched. A refresh token that is present is not one that works: some servers issue tokens they never accept.
// Sets token.refresh-works.

import 'server-only';
import type { ClientAuthScheme } from '@/lib/alexa';
import type { ClientAuthOutcome } from './client-auth';
import { describeFailure, type TokenExchange } from './exchange';
import type { TokenFindings } from './findings';
import type { TokenProbeInput } from './input';
import { quote, readBody, statusLine, TOKEN_REPLY_MAX_BYTES } from './reply';

/** A refresh that worked: the token it used, and the refresh token its reply carried (null when none). */
export interface OwnRefresh {
  scheme: ClientAuthScheme;
  used: string;
  newest: string | null;
}

/** The non-empty string field of a token reply's JSON object, or null. */
export function replyString(r: ClientAuthOutcome['evaluated'], field: string): string | null {
  const shape = readBody(r, TOKEN_REPLY_MAX_BYTES);
  const v = shape.kind === 'object' ? shape.value[field] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
}

export async function checkOwnRefresh(findings: TokenFindings, exchange: TokenExchange, input: TokenProbeInput, auth: ClientAuthOutcome): Promise<OwnRefresh | null> {
  if (input.grant.type !== 'authorization_code') {
    findings.set('token.refresh-works', 'skip', 'This run sent the refresh token you entered: the findings above are about its answer.');
    return null;
  }
  const issued = replyString(auth.evaluated, 'refresh_token');
  if (auth.evaluated.status !== 200 || !auth.schemeThatWorks || !issued) {
    findings.set('token.refresh-works', 'skip', issued ? 'Not checked: the code exchange did not succeed.' : 'Not checked: the reply carried no refresh token.');
    return null;
  }
  const attempt = await exchange.send(auth.schemeThatWorks, 'own-refresh', { type: 'refresh_token', refreshToken: issued });
  if (!attempt.response) {
    findings.set('token.refresh-works', 'warn', `Not clear: the refresh with the refresh token just issued failed on the way: ${describeFailure(attempt.failure)}.`, 'Run the check again; if it keeps failing, check that the token endpoint handles refresh requests as quickly as code exchanges.', { title: `The refresh with the refresh token just issued failed on the way (${attempt.failure.kind})` });
    return null;
  }
  const r = attempt.response;
  const shape = readBody(r, TOKEN_REPLY_MAX_BYTES);
  const reply = shape.kind === 'object' ? shape.value : {};
  const error = typeof reply.error === 'string' ? reply.error : undefined;
  const description = typeof reply.error_description === 'string' ? `, ${quote(reply.error_description, 160)}` : '';
  if (r.status !== 200 || error || !replyString(r, 'access_token')) {
    const why = r.status === 200 && !error ? 'without an access token' : `${statusLine(r)}${error ? `, error ${quote(error, 60)}${description}` : ''}`;
    findings.set(
      'token.refresh-works',
      'fail',
      `The server issued a refresh token with the code, but refused it when Link Doctor refreshed with it right away (${why}). Alexa refreshes with that token when the access token expires; when the refresh fails, Alexa drops the tokens and the user has to link the account again.`,
      'Make the token endpoint accept the refresh tokens it issues (grant_type=refresh_token, same URL and client authentication as the code exchange): check that they are stored when issued and that the refresh token grant is enabled for this client.', { title: `The refresh token just issued is refused (${why})` },
    );
    return null;
  }
  const newest = replyString(r, 'refresh_token');
  const carried = newest === null ? 'no refresh token (the old one stays in use)' : newest === issued ? 'the same refresh token' : 'a new refresh token';
  if (reply.expires_in === undefined) {
    findings.set(
      'token.refresh-works',
      'warn',
      `Refreshing with the refresh token just issued worked (${statusLine(r)}, a new access token and ${carried}), but the refresh reply has no expires_in. Alexa decides when to refresh next from expires_in; a server that once left it out of refresh replies was reported to stop Alexa refreshing.`,
      'Return expires_in in refresh replies too, as in the code exchange.', { title: 'The refresh token just issued works, but the refresh reply has no expires_in' },
    );
  } else {
    findings.set('token.refresh-works', 'pass', `Refreshing with the refresh token just issued worked: ${statusLine(r)} with a new access token and ${carried}.`, '', { title: `The refresh token just issued works (HTTP ${r.status})` });
  }
  return { scheme: auth.schemeThatWorks, used: issued, newest };
}
