import { withoutTrailing } from '@/lib/text.mjs';

/** Where the app is served; absolute URLs in the sitemap and link previews start here. */
export const SITE_URL = withoutTrailing(process.env.SITE_URL ?? 'http://localhost:3000', '/');

export const SITE_NAME = 'Link Doctor';

export const GUIDE_URL =
  'https://developer.amazon.com/en-US/docs/alexa/account-linking/troubleshooting-account-linking.html';
