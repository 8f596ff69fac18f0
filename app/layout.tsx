import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { type ReactNode } from 'react';
import { DiagnosisStoreProvider } from '@/components/diagnosis-store-provider';
import { GUIDE_URL, SITE_NAME, SITE_URL } from '@/lib/site';
import './globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: `${SITE_NAME}: why Alexa account linking fails`, template: `%s · ${SITE_NAME}` },
  description:
    'Find out why an Alexa skill’s account linking fails and how to fix it: a step-by-step guide to every symptom, with live checks of your OAuth server.',
  openGraph: { siteName: SITE_NAME, type: 'website', locale: 'en_US' },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Link Doctor
          </Link>
          <nav aria-label="Main">
            <ul>
              <li>
                <Link href="/guide/start">Guide</Link>
              </li>
              <li>
                <Link href="/probe">Checks</Link>
              </li>
              <li>
                <Link href="/report">Support report</Link>
              </li>
            </ul>
          </nav>
        </header>
        <DiagnosisStoreProvider>
          <main id="main">{children}</main>
        </DiagnosisStoreProvider>
        <footer className="site-footer">
          <p>
            Link Doctor is an independent open-source tool, not an Amazon product. Its steps follow Amazon’s{' '}
            <a href={GUIDE_URL}>
              Troubleshooting Account Linking
            </a>{' '}
            guide.
          </p>
        </footer>
      </body>
    </html>
  );
}
