// Every probe form in a browser without JavaScript: the form posts to the probe's server action and the page that
// answers shows the result under the fields as they were sent, except secrets, which are left empty with a note.
// The guide's embedded checks say what they need and link to the probe's own page.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startTokenServer, TEST_CLIENT, type TokenServer } from './fixtures/token-servers';

test.use({ javaScriptEnabled: false });

const WITHHELD = 'Left empty on purpose: Link Doctor never sends a secret back into the page.';
const TOKEN = 'eyJhbGciOi.canary-access-token-Zq81';

/** Each form has one submit button; its label is the probe's own (and may change), so it is found by its type. */
async function submit(page: Page, form: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), form.locator('button[type="submit"]').click()]);
}

/** The field of a label in the form, and the note beside it when the page left it empty on purpose. */
function withheldNote(form: Locator, label: string): Locator {
  return form.locator('.field', { has: form.page().getByLabel(label, { exact: true }) }).getByText(WITHHELD);
}

let server: TokenServer | undefined;
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('token probe: HTTP Basic is chosen to start with; after a run the result shows under the fields as sent, secrets left empty', async ({ page }) => {
  server = await startTokenServer({});
  await page.goto('/probe/token');
  let form = page.getByRole('form', { name: 'Token probe' });
  await expect(form.getByLabel('HTTP Basic (recommended)')).toBeChecked();
  await expect(form.getByText('HTTP Basic, which the console recommends, is chosen to start with.')).toBeVisible();
  await expect(form.getByLabel('A fresh authorization code')).toBeChecked();
  await form.getByLabel('Access token URI').fill(server.tokenUri);
  await form.getByLabel('Client ID').fill(TEST_CLIENT.clientId);
  await form.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret);
  await form.getByLabel('Authorization code', { exact: true }).fill(TEST_CLIENT.code);
  await form.getByLabel('Alexa redirect URL the code was issued for').fill(TEST_CLIENT.redirectUri);
  await form.getByLabel('Default Access Token Expiration Time, in seconds (optional)').fill('3600');
  await submit(page, form);

  await expect(page.getByRole('heading', { name: /^Alexa would accept this token response/ })).toBeVisible({ timeout: 15_000 });
  expect(server.tokenRequests[0]!.basic).toEqual({ id: TEST_CLIENT.clientId, secret: TEST_CLIENT.clientSecret });
  form = page.getByRole('form', { name: 'Token probe' });
  await expect(form.getByLabel('Access token URI')).toHaveValue(server.tokenUri);
  await expect(form.getByLabel('Client ID')).toHaveValue(TEST_CLIENT.clientId);
  await expect(form.getByLabel('HTTP Basic (recommended)')).toBeChecked();
  await expect(form.getByLabel('A fresh authorization code')).toBeChecked();
  await expect(form.getByLabel('Alexa redirect URL the code was issued for')).toHaveValue(TEST_CLIENT.redirectUri);
  await expect(form.getByLabel('Default Access Token Expiration Time, in seconds (optional)')).toHaveValue('3600');
  await expect(form.getByLabel('Client secret')).toHaveValue('');
  await expect(form.getByLabel('Authorization code', { exact: true })).toHaveValue('');
  await expect(withheldNote(form, 'Client secret')).toBeVisible();
  await expect(withheldNote(form, 'Authorization code')).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(TEST_CLIENT.clientSecret);
  expect(html).not.toContain(TEST_CLIENT.code);
});

test('token probe: choosing a refresh token shows its field without JavaScript, and the choice survives the answer', async ({ page }) => {
  await page.goto('/probe/token');
  let form = page.getByRole('form', { name: 'Token probe' });
  await expect(form.getByLabel('Refresh token', { exact: true })).toBeHidden();
  await form.getByLabel('Credentials in request body').check();
  await form.getByLabel('A refresh token').check();
  await expect(form.getByLabel('Refresh token', { exact: true })).toBeVisible();
  await expect(form.getByLabel('Authorization code', { exact: true })).toBeHidden();
  await form.getByLabel('Access token URI').fill('https://auth.example.com/oauth/token');
  await form.getByLabel(/Also refresh a second time/).check();
  // No client ID: the server refuses the input, and says which field needs attention.
  await submit(page, form);

  await expect(page.getByRole('main').getByRole('alert')).toContainText('Enter the client ID');
  form = page.getByRole('form', { name: 'Token probe' });
  await expect(form.getByLabel('Access token URI')).toHaveValue('https://auth.example.com/oauth/token');
  await expect(form.getByLabel('Credentials in request body')).toBeChecked();
  await expect(form.getByLabel('A refresh token')).toBeChecked();
  await expect(form.getByLabel('Refresh token', { exact: true })).toBeVisible();
  await expect(form.getByLabel(/Also refresh a second time/)).toBeChecked();
  await expect(form.getByLabel('Authorization code', { exact: true })).toBeHidden();
  // Nothing was typed into the secret fields: nothing to say about them.
  await expect(form.getByText(WITHHELD)).toHaveCount(0);
});

