// What the end of a linking attempt says: the error keys of Alexa's skills-store link-result page, and the OAuth
// error codes an authorization server may send back to Alexa's redirect URL. Client-safe data.
import type { NodeId } from '@/lib/tree';

export interface Meaning {
  /** What it means, in a sentence or two. */
  means: string;
  fix: string;
  node: NodeId;
  /** The meaning comes from reports by developers rather than Amazon's documentation: said so, and never a rule. */
  reported?: boolean;
}

/**
 * Error keys of skills-store.amazon.com/external/link-result?success=false&errorKey=…. Amazon does not document them;
 * each one here is one developers have reported with its cause.
 */
export const LINK_RESULT_ERROR_KEYS: Record<string, Meaning> = {
  'missing-state': {
    means:
      "Developers who saw this key found that their server's redirect back to Alexa did not carry the state parameter. Alexa needs state back, unchanged, to match the redirect to the linking it started.",
    fix: 'Redirect to the redirect_uri Alexa sent with state exactly as Alexa sent it (and the code), URL-encoded; do not drop, shorten or re-encode it.',
    node: 'state-not-returned',
    reported: true,
  },
};

/** A key not listed above: what is known for certain is only that linking failed. */
export const UNKNOWN_ERROR_KEY: Meaning = {
  means:
    'Amazon does not document the error keys of this page, and Link Doctor knows no report of this one. What the page does say for certain is that linking failed after your login page sent the user back to Alexa; the usual next suspect is the exchange of the code for tokens.',
  fix: 'Check the token exchange with the access token URI probe, and your server’s logs for the time of the attempt.',
  node: 'token-exchange',
};

/**
 * The error codes of an authorization response (OAuth 2.0, RFC 6749 section 4.1.2.1; the implicit grant uses the
 * same in the fragment). The server sends them to the redirect URI instead of a code.
 */
export const OAUTH_ERRORS: Record<string, Meaning> = {
  invalid_request: {
    means:
      'Your authorization server found the request Alexa sent malformed: a required parameter missing, a value it does not accept, or a parameter given twice.',
    fix: 'Run the login page probe with your real client ID, scopes and redirect URL to see the request Alexa sends; check in your server’s logs which parameter it refused (PKCE settings and parameters repeated in the authorization URI are common causes).',
    node: 'http-400-redirect',
  },
  unauthorized_client: {
    means: 'Your authorization server does not allow this client to get an authorization code (or token) this way: the grant type is not enabled for the client ID in the console.',
    fix: 'Enable the grant the skill uses (authorization code, or implicit) for this client in your authorization server, or change the skill’s grant type to match.',
    node: 'grant-type',
  },
  access_denied: {
    means: 'The user declined, or your authorization server refused this user or this client (a consent screen cancelled, an account not allowed, a policy rule).',
    fix: 'If the user did not cancel, look in your server’s logs for why it refused the request for this user.',
    node: 'still-not-working',
  },
  unsupported_response_type: {
    means: 'Your authorization server does not support the response_type Alexa asked for: code for the authorization code grant, token for the implicit grant.',
    fix: 'Set the skill’s grant type to one your server supports, or enable that response type for the client.',
    node: 'grant-type',
  },
  invalid_scope: {
    means: 'Your authorization server does not know, or does not allow, one of the scopes in the skill’s account linking settings.',
    fix: 'Make the scopes in the console exactly the ones your server defines for this client (spelling and case matter).',
    node: 'still-not-working',
  },
  server_error: {
    means: 'Your authorization server hit an unexpected error while handling the request.',
    fix: 'Look in your server’s logs for the time of the attempt.',
    node: 'still-not-working',
  },
  temporarily_unavailable: {
    means: 'Your authorization server was overloaded or down for maintenance.',
    fix: 'Try again later; if it keeps happening, find out why the server is unavailable.',
    node: 'still-not-working',
  },
};

/** An error code not in OAuth 2.0's list: a server's own. */
export const UNKNOWN_OAUTH_ERROR: Meaning = {
  means: 'This is not one of the error codes OAuth 2.0 defines for an authorization response, so it is your server’s own: its description, or your server’s logs, say more.',
  fix: 'Look up the code in your authorization server’s documentation or logs.',
  node: 'still-not-working',
};
