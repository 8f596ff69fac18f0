import { GUIDE_URL } from '@/lib/site';
import { defineTree } from '@/lib/tree/define-tree';

/**
 * The symptom tree: Amazon's "Troubleshooting Account Linking" guide as a decision tree.
 *
 * Every fact and figure comes from the guide, or from Amazon's other pages, providers' documentation and what
 * developers have seen, in which case the sentence says whose finding it is (shared/reference/alexa-facts.md keeps
 * the sources); every sentence is our own. Each node cites the guide heading it
 * carries over in `source.section`.
 */

const AL = 'https://developer.amazon.com/en-US/docs/alexa/account-linking';

const REQUIREMENTS = `${AL}/requirements-account-linking.html`;
const FAQ = `${AL}/faq.html`;
const CONFIGURE_AUTH_CODE = `${AL}/configure-authorization-code-grant.html`;
const CONFIGURE_IMPLICIT = `${AL}/configure-implicit-grant.html`;
const ADD_ACCOUNT_LINKING = `${AL}/add-account-linking.html`;
const APP_TO_APP_FROM_YOUR_APP = `${AL}/app-to-app-account-linking-starting-from-your-app.html`;
const YOUR_APP_STEP2 = `${AL}/your-app-to-alexa-step2.html`;
const YOUR_APP_STEP3 = `${AL}/your-app-to-alexa-step3.html`;
const YOUR_APP_STEP4 = `${AL}/your-app-to-alexa-step4.html`;
const YOUR_APP_STEP6 = `${AL}/your-app-to-alexa-step6.html`;
const ALEXA_APP_STEP2 = `${AL}/alexa-to-your-app-step2.html`;
const ALEXA_APP_STEP4 = `${AL}/alexa-to-your-app-step4.html`;
const API_GATEWAY_PROXY =
  'https://developer.amazon.com/en-US/blogs/alexa/post/TxQN2C04S97C0J/how-to-set-up-amazon-api-gateway-as-a-proxy-to-debug-account-linkin.html';
const ALEXA_AUTHORIZATION = 'https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-authorization.html';
const SKILL_ENABLEMENT_API = 'https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html';
const SKILL_EVENTS = 'https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html';
const ADD_EVENTS = 'https://developer.amazon.com/en-US/docs/alexa/smapi/add-events-to-your-skill-with-smapi.html';
const ACCOUNT_LINKING_SCHEMAS = 'https://developer.amazon.com/en-US/docs/alexa/smapi/account-linking-schemas.html';
const BETA_TESTING = 'https://developer.amazon.com/en-US/docs/alexa/custom-skills/skills-beta-testing-for-alexa-skills.html';
const CHILD_DIRECTED = 'https://developer.amazon.com/en-US/docs/alexa/alexa-design/child-directed.html';
const CHILD_DIRECTED_BLOG =
  'https://developer.amazon.com/en-US/blogs/alexa/alexa-skills-kit/2021/09/create-a-child-directed-skill';
const CONTACT_US = 'https://developer.amazon.com/support/contact-us';
const MY_CUSTOMER_ID = 'https://developer.amazon.com/mycid.html';

const ANDROID_VERIFY_APP_LINKS = 'https://developer.android.com/training/app-links/verify-android-applinks';
const APPLE_ASSOCIATED_DOMAINS = 'https://developer.apple.com/documentation/xcode/supporting-associated-domains';
const GOOGLE_OFFLINE_ACCESS = 'https://developers.google.com/identity/protocols/oauth2/web-server#offline';
const GOOGLE_THIRD_PARTY_ACCESS = 'https://myaccount.google.com/permissions';
const GOOGLE_EMBEDDED_WEBVIEWS =
  'https://developers.googleblog.com/en/upcoming-security-changes-to-googles-oauth-20-authorization-endpoint-in-embedded-webviews';
const OAUTH_CLIENT_PASSWORD = 'https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1';
const AUTH0_REFRESH_TOKENS = 'https://auth0.com/docs/secure/tokens/refresh-tokens';
const CLOUDFLARE_BOT_FIGHT_MODE = 'https://developers.cloudflare.com/bots/get-started/bot-fight-mode/';
const CLOUDFLARE_SKIP_RULES = 'https://developers.cloudflare.com/waf/custom-rules/skip/';
const OAUTH_TOKEN_RESPONSE = 'https://datatracker.ietf.org/doc/html/rfc6749#section-5.1';

const S = {
  guide: 'Troubleshooting Account Linking',
  general: 'General account linking issues',
  unsuccessful: 'Issue: Account linking is unsuccessful',
  devices: "Issue: Account linking doesn't work on certain devices",
  google: 'Issue: There are issues when account linking with Google',
  http400: "Issue: There's an HTTP 400 error during redirect",
  stillNotWorking: "Account linking still isn't working",
  contact: 'For more help, contact Amazon',
  fromYourApp: 'App-to-app account linking (starting from your app) issues',
  badRequest: 'Issue: "400 Bad Request" error',
  unauthorized: 'Issue: "401 Unauthorized" error',
  forbidden: 'Issue: "403 Forbidden" error',
  invalidCredentials: 'Issue: "Invalid account linking credentials" error',
  couldNotContact: 'Issue: "Could not contact provider of account linking credentials" error',
  doesNotComplete: "Issue: Account linking doesn't complete",
  lwaFallback: "Issue: The Login with Amazon (LWA) fallback flow doesn't work",
  androidDefaultBrowser:
    'Issue: On Android, account linking fails when the user selects the default browser app to open the Alexa app',
  targetNonLinked: 'Issue: You\'re unable to target non-account-linked users to "Link to Alexa" from within your app',
  fromAlexaApp: 'App-to-app account linking (starting from the Alexa app) issues',
  androidWebUrl: 'Issue: On Android, your web URL is opened instead of your app',
  androidAppAuthUri:
    "Issue: On Android, when your app isn't installed, the Android App Authorization URI is opened instead of the expected Web Authorization URI",
  completionRate: 'Issue: The account linking completion rate for app-to-app account linking is incorrect',
  childDirected: "Issue: After adding account linking, my child-directed skill doesn't show up in the Parent Dashboard",
} as const;

const guide = (section: string) => ({ section, url: GUIDE_URL });

const L = {
  guide: { label: 'Troubleshooting account linking (Amazon)', url: GUIDE_URL },
  requirements: { label: 'Access token URI requirements (Requirements for account linking)', url: REQUIREMENTS },
  faq: { label: 'Account linking FAQ', url: FAQ },
  configureAuthCode: { label: 'Configure an authorization code grant', url: CONFIGURE_AUTH_CODE },
  configureImplicit: { label: 'Configure an implicit grant', url: CONFIGURE_IMPLICIT },
  implement: { label: 'Implement account linking in your skill', url: ADD_ACCOUNT_LINKING },
  apiGatewayProxy: { label: 'Amazon API Gateway as a proxy to debug account linking (Alexa blog)', url: API_GATEWAY_PROXY },
  alexaAuthorization: { label: 'Directives: Alexa.Authorization interface (AcceptGrant)', url: ALEXA_AUTHORIZATION },
  enablementApi: { label: 'Skill Enablement REST API reference', url: SKILL_ENABLEMENT_API },
  enableAndLink: { label: 'Enable skill and account link (Step 6)', url: YOUR_APP_STEP6 },
  skillEvents: { label: 'Skill events (including the Skill Disabled event)', url: SKILL_EVENTS },
  addEvents: { label: 'Add events to your skill with SMAPI', url: ADD_EVENTS },
  schemas: { label: 'Account linking schemas (SMAPI)', url: ACCOUNT_LINKING_SCHEMAS },
  urlsAndEndpoints: {
    label: 'URLs and endpoints: parameters for the Alexa app URL and the LWA fallback URL',
    url: APP_TO_APP_FROM_YOUR_APP,
  },
  authRequestFromYourApp: { label: 'Step 4: Make an authorization request from your app', url: YOUR_APP_STEP4 },
  redirectUrls: { label: 'Step 3: Configure redirect URLs to your app', url: YOUR_APP_STEP3 },
  enableDeepLinks: { label: 'Enable Universal Links (iOS) or App Links (Android) for your app', url: YOUR_APP_STEP2 },
  verifyAppLinks: { label: 'Verify Android App Links (Android documentation)', url: ANDROID_VERIFY_APP_LINKS },
  appleAssociatedDomains: { label: 'Supporting associated domains (Apple documentation)', url: APPLE_ASSOCIATED_DOMAINS },
  alexaAppStep2: { label: 'Step 2: Configure authorization URLs for your app', url: ALEXA_APP_STEP2 },
  alexaAppStep4: { label: 'Step 4: Redirect the user to the Alexa app', url: ALEXA_APP_STEP4 },
  betaTesting: { label: 'Skill beta testing for Alexa skills', url: BETA_TESTING },
  childDirected: { label: 'Child-directed skills', url: CHILD_DIRECTED },
  childDirectedBlog: { label: 'How to create a child-directed skill (Parent Dashboard)', url: CHILD_DIRECTED_BLOG },
  googleOffline: { label: 'Google: refresh tokens and offline access', url: GOOGLE_OFFLINE_ACCESS },
  googlePermissions: { label: 'Google account: third-party apps with account access', url: GOOGLE_THIRD_PARTY_ACCESS },
  googleWebviews: { label: "Google: sign-in blocked in embedded webviews (Google's announcement)", url: GOOGLE_EMBEDDED_WEBVIEWS },
  clientPassword: { label: 'OAuth 2.0 specification: Client Password (RFC 6749, 2.3.1)', url: OAUTH_CLIENT_PASSWORD },
  auth0RefreshTokens: { label: 'Auth0: refresh tokens', url: AUTH0_REFRESH_TOKENS },
  botFightMode: { label: 'Cloudflare: Bot Fight Mode', url: CLOUDFLARE_BOT_FIGHT_MODE },
  skipRules: { label: 'Cloudflare: custom rules with the Skip action', url: CLOUDFLARE_SKIP_RULES },
  tokenResponse: { label: 'OAuth 2.0 specification: Successful Response (RFC 6749, 5.1)', url: OAUTH_TOKEN_RESPONSE },
  contactUs: { label: 'Contact us (file a case)', url: CONTACT_US },
  myCustomerId: { label: 'Find your customer ID', url: MY_CUSTOMER_ID },
} as const;