test('login page probe: the fields, the mode, the grant type and PKCE come back as sent', async ({ page }) => {
  await page.goto('/probe/login-page');
  let form = page.getByRole('form', { name: 'Login page and Domain List probe' });
  await expect(form.getByLabel('Read the page source (fast)')).toBeChecked();
  await form.getByLabel('Authorization URI').fill('not an address');
  await form.getByLabel('Domain List').fill('cdn.example.com\nfonts.gstatic.com');
  await form.getByLabel(/Load it in a headless phone browser/).check();
  await form.getByText('Build the request Alexa sends').click();
  await form.getByLabel('Client ID').fill('alexa-client');
  await form.getByLabel('Scopes').fill('profile email');
  await form.getByLabel(/Implicit Grant/).check();
  await form.getByLabel(/PKCE is on/).check();
  await submit(page, form);

  await expect(page.getByRole('main').getByRole('alert')).toContainText('Some fields need attention.');
  form = page.getByRole('form', { name: 'Login page and Domain List probe' });
  await expect(form.getByLabel('Authorization URI')).toHaveValue('not an address');
  await expect(form.getByLabel('Domain List')).toHaveValue('cdn.example.com\nfonts.gstatic.com');
  await expect(form.getByLabel(/Load it in a headless phone browser/)).toBeChecked();
  await expect(form.getByLabel('Client ID')).toBeVisible();
  await expect(form.getByLabel('Client ID')).toHaveValue('alexa-client');
  await expect(form.getByLabel('Scopes')).toHaveValue('profile email');
  await expect(form.getByLabel(/Implicit Grant/)).toBeChecked();
  await expect(form.getByLabel(/PKCE is on/)).toBeChecked();
});

test('app links check: the fields and the platforms come back as sent', async ({ page }) => {
  await page.goto('/probe/app-links');
  let form = page.getByRole('form', { name: 'App Links and Universal Links check' });
  await expect(form.getByLabel(/Work it out from what I entered/)).toBeChecked();
  await form.getByLabel('Redirect URL or domain').fill('https://example.com/alexa/link');
  await form.getByLabel('Android package name (optional)').fill('com.example.app');
  await form.getByLabel('SHA-256 certificate fingerprint (optional)').fill('AB:CD');
  await form.getByLabel('Android only').check();
  await submit(page, form);

  await expect(page.getByRole('main').getByRole('alert')).toContainText('A SHA-256 fingerprint is 32 hexadecimal pairs');
  form = page.getByRole('form', { name: 'App Links and Universal Links check' });
  await expect(form.getByLabel('Redirect URL or domain')).toHaveValue('https://example.com/alexa/link');
  await expect(form.getByLabel('Android package name (optional)')).toHaveValue('com.example.app');
  await expect(form.getByLabel('SHA-256 certificate fingerprint (optional)')).toHaveValue('AB:CD');
  await expect(form.getByLabel('Android only')).toBeChecked();
});

test('implicit grant redirect: a redirect that carries a token is not shown again, the state is', async ({ page }) => {
  await page.goto('/probe/implicit-redirect');
  let form = page.getByRole('form', { name: 'Implicit grant redirect check' });
  await form.getByLabel('Redirect URL your server sends the user to').fill(`https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA#state=abc&access_token=${TOKEN}&token_type=Bearer`);
  await form.getByLabel('State Alexa sent (optional)').fill('abc');
  await submit(page, form);

  await expect(page.locator('[data-finding="implicit.access-token"]')).toBeAttached();
  form = page.getByRole('form', { name: 'Implicit grant redirect check' });
  await expect(form.getByLabel('State Alexa sent (optional)')).toHaveValue('abc');
  await expect(form.getByLabel('Redirect URL your server sends the user to')).toHaveValue('');
  await expect(withheldNote(form, 'Redirect URL your server sends the user to')).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);
});

test('where linking ended: an address without a code comes back as sent, one with a code does not', async ({ page }) => {
  const linkResult = 'https://skills-store.amazon.com/external/link-result?success=false&errorKey=unknown';
  await page.goto('/probe/final-url');
  let form = page.getByRole('form', { name: 'Where linking ended' });
  await form.getByLabel('Address of the page where linking ended').fill(linkResult);
  await submit(page, form);
  await expect(page.locator('[data-finding="final.page"]')).toBeAttached();
  form = page.getByRole('form', { name: 'Where linking ended' });
  await expect(form.getByLabel('Address of the page where linking ended')).toHaveValue(linkResult);
  await expect(form.getByText(WITHHELD)).toHaveCount(0);

  await form.getByLabel('Address of the page where linking ended').fill(`https://layla.amazon.com/api/skill/link/M3BVP74N95SP1F?state=s&code=${TOKEN}`);
  await submit(page, form);
  await expect(page.locator('[data-finding="final.page"]')).toBeAttached();
  form = page.getByRole('form', { name: 'Where linking ended' });
  await expect(form.getByLabel('Address of the page where linking ended')).toHaveValue('');
  await expect(withheldNote(form, 'Address of the page where linking ended')).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);
});

