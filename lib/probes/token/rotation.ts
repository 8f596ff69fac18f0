// Refresh-token rotation: whether the same refresh token still works when sent again right away, as when Alexa did
// not receive the reply to a refresh and retries. Checked only for a refresh grant and only when asked, because it
// sends the refresh token twice, which may use it up. Sets token.rotation.

import 'server-only';
import { describeFailure, type TokenExchange } from './exchange';
import type { ClientAuthOutcome } from './client-auth';
import type { TokenFindings } from './findings';
import type { TokenProbeInput } from './input';
import { oauthErrorOf, quote, statusLine } from './reply';

export async function checkRotation(findings: TokenFindings, exchange: TokenExchange, input: TokenProbeInput, auth: ClientAuthOutcome): Promise<void> {
  if (input.grant.type !== 'refresh_token') {
    findings.set('token.rotation', 'skip', 'Only checked for a refresh-token grant.');
    return;
  }
  if (!input.checkRotation) {
    findings.set('token.rotation', 'skip', 'Not requested. (The check sends the same refresh token twice, which may use it up.)');
    return;
  }
  if (auth.evaluated.status !== 200 || !auth.schemeThatWorks) {
    findings.set('token.rotation', 'skip', 'Not checked: the first refresh did not succeed.');
    return;
  }
  const second = await exchange.send(auth.schemeThatWorks, 'rotation-second-refresh');
  if (!second.response) {
    findings.set('token.rotation', 'skip', `Not clear: the second refresh failed: ${describeFailure(second.failure)}.`);
    return;
  }
  const err = oauthErrorOf(second.response);
  if (second.response.status === 200 && !err) {
    findings.set('token.rotation', 'pass', 'The same refresh token was accepted a second time right away, so a retried refresh from Alexa still works.');
  } else {
    findings.set(
      'token.rotation',
      'warn',
      `The same refresh token, sent again right away, was refused (${statusLine(second.response)}${err ? `, error ${quote(err, 60)}` : ''}): the server rotates refresh tokens with no grace period. If Alexa does not receive the reply to a refresh (a timeout or network error) and retries, the retry fails, and the user has to link the account again. Note: this check has used up the refresh token you entered.`,
      'Accept the previous refresh token for a short grace period after issuing a new one (for example 30–60 seconds), or do not rotate refresh tokens.',
    );
  }
}