export const rawTree = defineTree({
  /* ───────────────────────────── Start ───────────────────────────── */

  start: {
    kind: 'question',
    part: 'general',
    title: 'Link Doctor: why does Alexa account linking fail?',
    summary:
      "Pick the account linking flow that fails. Link Doctor walks you from the symptom to the cause and the fix, following Amazon's troubleshooting guide.",
    source: guide(S.guide),
    body: [
      'Answer a few questions about what you see. Each answer narrows the cause, and each fix says what to change. If a fix does not help, "No, it still fails" takes you to the next likely cause, and in the end to a support case with everything Amazon asks for.',
    ],
    question: 'Which account linking flow fails?',
    options: [
      {
        label: 'Linking from the Alexa app (general issues)',
        hint: 'The user taps Link Account in the Alexa app and signs in on your login page.',
        next: 'general-symptoms',
      },
      {
        label: 'App-to-app linking that starts from your app',
        hint: 'Your app opens the Alexa app or the LWA fallback, then your backend calls the skill enablement API.',
        next: 'from-your-app-symptoms',
      },
      {
        label: 'App-to-app linking that starts from the Alexa app',
        hint: 'The Alexa app opens your app for consent, and your app sends the user back.',
        next: 'from-alexa-app-symptoms',
      },
      {
        label: 'A child-directed skill that uses account linking',
        hint: 'The skill no longer shows up for parents.',
        next: 'child-directed-parent-dashboard',
      },
    ],
  },

  /* ───────────────────────── General issues ───────────────────────── */

  'general-symptoms': {
    kind: 'question',
    part: 'general',
    title: 'Linking from the Alexa app fails: pick the symptom',
    summary:
      'Linking from the Alexa app fails, breaks later, works only on some devices, gives HTTP 400, or involves Google. Pick what you see.',
    source: guide(S.general),
    question: 'What do you or your users see?',
    options: [
      {
        label: '"We were unable to link at this time" or "Linking unsuccessful"',
        hint: 'Linking fails right after the user signs in.',
        next: 'grant-type',
      },
      {
        label: 'Linking works, but users must link again later',
        hint: 'The link breaks after minutes, hours or days.',
        next: 'relink-later',
      },
      {
        label: 'Works on one device but not on another (blank screen, new window)',
        next: 'login-page-domains',
      },
      { label: 'HTTP 400 during the redirect', hint: 'The error shows when the login page sends the user on.', next: 'http-400-redirect' },
      { label: 'Linking with Google as the provider', next: 'google-provider' },
      {
        label: 'None of these: still not working',
        hint: 'You tried the fixes above and linking still fails.',
        next: 'still-not-working',
      },
    ],
  },

  'grant-type': {
    kind: 'question',
    part: 'general',
    title: 'Unable to link: which grant type does the skill use?',
    symptoms: ['We were unable to link at this time', 'We were unable to link … at this time', 'Linking unsuccessful'],
    summary:
      'Where linking breaks depends on the grant type. Check it in the developer console under Build > Account Linking.',
    keywords: ['unable to link', 'linking failed', 'link failed', 'could not link', 'can\'t link', 'account linking fails', 'account linking failed'],
    source: guide(S.unsuccessful),
    body: [
      'The Alexa app shows this error when it cannot finish linking. With the authorization code grant, the usual culprit is the step where Alexa trades the code for tokens. With the implicit grant, it is the redirect that carries the token back.',
    ],
    question: 'Which authorization grant type is set for the skill?',
    options: [
      {
        label: 'Auth Code Grant (authorization code)',
        hint: 'Amazon recommends it; smart home, video and music skills must use it.',
        next: 'token-exchange',
      },
      { label: 'Implicit Grant', hint: 'Custom skills only. Your login page returns the access token itself.', next: 'implicit-redirect-check' },
    ],
  },

  'token-exchange': {
    kind: 'check',
    part: 'general',
    title: 'Check the exchange of the authorization code for tokens',
    summary:
      "Alexa POSTs the authorization code to your access token URI. Without an access token, linking fails; without a refresh token, the link ends when the access token expires.",
    keywords: ['token exchange', 'code exchange', 'exchange the code', 'access token URI logs'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    body: [
      'In the authorization code flow, the Alexa app first opens your login page at the authorization URI set in the console. Once your server has signed the user in, it issues an authorization code. Alexa then sends that code in a POST request to your access token URI and waits for an access token and a refresh token. No access token, no link: the user gets an error. A reply without a refresh token still links, but Alexa cannot renew the access token, so when it expires the skill receives an expired token and the user has to link again.',
      'In most cases the cause is an error that your own authorization server sends back. Its logs show what Alexa received.',
    ],
    steps: [
      'Open the logs of your authorization server and find the POST that Alexa sent to your access token URI with `grant_type=authorization_code` and the code.',
      'Check that the code is one your server issued for this client, that it has not expired and has not been used before. Alexa also sends `redirect_uri`; it must match the one from the login step. If PKCE is on, Alexa sends `code_verifier` too, and it must match the earlier `code_challenge`.',
      'Log the full response your server returns. It must be JSON that carries `access_token` and, for a link that outlasts the access token, `refresh_token`, with no error and nothing that breaks JSON parsing.',
      'If the token server is a third party (Google Sign-In, Facebook Login and the like) and you cannot read its logs, route the exchange through Amazon API Gateway acting as a proxy, and log what passes.',
    ],
    probe: 'token',
    flow: 'link',
    outcomes: [
      {
        label: 'Linking ends on a page whose address says error or errorKey',
        meaning: 'A skills-store link-result page, or an Alexa redirect URL with error=…: its address names the failure.',
        next: 'where-linking-ended',
      },
      {
        label: 'The login page shows a JSON error, or the token URI answers with a web page',
        meaning: 'The authorization URI and the access token URI may be the wrong way round.',
        next: 'uris-swapped',
      },
      {
        label: 'Your server returns an error, or no access and refresh token',
        meaning: 'The exchange itself fails.',
        next: 'token-server-error',
      },
      {
        label: 'The response is a parameter string, not JSON',
        meaning: 'For example `access_token=…&token_type=bearer`. Alexa cannot read it.',
        next: 'tip-json-not-params',
      },
      {
        label: "You can't see the token server's logs",
        meaning: 'A third-party OAuth server hides the exchange from you.',
        next: 'api-gateway-proxy',
      },
      {
        label: 'The request times out or never shows up',
        meaning: 'Alexa gives up waiting, or cannot reach the server.',
        next: 'token-response-time',
      },
      {
        label: 'The request gets a challenge or block page',
        meaning: 'Bot protection or a firewall answers instead of your token server.',
        next: 'token-bot-protection',
      },
      {
        label: 'The access token URI answers with a login page',
        meaning: 'Or a redirect to one, or an error about `response_type`: the two URIs are swapped.',
        next: 'token-uri-swapped',
      },
      {
        label: 'The exchange succeeds, yet linking still fails',
        meaning: 'The failure happens after the tokens, for example in a smart home skill.',
        next: 'accept-grant-check',
      },
      {
        label: 'The skill actually uses the implicit grant',
        meaning: 'There is no code exchange; check the redirect instead.',
        next: 'implicit-redirect-check',
      },
    ],
  },

  'token-server-error': {
    kind: 'resolution',
    part: 'general',
    title: 'Fix the error your token server sends to Alexa',
    summary:
      'Your access token URI rejects the code or answers with an error or broken JSON. Make it return an access token and a refresh token as JSON.',
    keywords: ['invalid_request', '500', '500 Internal Server Error', '502', '502 Bad Gateway', '503 Service Unavailable', '404', '404 Not Found', '405 Method Not Allowed', 'code_verifier', 'PKCE', 'invalid authorization code', 'code expired', 'code already used', 'invalid JSON', 'token endpoint error'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    symptoms: ['invalid_grant', 'unsupported_grant_type'],
    cause:
      'Your authorization server turns the exchange down: the code is not valid (expired, reused, issued to another client or for another `redirect_uri`), or the server answers with an error or with JSON that Alexa cannot parse.',
    fix: [
      'Make the login step issue a fresh, single-use authorization code, and make the access token URI accept it.',
      'With PKCE on, Alexa sends `code_verifier` with the code: check it against the `code_challenge` (S256) that your login step stored.',
      'A `404` or `405` means the Access Token URI in the console is not your token endpoint. A `5xx` is your server failing: its logs show why.',
      'Accept the `redirect_uri` that comes with the code: it is the same Alexa redirect URL that your login page received.',
      'Answer with `200 OK`, `Content-Type: application/json` and a body with `access_token`, `token_type`, `expires_in` and `refresh_token`, for example `{"access_token":"…","token_type":"bearer","expires_in":3600,"refresh_token":"…"}`.',
      'Use the types OAuth defines: `expires_in` a number, `token_type` `bearer`, `scope` one space-separated string. Some providers send a string, `bot` or a list instead; a small proxy in front of them can rewrite the answer.',
      'Send errors with a 4xx status and `{"error": "…", "error_description": "…"}`: not with HTTP 200 (as GitHub does) and not in a provider\'s own object (as Facebook does).',
      "Keep logging every response while you test, and compare it with Amazon's access token URI requirements.",
    ],
    links: [L.requirements, L.configureAuthCode, L.tokenResponse],
    probe: 'token',
    flow: 'link',
    next: 'accept-grant-response',
  },

  'token-bot-protection': {
    kind: 'resolution',
    part: 'general',
    title: 'Let Alexa past the bot protection in front of your token server',
    summary:
      "A bot filter or firewall answers Alexa's token request with a challenge page (403 or 503), so no tokens come back. Exempt the token URI.",
    keywords: ['Cloudflare', 'Bot Fight Mode', 'cf-ray', 'WAF', 'captcha', 'bot protection', 'firewall', '403 … challenge'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    symptoms: ['cf-mitigated: challenge', 'Just a moment...', 'Attention Required! | Cloudflare'],
    cause:
      "Alexa's call to your access token URI comes from Amazon's servers, not from a browser, so it cannot solve a JavaScript or CAPTCHA challenge. Bot protection in front of the server (Cloudflare's Bot Fight Mode, WAF rules) answers with a challenge page instead of passing the request on. Home Assistant users have run into this with Cloudflare.",
    fix: [
      'Send the token URI a POST from a server (not a browser) and look at the answer: a 403 or 503 HTML page, a `cf-mitigated: challenge` header or a `cf-ray` header means Cloudflare answered, not your server.',
      "Cloudflare: Bot Fight Mode cannot be skipped by a custom rule, so turn it off for the zone, or move the token endpoint to a host that is not proxied. Super Bot Fight Mode and WAF rules can be skipped for the token URI's path with a custom rule.",
      'Other firewalls: allow POST requests without browser headers to the token URI.',
    ],
    links: [L.botFightMode, L.skipRules, L.requirements],
    probe: 'token',
    next: 'token-server-error',
  },

  'token-uri-swapped': {
    kind: 'resolution',
    part: 'general',
    title: 'Enter the token endpoint as the Access Token URI, not the login page',
    summary:
      'The Access Token URI answers with a login page, a redirect to one, or an error about a missing response_type: it is the authorization URI. Swap them.',
    keywords: ['token URI returns HTML', 'token URI answers … login page', 'token endpoint returns … login page', 'access token URI … login page'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    symptoms: ["The mandatory 'response_type' parameter is missing", 'response_type is missing'],
    cause:
      'The Authorization URI and the Access Token URI in the console are swapped, or both point at the login page. The login page expects a browser and a `response_type`, so it answers Alexa\'s POST with HTML or an error about `response_type`, never with tokens.',
    fix: [
      "Look up both endpoints in your authorization server's documentation or its discovery document (`/.well-known/openid-configuration`: `authorization_endpoint` and `token_endpoint`).",
      'In the console under Build > Account Linking, put the authorization endpoint in Your Web Authorization URI and the token endpoint in Access Token URI.',
    ],
    links: [L.configureAuthCode, L.requirements],
    probe: 'token',
    next: 'token-server-error',
  },

  'api-gateway-proxy': {
    kind: 'resolution',
    part: 'general',
    title: "See a third-party token server's traffic through an API Gateway proxy",
    summary:
      "Can't read the logs of Google Sign-In, Facebook Login or another hosted OAuth server? Put Amazon API Gateway in between and log the JSON.",
    keywords: ['API Gateway', 'proxy', 'can\'t see the logs', 'no logs', 'see the traffic'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    cause:
      'You use a third-party OAuth server and have no access to its logs, so you cannot see what it tells Alexa during the exchange.',
    fix: [
      "Set up a proxy that forwards to the provider's token endpoint and logs both ways: Link Doctor's recording relay below (no AWS account needed), or Amazon API Gateway as an HTTP proxy with full request and response logging on.",
      "Enter the proxy's URL as the Access Token URI in the console (the relay also gives one for the authorization URI), link again, and read the JSON that went to and came from the Alexa service.",
      "Once you have found the cause, point the Access Token URI back at the provider (unless you need a gateway anyway, as with GitHub).",
    ],
    links: [L.apiGatewayProxy, L.guide],
    probe: 'token',
    flow: 'relay',
    next: 'token-server-error',
  },

  'accept-grant-check': {
    kind: 'check',
    part: 'general',
    title: 'Smart home skills: check the AcceptGrant step',
    summary:
      'With "Send Alexa Events" on, Alexa sends AcceptGrant to your skill during linking. If your Lambda function does not answer it, linking fails.',
    keywords: ['Send Alexa Events', 'smart home skill'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    steps: [
      'Is this a smart home skill? If not, this check does not apply.',
      'In the developer console, open the PERMISSIONS page of the skill and see whether "Send Alexa Events" is on.',
      'If it is on, switch it off for a moment and try linking again.',
    ],
    probe: 'accept-grant',
    outcomes: [
      {
        label: 'Linking works while "Send Alexa Events" is off',
        meaning: 'Your skill does not handle the AcceptGrant directive.',
        next: 'accept-grant-response',
      },
      {
        label: 'Not a smart home skill, the permission is off, or it still fails',
        meaning: 'AcceptGrant is not the cause.',
        next: 'token-response-time',
      },
    ],
  },

  'accept-grant-response': {
    kind: 'resolution',
    part: 'general',
    title: 'Smart home: answer the AcceptGrant directive synchronously',
    summary:
      'Smart home skill with "Send Alexa Events" on: your Lambda function must answer Alexa.Authorization AcceptGrant with AcceptGrant.Response, in the same call.',
    keywords: ['AcceptGrant', 'Alexa.Authorization', 'ACCEPT_GRANT_FAILED', 'AcceptGrant.Response'],
    appliesWhen: { grant: 'code', skill: 'smart-home' },
    source: guide(S.unsuccessful),
    body: [
      'This only concerns smart home skills that use the "Send Alexa Events" permission, for example to send change reports. For any other skill, go on to the next cause.',
    ],
    cause:
      'Because "Send Alexa Events" is on, Alexa sends an `AcceptGrant` directive (namespace `Alexa.Authorization`) to your skill\'s Lambda function during linking. Your skill does not answer it synchronously with `AcceptGrant.Response`, so linking fails.',
    fix: [
      'Handle `AcceptGrant` in your Lambda function and return `AcceptGrant.Response` (namespace `Alexa.Authorization`, empty `payload`) in the same invocation.',
      "Store `payload.grantee.token`, the access token your own server issued, to know the user. Exchange `payload.grant.code` with Login with Amazon at `https://api.amazon.com/auth/o2/token`, using the Alexa client ID and secret from the skill's PERMISSIONS page. Those tokens let you report device states proactively.",
      'If you cannot complete the grant, answer with an `ErrorResponse` of type `ACCEPT_GRANT_FAILED` instead of timing out.',
      'To confirm: with "Send Alexa Events" switched off, linking should work. After the fix, switch it back on and link again.',
    ],
    links: [L.alexaAuthorization, L.guide],
    probe: 'accept-grant',
    next: 'token-response-time',
  },

  'token-response-time': {
    kind: 'resolution',
    part: 'general',
    title: 'Make the access token URI answer within 4.5 seconds',
    summary: 'Alexa waits 4.5 seconds for your access token URI. A slower answer times out, and linking fails.',
    keywords: ['timeout', 'timed out', 'time out', '4.5 seconds', 'slow', 'cold start', '504', '504 Gateway Timeout', 'takes too long'],
    appliesWhen: { grant: 'code' },
    source: guide(S.unsuccessful),
    cause:
      'Your server takes longer than 4.5 seconds to answer the access token request, so the request times out and linking fails.',
    fix: [
      'Time the access token endpoint from outside your network, TLS handshake included. Watch for cold starts: a sleeping Lambda function or container can cost seconds.',
      'Move slow work (creating the user, calling other services) out of the token request, or do it after you have answered.',
      'Keep the endpoint warm or give it more capacity until every answer arrives well within 4.5 seconds.',
    ],
    links: [L.requirements, L.faq],
    probe: 'token',
    next: 'tip-no-popups',
  },

  'implicit-redirect-check': {
    kind: 'check',
    part: 'general',
    title: 'Implicit grant: check how your login page returns the token',
    summary:
      'With the implicit grant, your server sends the user back to Alexa with state, access_token and token_type in the URL fragment. Check that redirect.',
    keywords: ['implicit grant', 'implicit', 'response_type=token'],
    appliesWhen: { grant: 'implicit' },
    source: guide(S.stillNotWorking),
    steps: [
      "Sign in through the skill's login page and capture the last redirect to Alexa (browser developer tools or your server logs).",
      'Check that `state`, `access_token` and `token_type` come after `#`, in the fragment, and not after `?` in the query string.',
      'Check that `state` is exactly the value Alexa sent to your authorization URI, and that `token_type` is `Bearer`.',
      'Check that the redirect goes to the `redirect_uri` Alexa gave your login page.',
    ],
    probe: 'implicit-redirect',
    outcomes: [
      {
        label: 'The values are in the query string (after `?`)',
        meaning: 'Alexa does not read them there.',
        next: 'tip-implicit-fragment',
      },
      {
        label: 'The page never redirects, or shows a blank screen',
        meaning: 'The login page itself has trouble loading.',
        next: 'login-page-domains',
      },
      {
        label: 'The fragment is right, but linking still fails',
        meaning: 'Look at the other requirements.',
        next: 'tip-no-popups',
      },
    ],
  },

  'tip-no-popups': {
    kind: 'resolution',
    part: 'general',
    title: 'Keep the whole sign-in in one page: no pop-ups',
    summary: 'Pop-up windows are not supported during account linking. A sign-in that opens one fails.',
    keywords: ['popup', 'pop up', 'popup window', 'window.open', 'alert', 'JavaScript alert', 'Firebase', 'signInWithPopup'],
    source: guide(S.stillNotWorking),
    cause:
      'Your login page, or the identity provider it uses, opens a pop-up window (for example a "Sign in with…" button). Linking inside a pop-up fails.',
    fix: [
      'Use full-page redirects for every sign-in step, social login buttons included. Switch off pop-up or window modes in your login SDK: with Firebase Authentication, for example, sign in with `signInWithRedirect`, not `signInWithPopup`.',
      "Drop JavaScript alerts and message boxes too; Amazon's requirements exclude them. Show errors, such as a wrong password, on the page.",
      'Make the page work on a phone screen: it opens inside the Alexa app.',
    ],
    links: [L.requirements, L.guide],
    probe: 'login-page',
    next: 'tip-implicit-fragment',
  },

  'tip-implicit-fragment': {
    kind: 'resolution',
    part: 'general',
    title: 'Implicit grant: put the token in the URL fragment, after #',
    summary:
      'With the implicit grant, state, access_token and token_type belong in the URL fragment after #. Sensitive values must never go in the query string.',
    keywords: ['fragment', 'URL fragment', 'access_token in the query string', 'token in the query string', '#access_token'],
    appliesWhen: { grant: 'implicit' },
    source: guide(S.stillNotWorking),
    body: ['Using the authorization code grant? Then this does not apply: `code` and `state` go in the query string there.'],
    cause:
      'Your server puts the account linking token and `state` in the query string of the redirect. For the implicit grant, sensitive values like these have to travel in the URL fragment, which starts with `#`.',
    fix: [
      'Redirect to the `redirect_uri` Alexa sent, then append `#` followed by `state`, `access_token` and `token_type`.',
      'The result has this form: `https://pitangui.amazon.com/spa/skill/account-linking-status.html?vendorId=AAAAAAAAAAAAAA#state=xyz&access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer`. `vendorId` stays in the query because it is part of the URL Alexa gave you; everything after `#` is yours.',
      'Echo `state` back exactly as you received it.',
      'Issue a token that stays valid for a long time: the implicit grant has no refresh token.',
    ],
    links: [L.configureImplicit, L.guide],
    probe: 'implicit-redirect',
    next: 'tip-https-ca',
  },

  'tip-https-ca': {
    kind: 'resolution',
    part: 'general',
    title: 'Serve account linking over HTTPS with a certificate Amazon accepts',
    summary:
      'The account linking URLs must be HTTPS, with a certificate from an Amazon-approved certificate authority. Plain HTTP or another certificate fails.',
    keywords: ['ERR_CERT_AUTHORITY_INVALID', 'ERR_CERT_DATE_INVALID', 'ERR_CERT_COMMON_NAME_INVALID', 'ERR_CERT_REVOKED', 'ERR_SSL_PROTOCOL_ERROR', 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'SSL', 'TLS', 'certificate', 'self-signed', 'Let\'s Encrypt', 'certificate chain', 'intermediate certificate', 'Your connection is not private', 'unknown certificate', 'HTTPS', 'handshake'],
    source: guide(S.stillNotWorking),
    cause:
      'Your authorization URI or access token URI is plain HTTP, or its certificate was not issued by an Amazon-approved certificate authority, so Alexa refuses the connection.',
    fix: [
      'Use `https://` for both the authorization URI and the access token URI, on port 443.',
      "Get the certificate from a certificate authority Amazon approves (Amazon refers to Mozilla's list of included CAs). Self-signed certificates do not work for account linking.",
      'Serve the complete certificate chain, and test it with an SSL checker from outside your network.',
      "Amazon's requirements page says Let's Encrypt certificates cannot be used, although Let's Encrypt is on the list it refers to, and Home Assistant and openHAB users link with Let's Encrypt certificates today. If you use one and linking fails, try a certificate from another CA.",
      'Accept TLS 1.2 as well as TLS 1.3 on the token URI: for a Home Assistant user, a proxy that allowed only TLS 1.3 broke linking until its minimum went back to 1.2.',
    ],
    links: [L.requirements, L.faq],
    probe: 'token',
    next: 'tip-200-ok',
  },

  'tip-200-ok': {
    kind: 'resolution',
    part: 'general',
    title: 'Answer a successful token request with 200 OK',
    summary: 'Send the access token with the status code 200 OK. Any other status makes Alexa treat the answer as a failure.',
    keywords: ['201', '302', 'status code', 'redirect from the token endpoint', '200 OK', 'token … 201', 'token … 302'],
    appliesWhen: { grant: 'code' },
    source: guide(S.stillNotWorking),
    cause:
      'Your token response carries the tokens but with another status code, such as `201` or a `302` redirect, and Alexa does not accept it.',
    fix: [
      'Return `200 OK` together with the JSON body whenever the token request succeeds.',
      'Do not redirect the token request: Alexa expects the answer directly.',
      'Return failures with a 4xx status and a JSON `error` field, so your own logs show what went wrong.',
    ],
    links: [L.requirements, L.guide],
    probe: 'token',
    next: 'tip-client-auth',
  },

  'tip-client-auth': {
    kind: 'resolution',
    part: 'general',
    title: 'Accept HTTP Basic or credentials in the request body',
    summary:
      'Alexa authenticates to your token server only with HTTP Basic or with client ID and secret in the request body. Other methods make linking fail.',
    keywords: ['client secret', 'client_secret', 'HTTP Basic', 'Basic auth', 'credentials in request body', 'client authentication', 'private_key_jwt', 'client_secret_post', 'client_secret_basic', 'token … 401', '401 … token', 'wrong client secret', 'mutual TLS'],
    appliesWhen: { grant: 'code' },
    source: guide(S.stillNotWorking),
    symptoms: ['invalid_client', 'unauthorized_client'],
    cause:
      'Alexa supports exactly two ways to send its client credentials: HTTP Basic, or the credentials in the request body. Your server expects another method (a signed JWT, mutual TLS, a custom header), so linking fails.',
    fix: [
      'In the console under Build > Account Linking, choose the scheme your server supports: "HTTP Basic (Recommended)" or "Credentials in request body" (`accessTokenScheme` `HTTP_BASIC` or `REQUEST_BODY_CREDENTIALS` in SMAPI).',
      'Allow that method for this client on your server, and check that the client ID and secret match the console.',
      'Servers refuse credentials sent the way they do not expect with different answers: 401, 403, or 400 with `invalid_client`, `unauthorized_client` or `invalid_request`. If the same request works with the other scheme, the scheme is the problem, not the grant.',
      'If the secret contains `+`, `/`, `:` or `%`, test HTTP Basic with it: many OAuth servers decode those characters wrongly (AppAuth and IdentityServer have issues open about it). A secret of letters and digits avoids the question.',
    ],
    links: [L.clientPassword, L.schemas, L.guide],
    probe: 'token',
    next: 'tip-json-not-params',
  },

  'tip-json-not-params': {
    kind: 'resolution',
    part: 'general',
    title: 'Return the token as JSON, not a parameter string (GitHub needs a gateway)',
    summary:
      'With the authorization code grant, Alexa expects the token response in JSON. A form-encoded parameter string fails; GitHub needs an API gateway in between.',
    keywords: ['GitHub', 'not JSON', 'form encoded', 'application/x-www-form-urlencoded', 'parameter string', 'token_type=bearer', 'access_token=…&token_type'],
    appliesWhen: { grant: 'code' },
    source: guide(S.stillNotWorking),
    symptoms: ['GitHub'],
    cause:
      'OAuth 2.0 sends the token response as JSON by default, and that is what Alexa reads. Your server answers with a parameter string such as `access_token=…&token_type=bearer` instead. GitHub does this, so it fails.',
    fix: [
      'Make the access token URI answer with `Content-Type: application/json` and a JSON body.',
      'GitHub: its token endpoint answers with a parameter string unless the request asks for JSON with `Accept: application/json`, and you cannot make Alexa send that. For now, linking with GitHub only works through an intermediary API gateway that calls GitHub and answers Alexa in JSON.',
      'GitHub OAuth app tokens come without `expires_in`; set the Default Access Token Expiration Time in the console as well.',
    ],
    links: [L.requirements, L.apiGatewayProxy, L.guide],
    probe: 'token',
    next: 'contact-amazon',
  },

  'still-not-working': {
    kind: 'check',
    part: 'general',
    title: 'Still failing: check the six requirements that often break linking',
    summary:
      'Tried the fixes for your symptom? Go through the requirements: no pop-ups, fragment for implicit grant, HTTPS and CA, 200 OK, client auth, JSON.',
    keywords: ['still not working', 'tried everything', 'nothing works'],
    source: guide(S.stillNotWorking),
    steps: [
      'The sign-in opens no pop-up windows.',
      'Implicit grant only: `state`, `access_token` and `token_type` come back after `#`, never in the query string.',
      'Both account linking URLs use HTTPS, with a certificate from an Amazon-approved certificate authority.',
      'A successful token response has the status `200 OK`.',
      'The token server accepts HTTP Basic or credentials in the request body.',
      'The token response is JSON, not a parameter string.',
    ],
    probe: 'token',
    outcomes: [
      { label: 'The login opens a pop-up', meaning: 'Pop-ups are not supported.', next: 'tip-no-popups' },
      {
        label: 'Implicit grant values are in the query string',
        meaning: 'They belong in the fragment.',
        next: 'tip-implicit-fragment',
      },
      { label: 'HTTP, or a certificate from another CA', meaning: 'Alexa will not connect.', next: 'tip-https-ca' },
      { label: 'The token response has another status', meaning: 'Alexa wants 200 OK.', next: 'tip-200-ok' },
      {
        label: 'The server wants another client authentication',
        meaning: 'Alexa only does HTTP Basic or body credentials.',
        next: 'tip-client-auth',
      },
      { label: 'The token response is not JSON', meaning: 'Alexa cannot read it.', next: 'tip-json-not-params' },
      { label: 'All six hold', meaning: 'Time to ask Amazon.', next: 'contact-amazon' },
    ],
  },

  'relink-later': {
    kind: 'check',
    part: 'general',
    title: 'Users must link again later: check token lifetime and refresh',
    summary:
      "Linking works, then breaks. Alexa most likely couldn't refresh the tokens. Check expires_in, the console default, the refresh itself and early revocation.",
    keywords: ['relink', 're-link', 'link again', 'unlinked', 'unlinks', 'every day', 'after a while', 'after a few hours', 'refresh token', 'refresh_token', 'logged out', 'disconnected', 'token expired', 'expired token'],
    source: guide(S.unsuccessful),
    symptoms: ['must link again later', 'account gets unlinked after a while'],
    body: [
      'When a link breaks on its own, Alexa usually tried to trade its refresh token for a new access and refresh token pair, and failed. From then on, the user has to link again in the Alexa app.',
    ],
    steps: [
      'The code exchange returns a `refresh_token`. Without one, linking still works, but Alexa cannot renew the access token: when it expires, the skill receives an expired token and the user has to link again.',
      'Your token responses set `expires_in` to 360 or more: access tokens must live at least six minutes.',
      'In the console (Build > Account Linking), the Default Access Token Expiration Time is 360 seconds or more. Alexa falls back on it when a response has no `expires_in`.',
      'Send your access token URI a `grant_type=refresh_token` request with a refresh token it issued, authenticated the way Alexa does. It must return a new token pair as JSON.',
      'Make sure your server does not invalidate refresh tokens before the five-minute window ends.',
    ],
    probe: 'token',
    outcomes: [
      {
        label: '`expires_in` or the console default is below 360',
        meaning: 'The access token dies too soon.',
        next: 'token-lifetime-too-short',
      },
      { label: 'The refresh request fails', meaning: 'Alexa cannot get a new pair.', next: 'refresh-fails' },
      {
        label: 'Refresh tokens stop working too early',
        meaning: 'Your server revokes them before Alexa uses them.',
        next: 'refresh-token-revoked-early',
      },
      { label: 'Google is the provider', meaning: 'Google has its own refresh token rules.', next: 'google-provider' },
      {
        label: 'All of this passes',
        meaning: 'Your identity provider has refresh token rules of its own.',
        next: 'provider-refresh-quirks',
      },
    ],
  },

  'token-lifetime-too-short': {
    kind: 'resolution',
    part: 'general',
    title: 'Give access tokens a lifetime of at least 360 seconds',
    summary:
      'Access tokens must live at least six minutes (360 seconds): set expires_in and the Default Access Token Expiration Time to 360 or more.',
    keywords: ['expires_in', 'expires_in 300', '360 seconds', 'six minutes', 'token lifetime', 'Default Access Token Expiration Time', 'defaultTokenExpirationInSeconds', 'Keycloak … 300', 'Salesforce', 'no expires_in'],
    source: guide(S.unsuccessful),
    cause:
      'Your access tokens live less than six minutes (360 seconds), because of `expires_in` or the Default Access Token Expiration Time in the console, so Alexa cannot keep the link alive.',
    fix: [
      'Return `expires_in` of 360 or more in every token response, for the first exchange and for each refresh, for example `"expires_in": 3600`.',
      'Set the Default Access Token Expiration Time in the console to 360 seconds or more (`defaultTokenExpirationInSeconds` in SMAPI). Alexa only uses it when a response has no `expires_in`.',
      'Send `expires_in` as a number: whether Alexa reads a string is not documented.',
      'Keycloak sends `expires_in` 300 by default: raise its access token lifespan. Salesforce sends no `expires_in` at all, so Alexa uses the console default.',
    ],
    links: [L.requirements, L.schemas],
    probe: 'token',
    next: 'refresh-fails',
  },

  'refresh-fails': {
    kind: 'resolution',
    part: 'general',
    title: 'Make the refresh token request succeed',
    summary:
      'When an access token expires, Alexa asks your access token URI for a new pair with the refresh token. If that fails, the user must link again.',
    keywords: ['grant_type=refresh_token', 'refresh fails', 'refresh request', 'cannot refresh', 'refresh grant'],
    source: guide(S.unsuccessful),
    cause:
      'Alexa calls your access token URI with `grant_type=refresh_token` once the access token expires. Your server rejects the call or does not return a new token pair, so the link breaks.',
    fix: [
      'Handle the refresh token grant at the same access token URI, with the same client authentication as the code exchange.',
      'Return JSON with a new `access_token`, its `expires_in`, and a `refresh_token` (the same one or a new one).',
      'Test it yourself with a real refresh token, and watch your logs when the first access token of a new link expires.',
      'Answer this request within 4.5 seconds too.',
    ],
    links: [L.requirements, L.guide],
    probe: 'token',
    flow: 'link',
    next: 'refresh-token-revoked-early',
  },

  'refresh-token-revoked-early': {
    kind: 'resolution',
    part: 'general',
    title: "Don't invalidate refresh tokens before the five-minute window ends",
    summary:
      'If your server kills a refresh token before the five-minute window ends, Alexa cannot refresh and the user has to link again.',
    keywords: ['rotation', 'refresh token rotation', 'reuse detection', 'refresh token already used', 'revoked', 'invalidated', 'grace period'],
    source: guide(S.unsuccessful),
    cause:
      'Your server invalidates a refresh token before Alexa gets to use it, for example with a very short refresh token lifetime or by revoking the old token the moment it issues a new one. Alexa then holds a dead token.',
    fix: [
      'Keep every refresh token valid at least until the five-minute window has ended. Long lifetimes (months, or none) suit Alexa best.',
      'If you rotate refresh tokens, keep the previous one working for a grace period in case Alexa never got your last answer. Reuse detection that revokes the whole token family (Auth0, oidc-provider) unlinks the user when Alexa retries a refresh; Okta offers a grace period.',
      'Avoid revoking tokens when the user signs in elsewhere, unless you must.',
    ],
    links: [L.requirements, L.guide],
    probe: 'token',
    flow: 'link',
    next: 'provider-refresh-quirks',
  },

  'provider-refresh-quirks': {
    kind: 'resolution',
    part: 'general',
    title: "Check your identity provider's refresh token rules",
    summary:
      'Hosted identity providers (Auth0, Okta, Cognito, Facebook) have their own refresh token rules. Some never give Alexa a refresh token that lasts.',
    keywords: ['Auth0', 'Okta', 'Cognito', 'Amazon Cognito', 'Keycloak', 'Logto', 'Zitadel', 'Azure', 'Azure AD', 'Entra', 'Microsoft Entra ID', 'AADSTS700082', 'AADSTS70043', 'offline_access', 'Facebook … refresh', 'identity provider'],
    source: guide(S.unsuccessful),
    cause:
      'Your identity provider does not give Alexa a refresh token, or its refresh tokens expire on their own schedule, so links break after a while.',
    fix: [
      'Auth0: request the `offline_access` scope and turn on "Allow Offline Access" for the API; without both, no refresh token is issued.',
      'Okta and other OpenID Connect servers (Keycloak, Logto, Zitadel): request `offline_access` and allow refresh tokens for the app. Without it, Logto binds the refresh token to the 14-day login session, and it dies with the session.',
      'Microsoft Entra ID (Azure AD): request `offline_access`, or no refresh token comes back. A refresh token unused for 90 days ends with `AADSTS700082`, and a sign-in frequency policy ends it with `AADSTS70043`.',
      'Amazon Cognito: a refresh returns no new refresh token unless rotation is on, so users must link again when the refresh token lifetime ends (30 days by default, up to 3650 days). Raise it.',
      'Facebook Login has no OAuth refresh tokens (its long-lived tokens last about 60 days), so users link again when theirs ends.',
    ],
    links: [L.auth0RefreshTokens, L.requirements],
    probe: 'provider-quirks',
    next: 'contact-amazon',
  },

  'login-page-domains': {
    kind: 'check',
    part: 'general',
    title: "Works on one device, not another: check the login page's domains",
    summary:
      'A blank screen, a new window on phones, or success on only some devices often means the Domain List lacks a host that your login page loads from.',
    keywords: ['phone', 'mobile', 'iPhone', 'won\'t load', 'does not load', 'doesn\'t load', 'login page … phone', 'some devices', 'one device', 'images missing', 'blank page', 'white screen', 'empty page'],
    source: guide(S.devices),
    symptoms: ['blank screen', 'opens a new window', 'works on one device but not another'],
    steps: [
      'Open your login page (the authorization URI) in a desktop browser with developer tools. Note every host it loads anything from: scripts, styles, images, fonts, API calls, and every host it redirects through.',
      'Compare that list with Account Linking > Domain List in the console. Each host must be listed exactly as called: for calls to `oauth.sample.com`, listing `sample.com` is not enough.',
      'Watch whether the page opens a pop-up or a new window.',
    ],
    probe: 'login-page',
    outcomes: [
      {
        label: 'The login page does not open at all',
        meaning: 'The browser shows its own error page, such as ERR_NAME_NOT_RESOLVED or ERR_TOO_MANY_REDIRECTS.',
        next: 'login-page-unreachable',
      },
      {
        label: 'A host is missing from the Domain List',
        meaning: 'The Alexa app may not load content from it.',
        next: 'domain-list-missing',
      },
      { label: 'The page opens a pop-up or a new window', meaning: 'Pop-ups are not supported.', next: 'tip-no-popups' },
      { label: 'Every host is listed', meaning: 'Check the other requirements.', next: 'still-not-working' },
    ],
  },

  'login-page-unreachable': {
    kind: 'resolution',
    part: 'general',
    title: 'Make the login page open: the authorization URI must be reachable over HTTPS',
    summary:
      "The Alexa app shows the browser's own error page instead of your login page: the authorization URI's host does not resolve, refuses the connection or loops.",
    keywords: ['ERR_NAME_NOT_RESOLVED', 'ERR_CONNECTION_REFUSED', 'ERR_CONNECTION_TIMED_OUT', 'ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_ADDRESS_UNREACHABLE', 'ERR_TOO_MANY_REDIRECTS', 'ERR_EMPTY_RESPONSE', 'ERR_UNSAFE_PORT', 'This site can\'t be reached', 'redirected you too many times', 'redirect loop', 'DNS', 'connection refused', 'login page … not open', 'login page … unreachable'],
    source: { section: 'Requirements for account linking', url: REQUIREMENTS },
    cause:
      'The Alexa app cannot load your authorization URI at all. Its host has no public DNS record, nothing answers HTTPS on port 443, a firewall drops the connection, or the page redirects in a loop, so the browser shows its own error page.',
    fix: [
      'Open the authorization URI from the console on a phone on mobile data, outside your network, and read the error: `ERR_NAME_NOT_RESOLVED` is DNS, `ERR_CONNECTION_REFUSED`, `ERR_CONNECTION_TIMED_OUT` or `ERR_CONNECTION_RESET` is the server or a firewall, `ERR_TOO_MANY_REDIRECTS` is a redirect loop.',
      'Give the host a public DNS record, and serve the page over HTTPS on port 443: Amazon requires both for the authorization URI.',
      'Break redirect loops: a page that sends users between HTTP and HTTPS, or back to itself when a session cookie is missing, never settles.',
      'Certificate errors (`ERR_CERT_…`) mean the connection worked and the certificate was refused: that is the step “Serve account linking over HTTPS with a certificate Amazon accepts”.',
    ],
    links: [L.requirements, L.guide],
    probe: 'login-page',
    next: 'domain-list-missing',
  },

  'domain-list-missing': {
    kind: 'resolution',
    part: 'general',
    title: 'Add every outside host of the login page to the Domain List',
    summary:
      'Your login page loads content from hosts other than the authorization URI. Add each exact host to the Domain List: oauth.sample.com, not sample.com.',
    keywords: ['Domain List', 'domains', 'CDN', 'subdomain', 'images … not load'],
    source: guide(S.devices),
    cause:
      "Your login page loads content, images for instance, from hosts that differ from the host of your authorization URI, and the Domain List lacks them. On some devices that ends in a blank screen or a new window.",
    fix: [
      'In the developer console, open your skill, go to Account Linking > Domain List and add each missing host (you can list up to 15).',
      'Add the exact host the page calls. A call to `oauth.sample.com` needs `oauth.sample.com` in the list; adding `sample.com` does not cover it.',
      "Include hosts reached through redirects, such as your identity provider's hosted login page.",
      'Save, then link again on the device that failed.',
    ],
    links: [L.guide, L.schemas],
    probe: 'login-page',
    next: 'tip-no-popups',
  },

  'http-400-redirect': {
    kind: 'check',
    part: 'general',
    title: 'HTTP 400 during the redirect: check redirect_uri and request size',
    summary:
      'An HTTP 400 while the login page redirects points to a bad redirect_uri or a request that is too big (redirect URL plus cookies). Test in a private window.',
    keywords: ['400', 'Bad Request … redirect', 'redirect … 400', 'incognito', 'private window'],
    source: guide(S.http400),
    symptoms: ['HTTP 400', 'Request Header Or Cookie Too Large'],
    body: [
      'Two causes are usual here. Either something is wrong with the `redirect_uri` (the redirect URL is invalid), or the request is too big to pass. The size that counts is the redirect URL plus all cookies the browser holds for your domain.',
    ],
    steps: [
      'Go through the same linking flow in an incognito or private window, which starts with no cookies.',
      'If linking completes there, the request was most likely too big.',
      "If it fails there too, compare the `redirect_uri` your login page receives and redirects to with the Alexa Redirect URLs in the console's account linking settings.",
    ],
    probe: 'login-page',
    outcomes: [
      {
        label: 'Linking completes in the incognito or private window',
        meaning: 'The redirect request is too large.',
        next: 'request-too-large',
      },
      { label: 'It fails there too', meaning: 'The redirect URL itself is wrong.', next: 'redirect-uri-invalid' },
    ],
  },

  'request-too-large': {
    kind: 'resolution',
    part: 'general',
    title: 'Shorten the redirect URL, the authorization code and the cookies',
    summary:
      'Linking works in a private window, so the redirect request was too large. Shorten the redirect URL and its parameters, or the authorization code.',
    keywords: ['cookie', 'cookies', 'too large', 'header too large', '431', '414', 'URI too long', 'request too large'],
    source: guide(S.http400),
    cause:
      'The redirect URL with all its query parameters, plus every cookie for your domain, is larger than the server accepts, so the page does not redirect.',
    fix: [
      'Shorten the redirect URL: its query parameters count, so drop the ones you do not need and keep your own ones short.',
      'Shorten the authorization code, for example an opaque short ID instead of a long signed token.',
      "Leave Alexa's `state` alone: it must come back unchanged, and in the requests developers have logged it is over 600 characters long. Don't keep it in a cookie either.",
      'Trim the cookies on your login domain, or raise the header size limit of your web server or proxy (8 KB is a common default).',
    ],
    links: [L.guide, L.configureAuthCode],
    probe: 'login-page',
    next: 'redirect-uri-invalid',
  },

  'redirect-uri-invalid': {
    kind: 'resolution',
    part: 'general',
    title: 'Fix an invalid redirect_uri',
    summary:
      'Your server rejects the redirect_uri Alexa sends, or redirects somewhere else. Allow the Alexa Redirect URLs and use them unchanged.',
    keywords: ['redirect_uri_mismatch', 'invalid redirect_uri', 'redirect_uri', 'redirect URI mismatch', 'invalid redirect uri', 'pitangui', 'layla', 'alexa.amazon.co.jp', 'OA2InvalidGrantException', 'X-Amzn-Errortype'],
    source: guide(S.http400),
    cause:
      'The redirect URL is invalid: your server does not accept the `redirect_uri` Alexa sent, or it redirects to a changed or wrong URL.',
    fix: [
      'Allow every Alexa Redirect URL that the console lists in your OAuth client settings: one host per region, each with the path `/api/skill/link/{vendorId}`. Amazon\'s examples use `pitangui.amazon.com` (NA); developers\' configurations list `layla.amazon.com` (EU) and `alexa.amazon.co.jp` (FE), and projects set up since 2025 also list `alexa.amazon.com`.',
      'Login with Amazon as your authorization server: add the Alexa Redirect URLs to the security profile\'s Allowed Return URLs. Without them, a developer saw LWA answer the token request with HTTP 400 and `X-Amzn-Errortype: OA2InvalidGrantException`.',
      'Redirect to the `redirect_uri` exactly as Alexa sent it: no extra slash, no change of case, no re-encoding.',
      'Authorization code grant: add `state` and `code` as query parameters, for example `https://pitangui.amazon.com/api/skill/link/{vendorId}?state=…&code=…`.',
    ],
    links: [L.configureAuthCode, L.requirements],
    probe: 'login-page',
    next: 'contact-amazon',
  },

  'where-linking-ended': {
    kind: 'check',
    part: 'general',
    title: 'Read the address of the page where linking ended',
    summary:
      "The last page's address names the failure: Alexa's link-result page gives an errorKey, and a redirect back to Alexa carries your server's error, or its code and state.",
    keywords: ['link-result', 'skills-store.amazon.com/external/link-result', 'success=false', 'errorKey', 'access_denied', 'invalid_scope', 'unsupported_response_type', 'server_error', 'temporarily_unavailable', 'consent_required', 'login_required', 'interaction_required'],
    source: guide(S.unsuccessful),
    symptoms: ['error=access_denied', 'error=invalid_scope'],
    body: [
      "After the user signs in, your server sends the browser back to the Alexa redirect URL it received. With the authorization code grant that address carries `code` and `state`; when your server refuses the request it carries `error` (and often `error_description`) instead. Alexa then shows the result on a skills-store page, `…/external/link-result?success=…`, which names an `errorKey` when linking failed.",
    ],
    steps: [
      'Link again and, when linking fails, copy the address of the page you end on (in the Alexa app, open the page in a browser, or link from a desktop browser at alexa.amazon.com).',
      "Also note the address your login page redirected to after sign-in (the browser's developer tools, Network tab, the last redirect's Location).",
      'Paste the address into the check below: it says what the page means and which step fixes it.',
    ],
    probe: 'final-url',
    outcomes: [
      { label: 'errorKey=missing-state', meaning: 'The redirect back to Alexa did not carry state.', next: 'state-not-returned' },
      { label: 'An Alexa redirect URL with error=…', meaning: 'Your server refused the request Alexa sent.', next: 'still-not-working' },
      { label: 'An Alexa redirect URL with code and state, and linking still failed', meaning: 'Sign-in worked; the token exchange failed next.', next: 'token-server-error' },
      { label: 'A page of your own site', meaning: 'Your server never sent the user back to Alexa.', next: 'redirect-uri-invalid' },
    ],
  },

  'state-not-returned': {
    kind: 'resolution',
    part: 'general',
    title: 'Send state back to Alexa exactly as it came',
    summary: 'Alexa needs the state it sent to your authorization URI back on the redirect, unchanged. Without it, linking ends with errorKey=missing-state.',
    keywords: ['state parameter', 'state missing', 'state mismatch', 'invalid state'],
    source: { section: 'Requirements for account linking', url: REQUIREMENTS },
    symptoms: ['errorKey=missing-state', 'missing-state', 'state is missing'],
    cause:
      "Alexa adds `state` to every request to your authorization URI, and your server must use that same value when it redirects to Alexa's redirect URL. A redirect without it, or with it shortened or changed, cannot be matched to the linking Alexa started; developers report ending on a link-result page with `errorKey=missing-state`.",
    fix: [
      'Keep the `state` from the authorization request through your sign-in pages (in the session or a hidden field), and add it to the redirect back to Alexa: `https://pitangui.amazon.com/api/skill/link/{vendorId}?state=…&code=…`.',
      'Pass it on unchanged and URL-encoded: it is several hundred characters long, so do not store it in a column or cookie that cuts it short.',
      'If your sign-in goes through another provider (social login), carry Alexa\'s state across that round trip too.',
    ],
    links: [L.requirements, L.configureAuthCode],
    probe: 'final-url',
    next: 'still-not-working',
  },

  'uris-swapped': {
    kind: 'resolution',
    part: 'general',
    title: 'Put the authorization URI and the access token URI the right way round',
    summary:
      'The authorization URI answers like a token endpoint (a JSON error), or the token URI answers with a login page: the two are swapped in the console.',
    keywords: ['login page shows … JSON', 'JSON error … login page', 'swapped', 'wrong way round', 'authorization URI and token URI', 'unsupported_grant_type on the login page'],
    source: { section: 'Configure an authorization code grant', url: CONFIGURE_AUTH_CODE },
    symptoms: ['invalid_request on the login page'],
    cause:
      'Alexa opens the authorization URI in the Alexa app so that the user can sign in, and it sends the authorization code to the access token URI from its own servers. With the two URIs exchanged, the user sees a JSON error instead of a login page, and the code goes to a page that expects a browser.',
    fix: [
      "In the skill's account linking settings, enter your server's sign-in (authorize) endpoint as “Your Web Authorization URI” and the endpoint that issues tokens as “Access Token URI”.",
      'Check both against your server\'s documentation or its OpenID Connect discovery document (`authorization_endpoint` and `token_endpoint`).',
    ],
    links: [L.configureAuthCode, L.requirements],
    probe: 'login-page',
    next: 'still-not-working',
  },

  'federated-sign-in': {
    kind: 'resolution',
    part: 'general',
    title: 'Sign-in with Google or Facebook on the login page fails inside the Alexa app',
    summary:
      'Google refuses sign-in in embedded browsers such as the one the Alexa app shows the login page in, so a login page that sends users to Google fails there.',
    keywords: ['Sign in with Google', 'Google sign-in', 'Sign in with Facebook', 'Facebook login', 'embedded webview', 'webview', 'Google … blocked', 'social login'],
    source: guide(S.google),
    symptoms: ['disallowed_useragent', "403: disallowed_useragent", 'Use secure browsers', "doesn't comply with Google's embedded webview policy"],
    cause:
      "The Alexa app shows your login page in its own embedded browser. Google has blocked its OAuth sign-in in embedded webviews since 30 September 2021 (error `403: disallowed_useragent`), and developers report that Facebook's sign-in can refuse such browsers too. A login page that offers \"Sign in with Google\" (or Facebook) then stops at the provider's error page.",
    fix: [
      'Offer a way to sign in on your own page that does not go through Google or Facebook, such as an email and password or a one-time code, so users can always finish linking.',
      'Test the whole sign-in inside the Alexa app on Android and iOS, not only in a desktop browser.',
      "If users must sign in with their Google account, consider app-to-app account linking from your own app, which can open the sign-in in the system browser as Google's policy asks.",
    ],
    links: [L.googleWebviews, L.guide],
    probe: 'login-page',
    next: 'still-not-working',
  },

  'google-provider': {
    kind: 'check',
    part: 'general',
    title: 'Linking with Google: check how you ask for the refresh token',
    summary:
      'Google returns a refresh_token only on the first authorization, and only with access_type=offline. Check both before anything else.',
    keywords: ['Google', 'Google OAuth', 'accounts.google.com'],
    source: guide(S.google),
    steps: [
      'Look at the authorization URI in the console: does it include `access_type=offline`?',
      'Has the Google account you test with authorized your app before? Google hands out a `refresh_token` only the first time.',
      "Check through your logs (or an API Gateway proxy) whether Google's token response contains `refresh_token`.",
    ],
    probe: 'provider-quirks',
    outcomes: [
      {
        label: '`access_type=offline` is missing',
        meaning: 'You never asked Google for a refresh token.',
        next: 'google-access-type-offline',
      },
      {
        label: 'The account authorized before, and no refresh token comes back',
        meaning: 'Google only sends it on the first authorization.',
        next: 'google-refresh-token-first-only',
      },
      {
        label: 'Users who pick "Sign in with Google" on your login page get an error in the Alexa app',
        meaning: 'Google refuses sign-in in embedded browsers such as the Alexa app’s (disallowed_useragent).',
        next: 'federated-sign-in',
      },
      { label: 'Both look right', meaning: 'Check the token exchange itself.', next: 'token-exchange' },
    ],
  },

  'google-access-type-offline': {
    kind: 'resolution',
    part: 'general',
    title: 'Google: add access_type=offline to the authorization URI',
    summary:
      'Without access_type=offline, Google returns no refresh token, so Alexa cannot refresh and users must link again.',
    keywords: ['access_type=offline', 'access_type', 'offline access', 'prompt=consent'],
    source: guide(S.google),
    cause:
      'The request to Google lacks `access_type=offline`, so you never ask for a refresh token, and Alexa has nothing to refresh with.',
    fix: [
      'Add `access_type=offline` to the authorization URI in the console, for example `https://accounts.google.com/o/oauth2/v2/auth?access_type=offline`. Alexa appends its own parameters to it.',
      'Add `prompt=consent` as well: Google then asks again and returns a refresh token even for an account that authorized before, which without it gets none.',
      'Reset your test accounts as described in the next fix, then link again.',
    ],
    links: [L.googleOffline, L.guide],
    probe: 'provider-quirks',
    next: 'google-refresh-token-first-only',
  },

  'google-refresh-token-first-only': {
    kind: 'resolution',
    part: 'general',
    title: 'Google: reset an account that no longer gets a refresh_token',
    summary:
      "Google sends refresh_token only on a user's first authorization. Revoke your app's access in the Google account's security settings, then link again.",
    keywords: ['revoke access', 'third-party access', 'Testing publishing status'],
    source: guide(S.google),
    symptoms: ['Google returns no refresh_token'],
    cause:
      "Google's OAuth design gives out `refresh_token` only the first time a user authorizes your app. After you authorize the same account many times (while testing, say), its token responses carry no refresh token, and Alexa's refresh requests get nothing back.",
    fix: [
      "Open the Google account's security settings, find your app under third-party access, and revoke its access.",
      'Link again. Google treats it as a first authorization, returns a refresh token, and refreshing works again.',
      'To spare users who authorized before, add `prompt=consent` to the authorization URI: Google then issues a new refresh token.',
      'While your Google Cloud app is in "Testing" publishing status, its refresh tokens expire after 7 days.',
    ],
    links: [L.googlePermissions, L.googleOffline, L.guide],
    probe: 'token',
    next: 'contact-amazon',
  },

  /* ────────────── App-to-app account linking, starting from your app ────────────── */

  'from-your-app-symptoms': {
    kind: 'question',
    part: 'from-your-app',
    title: 'App-to-app linking from your app: pick the symptom',
    summary:
      'Your app starts the linking. Pick the error from the skill enablement API, or what else goes wrong: LWA fallback, Android browser, targeting users.',
    source: guide(S.fromYourApp),
    question: 'What goes wrong?',
    options: [
      { label: '"400 Bad Request" from the skill enablement API', next: 'enablement-400' },
      { label: '"401 Unauthorized"', hint: 'From the skill enablement API.', next: 'enablement-401' },
      { label: '"403 Forbidden"', hint: 'From the skill enablement API.', next: 'enablement-403' },
      { label: '"Invalid account linking credentials"', hint: 'From the skill enablement API.', next: 'enablement-invalid-credentials' },
      {
        label: '"Could not contact provider of account linking credentials"',
        hint: 'From the skill enablement API.',
        next: 'enablement-could-not-contact',
      },
      {
        label: 'Linking does not complete',
        hint: 'After the flow, the skill is not enabled and the account is not linked.',
        next: 'enablement-not-called',
      },
      { label: 'LWA fallback flow fails', hint: 'The Login with Amazon fallback shows an error.', next: 'lwa-fallback' },
      { label: 'Android: user picked the default browser to open the Alexa app', next: 'android-use-different-app' },
      { label: 'Cannot target users who are not linked yet', next: 'target-non-linked-users' },
    ],
  },

  'enablement-400': {
    kind: 'check',
    part: 'from-your-app',
    title: '"400 Bad Request" from the skill enablement API: check the request',
    summary:
      'A 400 from the skill enablement API means the request is malformed. Check the Bearer header, the customer access token and the body.',
    keywords: ['skill enablement API … 400', 'enablement … 400'],
    source: guide(S.badRequest),
    symptoms: ['400 Bad Request'],
    steps: [
      'Your backend sends `POST /v1/users/~current/skills/{skillId}/enablement` with `Content-Type: application/json`.',
      'The header reads `Authorization: Bearer {token}`, with `Bearer` in title case: not `bearer`, not `BEARER`.',
      "The token is the user's Amazon access token, obtained before this call (scope `alexa::skills:account_linking`); not your own token and not a developer SMAPI token.",
      'The body has `stage` (`development` or `live`) and an `accountLinkRequest` with `redirectUri`, `authCode` and `type: "AUTH_CODE"`.',
    ],
    probe: 'enablement-request',
    outcomes: [
      { label: '`Bearer` is not in title case', meaning: 'The API rejects the header.', next: 'enablement-bearer-case' },
      {
        label: 'No customer access token yet, or a different token',
        meaning: 'The call needs the user\'s Amazon access token.',
        next: 'enablement-customer-token',
      },
      {
        label: 'Header and token look right',
        meaning: 'Check the authorization code and redirect URI in the body.',
        next: 'enablement-auth-code-mismatch',
      },
    ],
  },

  'enablement-bearer-case': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Write Bearer in title case in the Authorization header',
    summary: 'The skill enablement API wants `Authorization: Bearer {token}` with Bearer in title case.',
    keywords: ['Bearer', 'bearer lowercase', 'Authorization header', 'title case'],
    source: guide(S.badRequest),
    cause: 'The request to the skill enablement API does not write `Bearer` in title case in the authorization header, so its format is wrong.',
    fix: [
      'Send exactly `Authorization: Bearer {Amazon access token}`: capital B, the rest lower case, one space before the token.',
      'Make sure your HTTP library does not rewrite the header, and that the token has no quotes or line breaks around it.',
      'Compare with the example request for each operation in the Skill Enablement REST API reference.',
    ],
    links: [L.enablementApi, L.guide],
    probe: 'enablement-request',
    next: 'enablement-customer-token',
  },

  'enablement-customer-token': {
    kind: 'resolution',
    part: 'from-your-app',
    title: "Get the user's Amazon access token before calling the enablement API",
    summary:
      "Like every skill management API, the skill enablement API needs an access token, here the customer's. Get it from the Amazon authorization code first.",
    keywords: ['customer access token', 'alexaApiEndpoint', 'Amazon access token'],
    source: guide(S.badRequest),
    cause:
      "Your backend calls the skill enablement API without first getting the customer's Amazon access token, or with another token.",
    fix: [
      "Open the Alexa app URL (or the LWA fallback URL) with Alexa's client ID and the scope `alexa::skills:account_linking`. Your redirect URL receives the user's Amazon authorization code, valid for five minutes.",
      'Exchange it at `https://api.amazon.com/auth/o2/token` with the Alexa client ID and secret from the console (add `code_verifier` if you use PKCE). The Amazon access token lasts one hour; keep the refresh token if you call later.',
      "Call the user's endpoint: `GET https://api.amazonalexa.com/v1/alexaApiEndpoint` tells you which of `api.amazonalexa.com`, `api.eu.amazonalexa.com` or the Far East host (`api.fe.amazonalexa.com`; one Amazon page says `api.fe.amazon.com`) to use.",
    ],
    links: [L.enablementApi, L.authRequestFromYourApp, L.enableAndLink],
    probe: 'enablement-request',
    next: 'enablement-auth-code-mismatch',
  },

  'enablement-auth-code-mismatch': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Send your own authorization code and its matching redirectUri',
    summary:
      "In the enablement request, authCode must come from your authorization server and redirectUri must be the one used to get it, or Alexa's exchange fails.",
    keywords: ['authCode', 'redirectUri', 'accountLinkRequest'],
    source: { section: S.badRequest, url: YOUR_APP_STEP6 },
    cause:
      'Alexa takes `authCode` and `redirectUri` from your request body and exchanges them at your access token URI. If the code came from elsewhere (for example the Amazon code from LWA) or `redirectUri` differs from the one used to get the code, the exchange fails.',
    fix: [
      'Put a fresh code from your own authorization server in `authCode`, never the Amazon authorization code.',
      'Set `redirectUri` to exactly the redirect URI your server used when it issued that code.',
      'Use each code once, and call the API soon after you get it.',
      'Developers who sent a wrong code or redirect URI got a 400 with the message "Invalid account linking credentials", the same message as an unsupported server.',
    ],
    links: [L.enableAndLink, L.enablementApi],
    probe: 'enablement-request',
    next: 'contact-amazon',
  },

  'enablement-401': {
    kind: 'resolution',
    part: 'from-your-app',
    title: '"401 Unauthorized" from the skill enablement API: the enablement is gone',
    summary:
      'A 401 means the enablement for this skill and user was deleted, so your tokens are invalid. Listen for SKILL_DISABLED and delete those tokens.',
    keywords: ['401', 'SKILL_DISABLED', 'skill disabled'],
    source: guide(S.unauthorized),
    symptoms: ['401 Unauthorized'],
    cause:
      'The enablement between the skill and this user was deleted, typically because the user disabled the skill. If you do not notice that, you keep calling with tokens that are no longer valid.',
    fix: [
      'Subscribe the skill to the `SKILL_DISABLED` skill event (in the skill manifest under `events.subscriptions`).',
      'When the event arrives, delete the tokens you stored for that user, so you never call the skill enablement API with a revoked token.',
      'To link that user again, run the app-to-app flow from the start.',
    ],
    links: [L.skillEvents, L.addEvents, L.guide],
    probe: 'enablement-request',
    next: 'contact-amazon',
  },

  'enablement-403': {
    kind: 'check',
    part: 'from-your-app',
    title: '"403 Forbidden" from the skill enablement API: scope or stage?',
    summary:
      'A 403 means your client ID lacks the account linking scope, or a development-stage skill is called for an account that may not use it.',
    keywords: ['403'],
    source: guide(S.forbidden),
    symptoms: ['403 Forbidden'],
    body: [
      'There are two known causes: your client ID has no permission to ask for the account linking scope, or the skill is still in development and the account you call for is neither the developer account nor a beta tester.',
    ],
    steps: [
      "In the developer console, open the skill's Build tab, then TOOLS > Account linking. Are your app's redirect URLs listed?",
      'Look at `stage` in the request. For `development`, the Amazon account must be the developer account that created the skill, or one you added as a beta tester.',
    ],
    probe: 'enablement-request',
    outcomes: [
      {
        label: "Your app's redirect URLs are missing",
        meaning: 'The client ID lacks the account linking scope.',
        next: 'enablement-403-scope',
      },
      {
        label: 'Development stage, called for another account',
        meaning: 'That account may not call the API for this skill.',
        next: 'enablement-403-beta',
      },
      { label: 'Both are fine', meaning: 'Ask Amazon.', next: 'contact-amazon' },
    ],
  },

  'enablement-403-scope': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Give your client ID the account linking scope: add your redirect URLs',
    summary:
      "Add your app's redirect URLs in the console (Build > TOOLS > Account linking). That gives your client ID the alexa::skills:account_linking scope.",
    keywords: ['alexa::skills:account_linking', 'account linking scope'],
    source: guide(S.forbidden),
    cause: 'Your client ID has no permission to request the `alexa::skills:account_linking` scope.',
    fix: [
      'In the Alexa developer console, open your skill.',
      'Choose the Build tab, then on the left TOOLS > Account linking.',
      "Add your app's redirect URLs and save. Once they are listed, your client ID may request the `alexa::skills:account_linking` scope.",
      'You can do the same with the ASK CLI (`ask smapi update-account-linking-info`, field `redirectUrls`) or the Alexa Skill Management API (SMAPI).',
    ],
    links: [L.urlsAndEndpoints, L.faq, L.enablementApi, L.redirectUrls],
    probe: 'enablement-request',
    next: 'enablement-403-beta',
  },

  'enablement-403-beta': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Development-stage skill: add the account to the beta test',
    summary:
      'For a skill in development, only the developer account and beta testers may call the skill enablement API. Add the account to the beta pool.',
    keywords: ['beta tester', 'beta test', 'development stage', 'skill_stage'],
    source: guide(S.forbidden),
    cause:
      'You ask for an operation on a development-stage skill for an account without permission. Only the developer account that created the skill and accounts you added as beta testers may do that.',
    fix: [
      "Add the account to the skill's beta pool (beta test), in the console or with the Beta Tester Management API.",
      'Have the tester accept the invitation email, then try again.',
      'Or test with the developer account that created the skill.',
    ],
    links: [L.betaTesting, L.guide],
    probe: 'enablement-request',
    next: 'contact-amazon',
  },

  'enablement-invalid-credentials': {
    kind: 'resolution',
    part: 'from-your-app',
    title: '"Invalid account linking credentials": implement a full OAuth 2.0 server',
    summary:
      "This error means your OAuth 2.0 server isn't supported. Implement a complete authorization server, starting with linking from the Alexa app.",
    source: guide(S.invalidCredentials),
    symptoms: ['Invalid account linking credentials'],
    cause:
      "The OAuth 2.0 server behind your skill is not supported, so Alexa cannot exchange the authorization code for the user's access token.",
    fix: [
      'Implement a complete authorization server: an authorization URI and an access token URI that handle the authorization code grant and refresh the way Alexa expects.',
      'Get the default flow, linking from the Alexa app, working first: it is part of implementing app-to-app linking.',
      'Check the token exchange like the general flow: JSON with access and refresh token, `200 OK`, an answer within 4.5 seconds.',
    ],
    links: [L.implement, L.requirements],
    probe: 'enablement-request',
    next: 'enablement-auth-code-mismatch',
  },

  'enablement-could-not-contact': {
    kind: 'resolution',
    part: 'from-your-app',
    title: '"Could not contact provider of account linking credentials": Alexa cannot reach your token server',
    summary:
      "This error from the skill enablement API means Alexa couldn't connect to your token exchange server. Its logs tell you why.",
    source: guide(S.couldNotContact),
    symptoms: ['Could not contact provider of account linking credentials'],
    cause: 'Alexa cannot connect to your token exchange server (the access token URI) when the enablement API asks it to exchange your code.',
    fix: [
      "Check your token exchange server's logs: did Alexa's request arrive?",
      'If it arrived and failed, find the root cause in the logs and fix it.',
      'If nothing arrived, check the access token URI in the console, DNS, firewalls and IP allow lists, and that the server can be reached from the internet over HTTPS.',
    ],
    links: [L.enableAndLink, L.requirements],
    probe: 'token',
    next: 'tip-https-ca',
  },

  'enablement-not-called': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Linking never completes: call the skill enablement API',
    summary:
      'The flow ends but the skill is not enabled and the account not linked: your backend never calls the skill enablement API.',
    keywords: ['skill not enabled', 'enablement API … never called', '201 Created'],
    source: guide(S.doesNotComplete),
    symptoms: ['skill is not enabled after app-to-app linking'],
    cause:
      'Your backend never makes the skill enablement API call that enables the skill and links the account, so the app-to-app flow never finishes.',
    fix: [
      'After your app gets the Amazon authorization code and you have the Amazon access token, have your backend call `POST /v1/users/~current/skills/{skillId}/enablement` with your own authorization code.',
      'Check your logs to confirm the call happens in every run of the flow. Success is `201 Created`.',
      'Show the result to the user in your app.',
    ],
    links: [L.enableAndLink, L.enablementApi],
    probe: 'enablement-request',
    next: 'contact-amazon',
  },

  'lwa-fallback': {
    kind: 'check',
    part: 'from-your-app',
    title: 'LWA fallback fails: check the URL, the client IDs and the redirect',
    summary:
      'The Login with Amazon fallback fails for one of three reasons: a wrong URL or parameters, mixed-up client credentials, or a redirect that opens in the browser.',
    keywords: ['LWA fallback', 'Login with Amazon', 'LWA', 'amazon.com/ap/oa'],
    source: guide(S.lwaFallback),
    symptoms: ['LWA fallback error'],
    steps: [
      "Check the LWA fallback URL your app opens and its query parameters. The redirect URL must be your app's URL.",
      "Check which client ID and secret each step uses: Alexa's pair for LWA and the enablement API, your own pair for your servers.",
      'Watch where the redirect back opens: in your app, or in the default browser?',
    ],
    outcomes: [
      { label: 'The URL or its parameters are wrong', meaning: 'LWA cannot send the user back.', next: 'lwa-fallback-url' },
      { label: 'A client ID or secret is mixed up', meaning: 'One pair is used in the wrong place.', next: 'lwa-two-client-pairs' },
      {
        label: 'The redirect opens in the default browser',
        meaning: 'Universal Links or App Links do not catch it.',
        next: 'lwa-redirect-default-browser',
      },
    ],
  },

  'lwa-fallback-url': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'LWA fallback: fix the URL and its parameters',
    summary:
      "Your app opens the LWA fallback URL with a wrong configuration. Use Amazon's parameters, with your app's URL as the redirect URL.",
    keywords: ['fallback URL'],
    source: guide(S.lwaFallback),
    cause:
      "Your app opens the LWA fallback URL with an incorrect configuration, so LWA cannot hand the user's Amazon authorization code back to your app.",
    fix: [
      "Build the URL from Amazon's parameters for the Alexa app URL and the LWA fallback URL: `client_id` (Alexa's client ID), `scope=alexa::skills:account_linking`, `skill_stage`, `response_type=code`, `redirect_uri` and `state`, plus `code_challenge` and `code_challenge_method=S256` with PKCE. Apps that implement this flow open the fallback at `https://www.amazon.com/ap/oa`.",
      "Make the redirect URL your app's URL (one of the redirect URLs in the console), so that after agreeing the user lands back in your app.",
      'Open the fallback in an in-app browser tab, not in a separate browser app.',
    ],
    links: [L.urlsAndEndpoints, L.authRequestFromYourApp],
    next: 'lwa-two-client-pairs',
  },

  'lwa-two-client-pairs': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'LWA fallback: use the right one of the two client ID and secret pairs',
    summary:
      "Two client ID/secret pairs are involved: Alexa's (for LWA and the enablement API) and yours (for your servers). One security profile can't do both.",
    keywords: ['two client IDs', 'security profile', 'Alexa client ID'],
    source: guide(S.lwaFallback),
    cause:
      'You use one client ID and secret where the other belongs. This flow involves two pairs, and one security profile cannot serve both purposes.',
    fix: [
      "Alexa's pair: shown in the Account Linking section of the developer console once the skill opts in to app-to-app linking starting from your app. You cannot edit it. Use it to get the user's consent and Amazon access token from LWA, then call the skill enablement API with that token.",
      "Your pair: what you enter on the console's account linking page for your own authorization and token servers. Your authorization server uses it to create the user's authorization code that goes in the enablement request.",
      "Even if your own servers are LWA too, your pair must differ from Alexa's pair.",
    ],
    links: [L.urlsAndEndpoints, L.enableAndLink],
    next: 'lwa-redirect-default-browser',
  },

  'lwa-redirect-default-browser': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Redirect opens in the browser: enable Universal Links or App Links',
    summary:
      "The redirect back to your app opens in the user's default browser. Make your redirect URLs real Universal Links (iOS) and App Links (Android).",
    keywords: ['Universal Links', 'apple-app-site-association', 'opens in the browser', 'default browser'],
    source: guide(S.lwaFallback),
    cause:
      "The redirect URL opens in the user's default browser, which should not happen. Three things cause it: Universal Links or App Links are not enabled in your app; the app on the device is an older version without them; or they are not enabled for the redirect URLs you gave Amazon.",
    fix: [
      'Work out which case you are in. Amazon says only the user can act on the first two; the third one is yours to fix.',
      'iOS: add each redirect URL domain to the Associated Domains entitlement (`applinks:{domain}`), and serve `https://{domain}/.well-known/apple-app-site-association` over HTTPS as JSON, without redirects.',
      'Android: declare an intent filter with `android:autoVerify="true"` for each redirect URL, and serve `https://{domain}/.well-known/assetlinks.json` with your package name and signing certificate fingerprint.',
      'Make the redirect URLs in the console exactly the deep-link-enabled URLs.',
    ],
    links: [L.enableDeepLinks, L.verifyAppLinks, L.appleAssociatedDomains],
    probe: 'app-links',
    next: 'contact-amazon',
  },

  'android-use-different-app': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Android "use a different app" chooser: the Alexa app\'s App Links are broken',
    summary:
      'If Android offers "use a different app" and the user picks the browser, linking fails. The Alexa app\'s App Links are invalid: reinstall the Alexa app.',
    source: guide(S.androidDefaultBrowser),
    symptoms: ['use a different app'],
    cause:
      "The Android Alexa app uses App Links, so its links should only open in the Alexa app. A \"use a different app\" chooser means the App Links of that user's Alexa app are invalid: during installation, the Alexa app could not fetch the `assetlinks.json` file for every domain in its Android manifest. This is a known Android App Links edge case.",
    fix: [
      'Ask the user to delete the Alexa app, install it again, and retry linking from your app.',
      'Nothing in your skill or app causes this.',
      'Tell users in your help pages not to pick a browser in that chooser.',
    ],
    links: [L.guide, L.verifyAppLinks],
    probe: 'app-links',
    next: 'contact-amazon',
  },

  'target-non-linked-users': {
    kind: 'resolution',
    part: 'from-your-app',
    title: 'Show "Link to Alexa" only to unlinked users: subscribe to skill events',
    summary:
      'App-to-app linking cannot single out users who are not linked yet. Track the status yourself with the SKILL_ACCOUNT_LINKED and SKILL_DISABLED events.',
    keywords: ['SKILL_ACCOUNT_LINKED', 'Link to Alexa', 'target users'],
    source: guide(S.targetNonLinked),
    cause:
      'App-to-app linking starting from your app has no way to pick out users who are not linked yet. If you added it after the first release of your skill, some users already linked through the usual flow in the Alexa app.',
    fix: [
      'Subscribe the skill to the `SKILL_ACCOUNT_LINKED` and `SKILL_DISABLED` skill events in its manifest (`events.subscriptions`, with an `events.endpoint`). Manage this with the ASK CLI or SMAPI.',
      'Record the latest status for each user: linked on `SKILL_ACCOUNT_LINKED`, not linked on `SKILL_DISABLED`.',
      'Show "Link to Alexa" in your app only to users who are not recorded as linked.',
    ],
    links: [L.skillEvents, L.addEvents],
    next: 'contact-amazon',
  },

  /* ────────────── App-to-app account linking, starting from the Alexa app ────────────── */

  'from-alexa-app-symptoms': {
    kind: 'question',
    part: 'from-alexa-app',
    title: 'App-to-app linking from the Alexa app: pick the symptom',
    summary:
      'The Alexa app starts the linking and opens your app. Pick what goes wrong: the web URL opens on Android, the wrong fallback URI, or odd completion rates.',
    source: guide(S.fromAlexaApp),
    question: 'What goes wrong?',
    options: [
      { label: 'Android opens your web URL instead of your app', next: 'android-app-links-check' },
      {
        label: 'Android without your app opens the Android App Authorization URI',
        hint: 'You expected the Web Authorization URI.',
        next: 'android-app-auth-uri-fallback',
      },
      { label: 'Completion rate looks wrong', hint: 'The account linking metrics do not match.', next: 'completion-rate-source-app' },
    ],
  },

  'android-app-links-check': {
    kind: 'check',
    part: 'from-alexa-app',
    title: 'Android opens your web URL instead of your app: check App Links',
    summary:
      'On Android, your web URL opens instead of your app when App Links are not set up right: check autoVerify, domain validation and assetlinks.json.',
    keywords: ['App Links', 'web URL opens'],
    source: guide(S.androidWebUrl),
    symptoms: ['web URL opens instead of the app'],
    steps: [
      'In the app manifest, the intent filter for your authorization URL has `android:autoVerify="true"`.',
      'Every domain listed in the manifest passes Android App Links validation (for example, `adb shell pm get-app-links {package}` shows each one as verified).',
      'Every domain listed in the manifest serves `https://{domain}/.well-known/assetlinks.json`.',
    ],
    probe: 'app-links',
    outcomes: [
      { label: '`autoVerify` is missing', meaning: 'App Links are not enabled.', next: 'android-autoverify' },
      {
        label: 'A domain fails validation or has no `assetlinks.json`',
        meaning: 'Android does not trust the link for your app.',
        next: 'android-assetlinks',
      },
      { label: 'All three are fine', meaning: 'Ask Amazon.', next: 'contact-amazon' },
    ],
  },

  'android-autoverify': {
    kind: 'resolution',
    part: 'from-alexa-app',
    title: 'Enable App Links with the autoVerify flag',
    summary:
      'Without android:autoVerify="true" in the manifest, Android treats your authorization URL as a plain web link and opens the browser.',
    keywords: ['autoVerify', 'android:autoVerify'],
    source: guide(S.androidWebUrl),
    cause: 'App Links are not enabled in your app: the manifest lacks the `autoVerify` flag, so Android opens the URL in the browser.',
    fix: [
      'Add `android:autoVerify="true"` to the intent filter with `ACTION_VIEW`, the `BROWSABLE` and `DEFAULT` categories, and `https` data for your authorization URL.',
      'Ship the new app version, install it, and check the verification state of each domain.',
    ],
    links: [L.verifyAppLinks, L.alexaAppStep2],
    probe: 'app-links',
    next: 'android-assetlinks',
  },

  'android-assetlinks': {
    kind: 'resolution',
    part: 'from-alexa-app',
    title: 'Host assetlinks.json on every domain in the manifest',
    summary:
      'Every domain in the Android manifest must pass App Links validation and serve assetlinks.json. One failing domain sends users to the browser.',
    keywords: ['assetlinks.json', 'sha256_cert_fingerprints', 'Digital Asset Links'],
    source: guide(S.androidWebUrl),
    cause:
      'Some domain listed in your app manifest fails Android App Links validation, often because it does not host a valid `assetlinks.json`, so links open in the browser.',
    fix: [
      'Serve `https://{domain}/.well-known/assetlinks.json` on every domain in the manifest, over HTTPS, as JSON, without redirects.',
      'Include `delegate_permission/common.handle_all_urls`, your `package_name`, and the `sha256_cert_fingerprints` of the key that signs the installed app (with Play App Signing, that is Google\'s key).',
      'Remove domains from the manifest that cannot host the file.',
      'Reinstall the app to rerun verification, then check again.',
    ],
    links: [L.verifyAppLinks, L.enableDeepLinks],
    probe: 'app-links',
    next: 'contact-amazon',
  },

  'android-app-auth-uri-fallback': {
    kind: 'resolution',
    part: 'from-alexa-app',
    title: 'Android without your app opens the Android App Authorization URI: expected',
    summary:
      'Expected behaviour, no action needed: on Android, Alexa falls back to your Android App Authorization URI; on iOS, to the Web Authorization URI.',
    source: guide(S.androidAppAuthUri),
    symptoms: ['Android App Authorization URI opened instead of the Web Authorization URI'],
    cause:
      'This is how it is meant to work. When your app is not installed on Android, Alexa uses the value of "Your Android App Authorization URI" as the fallback and opens it in the in-app browser. On iOS, Alexa falls back to "Your Web Authorization URI", because iOS does not let the Alexa app open an external link; Android has no such limit.',
    fix: [
      'No action needed.',
      'Because users without your app see your Android App Authorization URI in a browser, make sure it also shows a working login page.',
    ],
    links: [L.alexaAppStep2, L.guide],
    next: 'contact-amazon',
  },

  'completion-rate-source-app': {
    kind: 'resolution',
    part: 'from-alexa-app',
    title: 'Completion rate wrong: add source=app when returning to the Alexa app',
    summary:
      'Completions of app-to-app linking from the Alexa app count when your app redirects back with source=app. Append it to your authorization response.',
    keywords: ['completion rate', 'source=app', 'metrics'],
    source: guide(S.completionRate),
    symptoms: ['account linking completion rate is incorrect'],
    cause:
      'A successful run of this flow counts only when your app redirects the user back to the Alexa app. Your authorization response lacks the `source=app` parameter.',
    fix: [
      'Whenever your app sends the user back to the Alexa app redirect URI, add `source=app` to the authorization response.',
      'Authorization code grant: as a query parameter, for example `https://alexaAppRedirectUri?code=…&state=…&source=app`.',
      'Implicit grant: in the fragment, for example `https://alexaAppRedirectUri#access_token=…&token_type=Bearer&expires_in=3600&state=…&source=app`.',
    ],
    links: [L.alexaAppStep4],
    next: 'contact-amazon',
  },

  /* ───────────────────────── Child-directed skills ───────────────────────── */

  'child-directed-parent-dashboard': {
    kind: 'resolution',
    part: 'child-directed',
    title: 'Child-directed skill missing from the Parent Dashboard after adding account linking',
    summary:
      "By design: child-directed skills can't use account linking, and skills with account linking don't appear in the Parent Dashboard or on child-enabled devices.",
    keywords: ['child-directed', 'kids skill'],
    source: guide(S.childDirected),
    symptoms: ['Parent Dashboard'],
    cause:
      'This is intended. Child-directed skills may not use account linking. A skill that is not child-directed and adds account linking does not show up in the Parent Dashboard, and child-enabled devices cannot use it.',
    fix: [
      'If the skill is meant for children, remove account linking and keep it child-directed.',
      'If you need account linking, the skill cannot be child-directed. It will not appear in the Parent Dashboard or on child-enabled devices.',
    ],
    links: [L.childDirected, L.childDirectedBlog],
    next: 'contact-amazon',
  },

  /* ───────────────────────────── Report ───────────────────────────── */

  'contact-amazon': {
    kind: 'report',
    part: 'general',
    title: 'Contact Amazon: open a case with everything they need',
    summary:
      'Still failing after every check? Try again later, or open a Contact us case with the skill ID, test credentials, customer ID, a recent UTC time and more.',
    keywords: ['contact Amazon', 'support case', 'contact us', 'customer ID', 'mycid'],
    source: guide(S.contact),
    body: [
      'If none of the fixes helped, try again a bit later. If it still fails, open a Contact us case and include every item below, so Amazon can trace your attempt.',
    ],
    checklist: [
      'The skill ID.',
      'Test credentials for account linking: a user name and password that sign in on your account linking login page.',
      'The customer ID of the account that failed to link. Look it up at https://developer.amazon.com/mycid.html (mycid).',
      'The exact date and time of a failed attempt, in UTC or with its time zone. Give the latest one you have, ideally from the last 14 days.',
      'The region or regions you try to link in, such as EU, NA or Asia.',
      'The device type or platform, such as Android or iOS.',
      'The Alexa app version, shown in the Alexa app under Settings > About the Alexa app.',
      "A description of the problem or a link to a screenshot: an empty page, an 'unable to link' page, a button that does nothing.",
      'Your account linking configuration from the Account Linking tab of the developer console: the Authorization URL, the Domain list, and the account linking type (implicit grant or authorization code grant).',
    ],
    links: [L.contactUs, L.myCustomerId],
  },
});
