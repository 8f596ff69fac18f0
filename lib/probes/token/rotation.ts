// Refresh-token rotation: whether a refresh token still works when sent again right after it was used, as when Alexa
// did not receive the reply to a refresh and retries. Servers with reuse detection revoke the whole grant when a used
// refresh token comes back (the new token too), so the check prefers the probe's own grant: after a code exchange it
// replays the refresh token the probe itself just used. With a refresh token entered by hand it runs only when asked,
// and says that it may unlink that token's user. Sets token.rotation.

import 'server-only';
import type { ClientAuthScheme } from '@/lib/alexa';
import { describeFailure, type TokenExchange } from './exchange';
import type { ClientAuthOutcome } from './client-auth';
import type { TokenFindings } from './findings';
import { REUSE_REVOKES_GRANT, type TokenProbeInput } from './input';
import { replyString, type OwnRefresh } from './own-refresh';
import { oauthErrorOf, quote, statusLine } from './reply';


const FIX = 'Accept the previous refresh token for a short grace period after issuing a new one (for example 30–60 seconds), or do not rotate refresh tokens.';

/**
 * With `own`, a refresh on the caller's own grant that worked (after a code exchange, or in a rehearsal): its token is
 * replayed. Without it, a code exchange is not checked, and a refresh token entered by hand only when asked.
 */
export async function checkRotation(findings: TokenFindings, exchange: TokenExchange, input: TokenProbeInput, auth: ClientAuthOutcome, own?: OwnRefresh | null): Promise<void> {
  if (own) {
    await replay(findings, exchange, own, 'own');
    return;
  }
  if (input.grant.type === 'authorization_code') {
    findings.set('token.rotation', 'skip', 'Not checked: it replays the refresh token of a refresh that worked, and there was none.');
    return;
  }
  if (!input.checkRotation) {
    findings.set('token.rotation', 'skip', `Not requested. The check sends the refresh token you entered a second time. ${REUSE_REVOKES_GRANT} Run the check with a fresh authorization code instead: it checks this on its own grant.`);
    return;
  }
  if (auth.evaluated.status !== 200 || !auth.schemeThatWorks) {
    findings.set('token.rotation', 'skip', 'Not checked: the first refresh did not succeed.');
    return;
  }
  await replay(findings, exchange, { scheme: auth.schemeThatWorks, used: input.grant.refreshToken, newest: replyString(auth.evaluated, 'refresh_token') }, 'entered');
}

async function replay(findings: TokenFindings, exchange: TokenExchange, refresh: OwnRefresh, whose: 'own' | 'entered'): Promise<void> {
  const again = await exchange.send(refresh.scheme, 'rotation-second-refresh', { type: 'refresh_token', refreshToken: refresh.used });
  if (!again.response) {
    findings.set('token.rotation', 'skip', `Not clear: the second refresh failed: ${describeFailure(again.failure)}.`);
    return;
  }
  const err = oauthErrorOf(again.response);
  const grant = whose === 'own' ? ' Link Doctor used its own grant (from the code it exchanged), so no other tokens were touched.' : '';
  if (again.response.status === 200 && !err) {
    findings.set('token.rotation', 'pass', `The refresh token was accepted a second time right after it had been used, so a retried refresh from Alexa still works.${grant}`, '', { title: 'A refresh token used once still works when sent again' });
    return;
  }
  const refusedAgain = `The refresh token, sent again right after it had been used, was refused (${statusLine(again.response)}${err ? `, error ${quote(err, 60)}` : ''}): the server rotates refresh tokens with no grace period. If Alexa does not receive the reply to a refresh (a timeout or network error) and retries, the retry fails`;
  const revoked = refresh.newest && refresh.newest !== refresh.used ? await newestRevoked(exchange, refresh) : null;
  const entered = whose === 'entered' ? ' Note: this check has used up the refresh token you entered.' : '';
  const revokedText =
    revoked === null
      ? ''
      : revoked
        ? ` The replay also revoked the new refresh token (${revoked}): this server has reuse detection, so a retried refresh unlinks the user at once.${whose === 'entered' ? ' The user whose refresh token you entered has to link the account again.' : ''}`
        : ' The new refresh token still works (no reuse detection), but in that case Alexa never received it.';
  findings.set('token.rotation', 'warn', `${refusedAgain}, and the user has to link the account again.${revokedText}${entered}${grant}`, FIX, { title: revoked ? 'A refresh token sent again is refused, and the reuse revoked the grant' : `A refresh token sent again is refused (HTTP ${again.response.status}): a retried refresh unlinks the user` });
}

/** Whether the refresh token issued by the last refresh was revoked by the replay: its refusal as evidence, or false. */
async function newestRevoked(exchange: TokenExchange, refresh: OwnRefresh): Promise<string | false | null> {
  const check = await exchange.send(refresh.scheme, 'grant-after-reuse', { type: 'refresh_token', refreshToken: refresh.newest! });
  if (!check.response) return null;
  const err = oauthErrorOf(check.response);
  return check.response.status === 200 && !err ? false : `${statusLine(check.response)}${err ? `, error ${quote(err, 60)}` : ''}`;
}
