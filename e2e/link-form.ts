// The Link as Alexa form, filled for one of the link test servers (e2e/fixtures/link-servers). Shared by the specs that
// drive /link.
import { type Locator, type Page } from '@playwright/test';
import { TEST_VENDOR_ID, type LinkTestServer } from './fixtures/link-servers';

/** Fills /link's form for `server`: North America alone unless `regions` names others; `password` to try a wrong one. */
export async function fillLinkForm(page: Page, server: LinkTestServer, overrides: { password?: string; regions?: string[] } = {}): Promise<Locator> {
  const form = page.getByRole('form', { name: 'Link as Alexa' });
  await form.getByLabel('Authorization URI').fill(server.authorizationUri);
  await form.getByLabel('Access token URI').fill(server.tokenUri);
  await form.getByLabel('Client ID').fill(server.clientId);
  await form.getByLabel('Client secret').fill(server.clientSecret);
  await form.getByLabel(server.scheme === 'HTTP_BASIC' ? 'HTTP Basic' : 'Credentials in request body').check();
  await form.getByLabel('Scopes').fill(server.scopes.join(' '));
  await form.getByLabel('Domain List').fill(server.domains.join('\n'));
  await form.getByLabel('Vendor ID').fill(TEST_VENDOR_ID);
  for (const region of ['North America', 'Europe']) {
    const box = form.getByLabel(region);
    if ((overrides.regions ?? ['North America']).includes(region)) await box.check();
    else await box.uncheck();
  }
  await form.getByLabel('User name').fill(server.username);
  await form.getByLabel('Password', { exact: true }).fill(overrides.password ?? server.password);
  return form;
}

/** The server's settings as `ask smapi get-account-linking-info` prints them (the account linking object alone). */
export function smapiConfigOf(server: LinkTestServer): Record<string, unknown> {
  return {
    type: 'AUTH_CODE',
    authorizationUrl: server.authorizationUri,
    accessTokenUrl: server.tokenUri,
    clientId: server.clientId,
    accessTokenScheme: server.scheme,
    scopes: server.scopes,
    domains: server.domains,
  };
}
