import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/app-links says about the check, above its form. */
export const appLinksAbout: ProbeAbout = {
  title: 'Check your App Links and Universal Links',
  description:
    'Fetch assetlinks.json and apple-app-site-association from your redirect URL’s domain as Android and iOS do, and see whether they would open your app: no redirects, JSON, handle_all_urls, package name, fingerprint and paths.',
  formHeading: 'Your redirect URL and app',
  lead: (
    <>
      For a redirect URL to open your app instead of the browser, Android fetches{' '}
      <code>/.well-known/assetlinks.json</code> from its domain and iOS{' '}
      <code>/.well-known/apple-app-site-association</code>. Each must answer 200 over https at once, with no redirect,
      as <code>application/json</code>. assetlinks.json
      needs a statement with the <code>delegate_permission/common.handle_all_urls</code> relation, your package name
      and the SHA-256 fingerprint of the key that signs the app users install; the intent filter also needs{' '}
      <code>android:autoVerify=&quot;true&quot;</code>, which only your app can show. Link Doctor fetches the file of
      each platform your app runs on the way the phones do and checks it; a platform your app does not use needs no
      file.
    </>
  ),
};