test('Skill Enablement API request: the request (with its token) is not shown again, Amazon’s answer is', async ({ page }) => {
  await page.goto('/probe/enablement-request');
  let form = page.getByRole('form', { name: 'Skill Enablement API request check' });
  await form
    .getByLabel('The request your app or server sends')
    .fill(`curl -X POST 'https://api.amazonalexa.com/v1/users/~current/skills/amzn1.ask.skill.12345678-1234-1234-1234-123456789012/enablement' -H 'Authorization: Bearer Atza|${TOKEN}' -H 'Content-Type: application/json' -d '{"stage":"development","accountLinkRequest":{"redirectUri":"https://example.com/cb","authCode":"abc","type":"AUTH_CODE"}}'`);
  await form.getByLabel('HTTP status Amazon answered (optional)').fill('403');
  await form.getByLabel('Error message Amazon answered (optional)').fill('Invalid account linking credentials');
  await submit(page, form);

  await expect(page.getByRole('main').locator('.probe-result')).toBeVisible();
  form = page.getByRole('form', { name: 'Skill Enablement API request check' });
  await expect(form.getByLabel('HTTP status Amazon answered (optional)')).toHaveValue('403');
  await expect(form.getByLabel('Error message Amazon answered (optional)')).toHaveValue('Invalid account linking credentials');
  await expect(form.getByLabel('The request your app or server sends')).toHaveValue('');
  await expect(withheldNote(form, 'The request your app or server sends')).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);
});

test('AcceptGrant response: the pasted response comes back as sent', async ({ page }) => {
  const response = '{"event":{"header":{"namespace":"Alexa.Authorization","name":"AcceptGrant.Response","payloadVersion":"3","messageId":"m-1"},"payload":{}}}';
  await page.goto('/probe/accept-grant');
  let form = page.getByRole('form', { name: 'AcceptGrant response check' });
  await form.getByLabel('Your skill’s response to AcceptGrant').fill(response);
  await submit(page, form);

  await expect(page.getByRole('main').locator('.probe-result')).toBeVisible();
  form = page.getByRole('form', { name: 'AcceptGrant response check' });
  await expect(form.getByLabel('Your skill’s response to AcceptGrant')).toHaveValue(response);
});

test('OAuth provider rules: the URIs come back as sent, the pasted token response does not', async ({ page }) => {
  await page.goto('/probe/provider-quirks');
  let form = page.getByRole('form', { name: 'OAuth provider rules check' });
  await form.getByLabel('Authorization URI').fill('https://accounts.google.com/o/oauth2/v2/auth');
  await form.getByLabel('Access token URI').fill('https://oauth2.googleapis.com/token');
  await form.getByLabel('Scopes (optional)').fill('email');
  await form.getByText('A token response from the provider (optional)').click();
  await form.getByLabel('Content type of the response').fill('application/json');
  await form.getByLabel('Body of the response').fill(`{"access_token":"${TOKEN}","expires_in":3599,"token_type":"Bearer"}`);
  await submit(page, form);

  await expect(page.getByRole('main').locator('.probe-result')).toBeVisible();
  form = page.getByRole('form', { name: 'OAuth provider rules check' });
  await expect(form.getByLabel('Authorization URI')).toHaveValue('https://accounts.google.com/o/oauth2/v2/auth');
  await expect(form.getByLabel('Access token URI')).toHaveValue('https://oauth2.googleapis.com/token');
  await expect(form.getByLabel('Scopes (optional)')).toHaveValue('email');
  await expect(form.getByLabel('Content type of the response')).toHaveValue('application/json');
  await expect(form.getByLabel('Body of the response')).toHaveValue('');
  await expect(withheldNote(form, 'Body of the response')).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);
});

test('a guide step’s embedded check says it needs JavaScript and links to the probe’s own page, which runs it', async ({ page }) => {
  await page.goto('/guide/token-exchange');
  const embed = page.locator('.probe-embed');
  await embed.getByText('Run the check here', { exact: true }).click();
  await expect(embed.getByText('This check runs here with JavaScript. Without JavaScript, run it on its own page')).toBeVisible();
  await expect(embed.getByText('Loading the check')).toHaveCount(0);
  await embed.getByRole('link', { name: 'run it on its own page' }).click();
  await expect(page).toHaveURL(/\/probe\/token$/);
  await expect(page.getByRole('form', { name: 'Token probe' })).toBeVisible();
});
